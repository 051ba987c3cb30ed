"""Messenger end to end: signed webhook events into the running assistant, replies read from a local
fake of the Graph API that the connector's Messenger client sends to.

Expected numbers and addresses are read from the knowledge data (bot.knowledge.default()).
"""

import hashlib
import hmac
import itertools
import json
import sqlite3
import time
from typing import Any, Dict, List, Optional

import pytest
import requests

from bot.channel_format import MESSENGER_TITLE
from bot.knowledge import default

KB = default()
_ids = itertools.count(1)


def e164(phone: str) -> str:
    return "+" + phone.replace("-", "")


class MessengerUser:
    """A person writing to the page from Messenger (one page-scoped id)."""

    def __init__(self, stack) -> None:
        self.stack = stack
        self.psid = f"{next(_ids):016d}"
        self.turns: List[List[Dict[str, Any]]] = []

    def post(
        self,
        message: Dict[str, Any],
        secret: Optional[str] = None,
        header: str = "X-Hub-Signature-256",
        event: Optional[Dict[str, Any]] = None,
    ) -> requests.Response:
        """Post one signed delivery: a message (a new mid each time), or a whole messaging `event`."""
        event = event or {
            "sender": {"id": self.psid},
            "recipient": {"id": "page-1"},
            "timestamp": 1,
            "message": {"mid": f"m-{next(_ids)}", **message},
        }
        body = json.dumps({"object": "page", "entry": [{"id": "page-1", "time": 1, "messaging": [event]}]}).encode()
        method = "sha256" if header.endswith("256") else "sha1"
        digest = hmac.new(
            (secret or self.stack.env["FB_APP_SECRET"]).encode(), body, getattr(hashlib, method)
        ).hexdigest()
        return requests.post(
            self.stack.url("/webhooks/facebook/webhook"),
            data=body,
            timeout=60,
            headers={"Content-Type": "application/json", header: f"{method}={digest}"},
        )

    def send(self, message: Dict[str, Any], **kwargs: Any) -> List[Dict[str, Any]]:
        """Post one event; return the messages (not sender actions) the page sent back. The webhook
        is acknowledged before the turn is answered, so this waits for the turn's "typing off"."""
        before = len(self.stack.graph.sent_to(self.psid))
        response = self.post(message, **kwargs)
        assert response.status_code == 200, response.text
        sent = self.wait_for_turn(before)
        self.turns.append([s["message"] for s in sent if s["message"]])
        assert any(s["sender_action"] == "typing_on" for s in sent)
        return self.turns[-1]

    def wait_for_turn(self, before: int, seconds: float = 60) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            sent = self.stack.graph.sent_to(self.psid)[before:]
            if any(s["sender_action"] == "typing_off" for s in sent):
                return sent
            time.sleep(0.1)
        raise AssertionError("the turn was not answered")

    def say(self, text: str) -> List[Dict[str, Any]]:
        return self.send({"text": text})

    def options(self) -> List[str]:
        """The labels of the options the last question offered, in order (from the numbered list
        in its text when the quick-reply titles are shortened, else from the titles)."""
        question = self.turns[-1][-1]
        numbered = dict(line.split(" ", 1) for line in question["text"].splitlines() if line[:1].isdigit())
        return [numbered.get(str(n), r["title"]) for n, r in enumerate(question["quick_replies"], 1)]

    def number_of(self, label_part: str) -> int:
        for n, label in enumerate(self.options(), 1):
            if label_part.lower() in label.lower():
                return n
        raise AssertionError(f"no option like {label_part!r} in {self.options()}")

    def tap(self, label_part: str) -> List[Dict[str, Any]]:
        """Tap the quick reply of the option whose label contains `label_part`."""
        reply = self.turns[-1][-1]["quick_replies"][self.number_of(label_part) - 1]
        return self.send({"text": reply["title"], "quick_reply": {"payload": reply["payload"]}})


@pytest.fixture
def user(stack):
    return MessengerUser(stack)


def test_verify_token(stack):
    url = stack.url("/webhooks/facebook/webhook")
    ok = requests.get(
        url,
        params={"hub.mode": "subscribe", "hub.verify_token": stack.env["FB_VERIFY_TOKEN"], "hub.challenge": "42"},
        timeout=30,
    )
    assert (ok.status_code, ok.text) == (200, "42")
    wrong = requests.get(
        url, params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "42"}, timeout=30
    )
    assert wrong.status_code == 403 and "42" not in wrong.text


def test_events_without_a_valid_signature_get_403_and_nothing_is_processed(stack, user):
    referrals = stack.referrals_logged()
    message = {"text": "Kaiser denied my MRI as not medically necessary"}
    assert user.post(message, secret="not-the-app-secret").status_code == 403
    assert user.post(message, header="X-Unrelated").status_code == 403
    unsigned = requests.post(stack.url("/webhooks/facebook/webhook"), json={"object": "page", "entry": []}, timeout=30)
    assert unsigned.status_code == 403
    assert stack.graph.sent_to(user.psid) == []
    assert stack.referrals_logged() == referrals


def test_the_older_sha1_signature_is_still_accepted(user):
    assert user.send({"text": "hi"}, header="X-Hub-Signature")


def test_quick_replies_to_a_referral_with_a_call_button(user):
    question = user.say("hi")[-1]
    replies = question["quick_replies"]
    assert 1 < len(replies) <= 13 and all(len(r["title"]) <= MESSENGER_TITLE for r in replies)
    assert all(r["payload"].startswith("/") for r in replies)
    user.tap("not medically necessary")
    referral = user.tap("An HMO")
    dmhc = KB.agencies["DMHC"]
    # One card with the call button, and one text with the offer of the rest (issue 12).
    (template,) = [m["attachment"]["payload"] for m in referral if "attachment" in m]
    assert [m for m in referral if "attachment" not in m] == [referral[-1]] and referral[-1]["quick_replies"]
    assert template["template_type"] == "button" and len(template["text"]) <= 640 and dmhc.phone in template["text"]
    call, tty, web = template["buttons"]
    assert (call["type"], call["payload"]) == ("phone_number", e164(dmhc.phone))
    assert (tty["type"], tty["payload"]) == ("phone_number", e164(dmhc.tty))
    assert (web["type"], web["url"]) == ("web_url", dmhc.form)
    assert all(len(b["title"]) <= MESSENGER_TITLE for b in template["buttons"])


def test_a_typed_number_picks_the_offered_option(user):
    user.say("my surgery was denied, not medically necessary")
    assert user.turns[-1][-1]["quick_replies"], "the coverage question"
    referral = user.say(str(user.number_of("An HMO")))
    (template,) = [m["attachment"]["payload"] for m in referral if "attachment" in m]
    assert template["buttons"][0]["payload"] == e164(KB.agencies["DMHC"].phone)


def test_a_delivery_seen_before_is_not_handled_again(stack, user):
    event = {
        "sender": {"id": user.psid},
        "recipient": {"id": "page-1"},
        "timestamp": 1,
        "message": {"mid": f"m-replayed-{user.psid}", "text": "Kaiser denied my MRI as not medically necessary"},
    }
    assert user.post({}, event=event).status_code == 200
    user.wait_for_turn(0)
    before = len(stack.graph.sent_to(user.psid))
    assert user.post({}, event=event).status_code == 200, "a replayed (or retried) delivery is acknowledged"
    time.sleep(3)
    assert len(stack.graph.sent_to(user.psid)) == before, "and not answered twice"


def test_events_that_are_not_a_persons_words_are_dropped_unlogged(stack, user):
    secret = "Kaiser denied my MRI, member id XJK4471298"
    events = [
        {
            "sender": {"id": "page-1"},
            "recipient": {"id": user.psid},
            "message": {"mid": "echo-1", "is_echo": True, "text": secret},
        },
        {
            "sender": {"id": user.psid},
            "recipient": {"id": "page-1"},
            "message": {
                "mid": "loc-1",
                "attachments": [
                    {"type": "location", "payload": {"coordinates": {"lat": 37.80191, "long": -122.41367}}}
                ],
            },
        },
        {
            "sender": {"id": user.psid},
            "recipient": {"id": "page-1"},
            "message": {
                "mid": "link-1",
                "attachments": [
                    {"type": "fallback", "payload": {"url": "https://example.org/XJK4471298"}, "title": secret}
                ],
            },
        },
        {"sender": {"id": user.psid}, "recipient": {"id": "page-1"}, "read": {"watermark": 1}},
    ]
    for event in events:
        assert user.post({}, event=event).status_code == 200
    time.sleep(2)
    assert [s for s in stack.graph.sent_to(user.psid) if s["message"]] == []
    log = stack.servers.log("rasa.log")
    assert "XJK4471298" not in log and "37.80191" not in log and "Kaiser denied my MRI" not in log


def test_conversations_are_stored_under_a_keyed_hash(stack, user):
    user.say("hi")
    with sqlite3.connect(stack.servers.tracker_db) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    assert user.psid not in senders and any(s.startswith("fb-") for s in senders)


def test_when_the_graph_api_is_down_the_webhook_still_acknowledges_and_no_token_is_logged(stack, user):
    stack.graph.unreachable = True
    try:
        response = user.post({"text": "Kaiser denied my MRI as not medically necessary"})
        assert response.status_code == 200, "Meta would retry (duplicate turns) and disable a failing webhook"
        time.sleep(6)  # the retries, with their pauses
    finally:
        stack.graph.unreachable = False
    log = stack.servers.log("rasa.log")
    assert "Graph API call failed" in log
    assert stack.env["FB_PAGE_ACCESS_TOKEN"] not in log and "access_token=" not in log
    assert user.send({"text": "hi"}), "the channel answers again once the Graph API is back"
