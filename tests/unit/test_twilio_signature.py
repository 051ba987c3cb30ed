"""The SMS signature check covers exactly the fields Twilio signed, empty ones included."""

from types import SimpleNamespace
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from channels.twilio_signed import SignedTwilioInput, form_fields

TOKEN = "test-auth-token"
URL = "https://sms.example.org/webhooks/twilio/webhook"
FIELDS = {"From": "+14155550100", "To": "+18005550199", "Body": "hi", "ToCity": "", "ToState": "", "ToZip": ""}


def request(fields, signature, body=None):
    return SimpleNamespace(
        headers={"X-Twilio-Signature": signature},
        body=body or urlencode(fields).encode(),
        url="http://127.0.0.1:5005/webhooks/twilio/webhook",
        parsed_form=None,
    )


def channel(token=TOKEN):
    return SignedTwilioInput("AC" + "0" * 32, token, "+18005550199", webhook_url=URL, pseudonym_key="pseudonym-key")


def test_empty_fields_are_kept():
    fields = form_fields(urlencode(FIELDS).encode())
    assert fields.get("ToCity") == "" and fields.get("Body") == "hi"


def test_a_request_signed_with_empty_fields_verifies_and_keeps_them():
    signed = request(FIELDS, RequestValidator(TOKEN).compute_signature(URL, FIELDS))
    assert channel().is_signed(signed)
    assert signed.parsed_form.get("ToZip") == "" and signed.parsed_form.get("From") == FIELDS["From"]


def test_dropping_or_changing_a_field_breaks_the_signature():
    signature = RequestValidator(TOKEN).compute_signature(URL, FIELDS)
    without_blank = {k: v for k, v in FIELDS.items() if v}
    assert not channel().is_signed(request(without_blank, signature))
    assert not channel().is_signed(request({**FIELDS, "Body": "other"}, signature))


def test_a_body_that_is_not_utf8_is_refused():
    assert form_fields(b"Body=\xff\xfe") is None
    assert not channel().is_signed(request({}, "x", body=b"Body=\xff\xfe"))


def test_the_pseudonym_has_a_key_of_its_own():
    """Rotating the auth token must not orphan the conversations (they could no longer be deleted)."""
    assert channel("old-token").conversation_id("+14155550100") == channel("new-token").conversation_id("+14155550100")
    assert "4155550100" not in channel().conversation_id("+14155550100")
