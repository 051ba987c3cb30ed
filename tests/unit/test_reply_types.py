"""Typed replies (bot/reply_types.py): the cards hold to the README's contract, a reply says its
language, and the channels take that language instead of guessing it from the words."""

import re
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from bot import action_plan, channel_format, replies
from bot.knowledge import default
from bot.messages import say
from bot.reply_types import CaseSummary, ReferralCard, Reply
from bot.routing import Case, route

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_fields(card: str) -> list:
    """The field names of one card's table in the README, in order."""
    text = README.read_text(encoding="utf-8")
    table = text.split(f"`custom.{card}`:", 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE)


@pytest.mark.parametrize("cls, key", [(ReferralCard, "referral"), (CaseSummary, "case_summary")])
def test_the_cards_have_exactly_the_readme_fields_in_order(cls, key):
    assert cls.KEY == key
    assert [f.name for f in fields(cls)] == readme_fields(key)


@pytest.mark.parametrize("language", ["en", "es"])
def test_replies_carry_their_language_and_cards_as_the_readme_says(language):
    kb = default(language)
    ref = route(Case("hmo", "medical_necessity"), kb)
    referral = replies.referral(ref, kb)
    assert isinstance(referral, Reply) and referral.language == language and referral["language"] == language
    assert list(referral["custom"]["referral"]) == readme_fields("referral")
    assert referral["custom"]["referral"]["language"] == language
    plan = action_plan.build(ref, date(2026, 3, 3), today=date(2026, 4, 1), kb=kb)
    summary = replies.case_summary(ref, plan, None, kb)["custom"]["case_summary"]
    assert list(summary) == readme_fields("case_summary") and summary["language"] == language
    assert all(set(f) == {"key", "label", "value"} for f in summary["fields"])


def test_a_reply_reads_as_the_message_dict_rasa_sends():
    question = replies.ask("fair_hearing", {})
    assert dict(question) == {
        "text": question.text,
        "buttons": [b.as_dict() for b in question.buttons],
        "language": "en",
    }
    assert "custom" not in question and replies.greeting().get("buttons") is None


def test_the_sms_turn_takes_the_language_the_reply_says_not_a_guess_from_its_words():
    # Words that read as English, in a reply the bot wrote in Spanish: the instruction is Spanish.
    buttons = replies.ask("fair_hearing", {}, language="es").buttons
    (body,) = channel_format.sms_turn([Reply("OK?", "es", buttons)])
    assert body.startswith("OK?") and channel_format._sms_plain(say("es", "sms_reply_lead")) in body
    (body,) = channel_format.sms_turn([Reply("Hola, gracias?", "en", buttons)])
    assert say("en", "sms_reply_lead") in body
    # A message that says no language is in the given knowledge data's (no guess from Spanish words).
    unmarked = {"text": "Hola, ¿qué pasó con su plan de salud?", "buttons": [b.as_dict() for b in buttons]}
    assert say("en", "sms_reply_lead") in channel_format.sms_turn([unmarked], default("en"))[0]
    assert (
        channel_format._sms_plain(say("es", "sms_reply_lead")) in channel_format.sms_turn([unmarked], default("es"))[0]
    )


def test_the_sms_keywords_come_from_the_message_files_of_every_language():
    for language in ("en", "es"):
        for kind in ("steps", "summary", "dates"):
            for word in say(language, f"sms_keywords_{kind}").split():
                assert channel_format.sms_keyword(word.lower()) == f"/ask_{kind}"
        for word in say(language, "sms_keywords_help").split():
            assert channel_format.HELP_KEYWORDS[word] == language
