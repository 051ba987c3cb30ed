"""channels/letters.py without a server: a message carrying a letter becomes /share_letter with only
the fields read; the file, the pasted text and the identifiers on them go nowhere."""

import asyncio
import base64

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from channels import letters
from tests.channels.media_fake import FakeMedia
from tests.letters import corpus

LETTER = corpus.LETTERS[0]  # Kaiser, MRI, not medically necessary, October 14, 2026


def _prepared(text, metadata=None):
    message = UserMessage(text, CollectingOutputChannel(), "someone", metadata=metadata)
    asyncio.run(letters.prepare(message))
    return message


def test_an_uploaded_pdf_becomes_share_letter_with_the_fields_only():
    data = corpus.text_pdf(LETTER)
    message = _prepared("", letters.pending(*letters.from_json({"data": base64.b64encode(data).decode()})))
    assert message.text == letters.SHARE
    read = message.metadata[letters.LETTER]
    assert (read["coverage"], read["problem"], read["letter_date"]) == ("hmo", "medical_necessity", "2026-10-14")
    assert letters.UPLOAD not in message.metadata
    flat = repr(message.metadata)
    assert corpus.MEMBER_ID not in flat and corpus.PERSON not in flat and "Fictional" not in flat


def test_a_pasted_letter_is_replaced_by_its_fields_and_a_message_is_left_alone():
    message = _prepared(LETTER.text())
    assert message.text == letters.SHARE and corpus.MEMBER_ID not in repr(message.metadata)
    assert _prepared("Kaiser denied my MRI").text == "Kaiser denied my MRI"
    assert _prepared("/greet").text == "/greet"


def test_bad_attachments_give_an_error_kind():
    assert letters.from_json("not an object") == (None, "unreadable")
    assert letters.from_json({"data": 42}) == (None, "unreadable")
    assert letters.from_json({"data": "A" * (15 * 1024 * 1024)}) == (None, "too_large")
    message = _prepared("", letters.pending(*letters.from_json({"data": base64.b64encode(b"hello").decode()})))
    assert message.text == letters.SHARE and message.metadata == {letters.LETTER_ERROR: "wrong_type"}


def test_media_is_fetched_with_credentials_and_refused_without():
    host = FakeMedia()
    try:
        url = host.put("/media/1", b"%PDF-1.4 tiny", "application/pdf", auth=("AC1", "secret"))
        assert letters.fetch_media(url, auth=("AC1", "secret")) == (b"%PDF-1.4 tiny", None)
        assert letters.fetch_media(url, auth=("AC1", "wrong")) == (None, "unreadable")
        assert letters.fetch_media(host.url + "/missing") == (None, "unreadable")
        big = host.put("/media/big", b"0" * (letters.MAX_BYTES + 10), "image/png")
        assert letters.fetch_media(big) == (None, "too_large")
    finally:
        host.stop()
