"""SMS end to end: signed Twilio webhooks into the running assistant, replies read from a local
fake of Twilio's REST API that the real `twilio` library sends to.

Expected numbers and texts are read from the knowledge data (bot.knowledge.default()).
"""

import itertools
import re
from typing import Dict, List, Optional

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot.channel_format import GSM7, SMS_LIMIT
from bot.knowledge import default
from bot.messages import say
from tests.channels.conftest import TWILIO_PUBLIC_URL

KB = default()
_numbers = itertools.count(1)
_sids = itertools.count(1)


def words(text: str) -> str:
    return " ".join(text.split())


class Phone:
    """A person texting the assistant from one phone number."""

    def __init__(self, stack) -> None:
        self.stack = stack
        self.number = f"+1415555{next(_numbers):04d}"
        self.replies: List[List[str]] = []

    def post(
        self,
        body: Optional[str],
        token: Optional[str] = None,
        url: str = TWILIO_PUBLIC_URL,
        signed: bool = True,
        extra: Optional[Dict[str, str]] = None,
    ) -> requests.Response:
        form: Dict[str, str] = {
            "From": self.number,
            "To": self.stack.env["TWILIO_NUMBER"],
            "MessageSid": f"SM{next(_sids):032d}",
            "AccountSid": self.stack.env["TWILIO_ACCOUNT_SID"],
            **(extra or {}),
        }
        if body is not None:
            form["Body"] = body
        headers = {}
        if signed:
            validator = RequestValidator(token or self.stack.env["TWILIO_AUTH_TOKEN"])
            headers["X-Twilio-Signature"] = validator.compute_signature(url, form)
        return requests.post(self.stack.url("/webhooks/twilio/webhook"), data=form, headers=headers, timeout=60)

    def text(self, body: str) -> List[str]:
        """Send one SMS; return the SMS bodies the assistant sent back."""
        before = len(self.stack.twilio.sent_to(self.number))
        response = self.post(body)
        assert response.status_code == 200, response.text
        sent = self.stack.twilio.sent_to(self.number)[before:]
        assert all(s["from"] == self.stack.env["TWILIO_NUMBER"] for s in sent)
        self.replies.append([s["body"] for s in sent])
        return self.replies[-1]

    def option(self, label_part: str) -> str:
        """The number the last reply offers for the option whose label contains `label_part`."""
        options = dict((label, n) for n, label in re.findall(r"^(\d+) (.+)$", self.replies[-1][-1], re.MULTILINE))
        for label, number in options.items():
            if label_part.lower() in label.lower():
                return number
        raise AssertionError(f"no option like {label_part!r} in {self.replies[-1]}")


@pytest.fixture
def phone(stack):
    return Phone(stack)


def test_requests_without_a_valid_signature_get_403_and_nothing_is_processed(stack, phone):
    referrals = stack.referrals_logged()
    message = "Kaiser denied my MRI as not medically necessary"
    assert phone.post(message, signed=False).status_code == 403
    assert phone.post(message, token="not-the-auth-token").status_code == 403
    # Twilio signs the public URL: a signature for the URL the server sees locally is not valid.
    assert phone.post(message, url=phone.stack.url("/webhooks/twilio/webhook")).status_code == 403
    assert stack.twilio.sent_to(phone.number) == []
    assert stack.referrals_logged() == referrals


def test_a_signed_toll_free_sms_with_empty_fields_gets_an_answer(stack, phone):
    """Twilio signs the fields it sends empty (toll-free numbers: ToCity=, ToState=, ToZip=...)."""
    empty = {name: "" for name in ("ToCity", "ToState", "ToZip", "ToCountry", "FromCity", "FromZip")}
    response = phone.post("Kaiser denied my MRI as not medically necessary", extra=empty)
    assert response.status_code == 200, response.text
    assert KB.agencies["DMHC"].phone in " ".join(s["body"] for s in stack.twilio.sent_to(phone.number))


def test_a_request_replayed_with_its_signature_is_not_handled_again(stack, phone):
    form = {
        "From": phone.number,
        "To": stack.env["TWILIO_NUMBER"],
        "MessageSid": f"SM-replayed-{phone.number}",
        "AccountSid": stack.env["TWILIO_ACCOUNT_SID"],
        "Body": "Kaiser denied my MRI as not medically necessary",
    }
    headers = {
        "X-Twilio-Signature": RequestValidator(stack.env["TWILIO_AUTH_TOKEN"]).compute_signature(
            TWILIO_PUBLIC_URL, form
        )
    }
    url = stack.url("/webhooks/twilio/webhook")
    assert requests.post(url, data=form, headers=headers, timeout=60).status_code == 200
    answered = len(stack.twilio.sent_to(phone.number))
    assert answered > 0
    assert requests.post(url, data=form, headers=headers, timeout=60).status_code == 200
    assert len(stack.twilio.sent_to(phone.number)) == answered, "the replay sent nothing"


def test_a_signed_request_without_a_body_is_refused_not_crashed(phone):
    assert phone.post(None).status_code == 400


def test_whole_conversation_by_numbers_to_a_referral(phone):
    greeting = phone.text("hi")
    assert "1 " in greeting[-1] and "not medically necessary" in greeting[-1]
    question = phone.text(phone.option("not medically necessary"))
    assert len(question) == 1, "one SMS for one question and its options"
    assert "coverage" in question[0]
    referral = phone.text(phone.option("An HMO"))
    dmhc = KB.agencies["DMHC"]
    text = words(" ".join(referral))
    # The short referral and the keywords for the rest: at most two SMS (issue 12).
    assert len(referral) <= 2
    assert dmhc.phone in text and f"TTY {dmhc.tty}" in text
    assert words(KB.first_steps[("DMHC", "imr")]["default"]) in text
    assert KB.faq["imr"]["cost"] in text and "STEPS" in text
    steps = words(" ".join(phone.text("STEPS")))
    for step in KB.step_plans[("DMHC", "imr")].default.steps:
        assert words(step).split(" (")[0] in steps
    summary = words(" ".join(phone.text("summary")))
    assert f"{say('en', 'summary_call')}: {dmhc.short_name}, {dmhc.phone}" in summary, "the case summary, as text"
    for body in (b for turn in phone.replies for b in turn):
        assert len(body) <= SMS_LIMIT, "at most two segments"
        assert "http" not in body and "**" not in body and set(body) <= GSM7


def test_typed_words_work_as_well_as_numbers(phone):
    referral = phone.text("Kaiser denied my MRI as not medically necessary")
    assert KB.agencies["DMHC"].phone in " ".join(referral)


def test_help_answers_with_the_help_center_and_keeps_the_question_open(phone):
    phone.text("hi")
    offered = phone.option("Experimental")
    (help_text,) = phone.text("HELP")
    assert KB.agencies["DMHC"].phone in help_text and len(help_text) <= SMS_LIMIT
    question = phone.text(offered)
    assert "coverage" in question[-1], "the number still picks the option offered before HELP"


def test_ayuda_answers_in_spanish_with_the_keywords(phone):
    (help_text,) = phone.text("AYUDA")
    assert default("es").agencies["DMHC"].phone in help_text and "PASOS" in help_text and len(help_text) <= SMS_LIMIT


def test_start_starts_over(phone):
    assert KB.agencies["DMHC"].phone in " ".join(phone.text("Kaiser denied my MRI as not medically necessary"))
    again = phone.text("START")
    assert "not medically necessary" in again[-1], "the first question again"
    question = phone.text(phone.option("Something else"))
    assert "coverage" in question[-1], "the coverage (an HMO) was forgotten, so it is asked"


def test_stop_is_left_to_twilio(stack, phone):
    assert phone.post("STOP").status_code == 200
    assert stack.twilio.sent_to(phone.number) == []


def test_with_the_action_server_down_a_text_still_gets_the_help_center(stack, phone):
    servers = stack.servers
    servers.actions.terminate()
    servers.actions.wait(timeout=20)
    try:
        (reply,) = phone.text("Kaiser denied my MRI as not medically necessary")
        assert KB.agencies["DMHC"].phone in reply and KB.faq["emergency"] in reply
    finally:
        servers.processes.remove(servers.actions)
        servers.start_actions()
