"""A photo of the plan's letter by MMS (Twilio's MediaUrl0 fetched with the account's credentials
from a local fake media host) and as a Messenger image attachment (fake Graph and media host):
the right referral, with deadlines dated from the letter's date, in the channel's shape."""

from datetime import date

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot.action_plan import build
from bot.channel_format import SMS_LIMIT
from bot.dates import format_date
from bot.knowledge import default
from bot.letter.reply import say as letter_say
from bot.routing import Case, route
from tests.channels.conftest import TWILIO_PUBLIC_URL
from tests.channels.media_fake import FakeMedia
from tests.letters import corpus

LETTERS = {letter.key: letter for letter in corpus.LETTERS}


@pytest.fixture(scope="module")
def media():
    host = FakeMedia()
    yield host
    host.stop()


def words(text: str) -> str:
    return " ".join(text.split())


def expected(letter):
    kb = default(letter.language)
    referral = route(Case(coverage=letter.expected["coverage"], problem=letter.expected["problem"]), kb)
    plan = build(referral, date.fromisoformat(letter.expected["letter_date"]), today=date.today(), kb=kb)
    return referral, [format_date(d.due, kb.language) for d in plan.deadlines if d.due]


def test_an_mms_photo_of_the_letter_is_fetched_with_the_account_credentials(stack, media):
    letter = LETTERS["blue_shield_er_en"]
    sid, token = stack.env["TWILIO_ACCOUNT_SID"], stack.env["TWILIO_AUTH_TOKEN"]
    url = media.put(
        f"/2010-04-01/Accounts/{sid}/Messages/MM1/Media/ME1",
        corpus.phone_photo(corpus.render(letter), seed=7),
        "image/jpeg",
        auth=(sid, token),
    )
    phone = "+14155550999"
    form = {
        "From": phone,
        "To": stack.env["TWILIO_NUMBER"],
        "MessageSid": "MM" + "1" * 32,
        "AccountSid": sid,
        "Body": "",
        "NumMedia": "1",
        "MediaUrl0": url,
        "MediaContentType0": "image/jpeg",
    }
    signature = RequestValidator(token).compute_signature(TWILIO_PUBLIC_URL, form)
    response = requests.post(
        stack.url("/webhooks/twilio/webhook"), data=form, timeout=120, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 200
    assert media.sent_to(f"/2010-04-01/Accounts/{sid}/Messages/MM1/Media/ME1")[-1]["authorized"]
    bodies = [s["body"] for s in stack.twilio.sent_to(phone)]
    sent = words(" ".join(bodies))
    referral, dates = expected(letter)
    assert referral.agency.phone in sent
    # The letter to the plan, by SMS. Typed: a number answers the last list of options, and the
    # referral's offer of the rest comes after the letter's own buttons in this turn.
    assert any(letter_say("en", "write_letter") in body for body in bodies)
    form = {**form, "Body": "write the appeal letter for me", "NumMedia": "0", "MessageSid": "SM" + "2" * 32}
    for key in ("MediaUrl0", "MediaContentType0"):
        form.pop(key)
    before = len(bodies)
    signature = RequestValidator(token).compute_signature(TWILIO_PUBLIC_URL, form)
    requests.post(
        stack.url("/webhooks/twilio/webhook"), data=form, timeout=120, headers={"X-Twilio-Signature": signature}
    )
    draft = [s["body"] for s in stack.twilio.sent_to(phone)][before:]
    assert len(draft) > 1 and all(len(body) <= SMS_LIMIT for body in draft), "split into SMS of at most two segments"
    text = words(" ".join(draft))
    assert letter_say("en", "draft.blank_name") in text and "August 21, 2026" in text
    # The dated deadlines come on request (the referral turn fits one phone screen): DATES.
    dated = {**form, "Body": "DATES", "MessageSid": "SM" + "3" * 32}
    signature = RequestValidator(token).compute_signature(TWILIO_PUBLIC_URL, dated)
    requests.post(
        stack.url("/webhooks/twilio/webhook"), data=dated, timeout=120, headers={"X-Twilio-Signature": signature}
    )
    later = [s["body"] for s in stack.twilio.sent_to(phone)][before + len(draft) :]
    assert dates and all(d in words(" ".join(later)) for d in dates)


def test_a_messenger_image_attachment_is_read(stack, media):
    letter = LETTERS["kaiser_knee_es"]
    url = media.put("/fb/cdn/letter.png", corpus.png(corpus.render(letter)), "image/png")
    from tests.channels.test_facebook import MessengerUser

    user = MessengerUser(stack)
    replies = user.send({"attachments": [{"type": "image", "payload": {"url": url}}]})
    text = words(" ".join(str(m) for m in replies))
    referral, dates = expected(letter)
    assert referral.agency.phone.replace("-", "") in text.replace("-", "")
    # The dated deadlines come on request (the referral turn fits one phone screen).
    dated = user.send({"text": "fechas", "quick_reply": {"payload": "/ask_dates"}})
    assert dates and all(d in words(" ".join(str(m) for m in dated)) for d in dates)
