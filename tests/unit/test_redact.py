"""Identifiers are removed before a conversation is stored; ordinary words are kept."""

import pytest

from bot.redact import MARK, redact


@pytest.mark.parametrize(
    "text,secret",
    [
        ("my ssn is 123-45-6789", "123-45-6789"),
        ("ssn 123456789 please", "123456789"),
        ("call me at (415) 555-0134", "555-0134"),
        ("my cell 415.555.0134", "555.0134"),
        ("text +1 415 555 0134", "555 0134"),
        ("email jane.doe+x@example.org thanks", "jane.doe"),
        ("born 04/12/1980", "04/12/1980"),
        ("dob 1980-04-12", "1980-04-12"),
        ("DOB April 12, 1980", "April 12, 1980"),
        ("member id: XJK4471298", "XJK4471298"),
        ("my Medi-Cal number is 91234567A", "91234567A"),
        ("policy # W12345678 denied my MRI", "W12345678"),
    ],
)
def test_identifiers_are_removed(text, secret):
    cleaned = redact(text)
    assert secret not in cleaned and MARK in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Kaiser denied my MRI as not medically necessary",
        "they gave me 30 days, or 3 days if urgent",
        "my Medi-Cal plan won't pay for the ER in 2024",
        "I have a PPO from Blue Shield",
        "",
    ],
)
def test_ordinary_messages_are_kept(text):
    assert redact(text) == text
