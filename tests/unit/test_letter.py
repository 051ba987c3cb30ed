"""The letter's fields as the conversation keeps them, what the assistant says about a letter, and
the letter it writes to the plan: for every route and both languages, only the case's facts."""

import re
from datetime import date
from itertools import product

import pytest

from bot.dates import format_date
from bot.knowledge import COVERAGES, PROBLEMS, default
from bot.letter import cues
from bot.letter.case import case_updates, correction_updates, slot_updates, stored_fields
from bot.letter.draft import draft, reply as draft_reply
from bot.letter.intake import LetterError
from bot.letter.reply import FIXABLE, letter_problem, letter_read, say
from bot.routing import Case, RoutingError, route

TODAY = date(2026, 12, 1)
READ = {
    "plan": "kaiser",
    "coverage": "hmo",
    "problem": "medical_necessity",
    "service": "MRI of the lower back",
    "letter_date": "2026-10-14",
    "language": "en",
    "coverage_detail": None,
    "appeal_deadline": {"days": 180},
}


def test_the_cue_data_loads_with_sources():
    data = cues.load()
    assert data.notices and data.regulators and data.reasons
    assert {c.problem for c in data.reasons} == set(PROBLEMS)
    assert all(c.facts for c in data.notices + data.regulators + data.reasons)


def test_a_letter_fills_the_case_slots():
    updates = case_updates({"letter": READ})
    assert updates == {
        "coverage": "hmo",
        "coverage_detail": None,
        "coverage_pending": None,
        "problem": "medical_necessity",
        "plan": "kaiser",
        "attempts": None,
    }
    updates = slot_updates({"letter": READ}, {}, TODAY)
    assert updates["letter_date"] == "2026-10-14" and updates["language"] == "en"
    assert updates["letter_service"] == "MRI of the lower back" and "problem_words" not in updates
    assert "coverage" not in updates, "the case is set when what was read is shown"
    assert slot_updates({}, {}, TODAY) == {} and slot_updates(None, {}, TODAY) == {} and case_updates(None) == {}


def test_the_conversation_language_is_kept_and_a_future_date_is_not_taken():
    updates = slot_updates(
        {"letter": {**READ, "language": "es", "letter_date": "2027-01-05"}}, {"language": "en"}, TODAY
    )
    assert "language" not in updates and "letter_date" not in updates


def test_only_known_ids_and_redacted_text_are_kept():
    kept = stored_fields(
        {
            "plan": "evil<script>",
            "coverage": "nope",
            "problem": "x",
            "language": "fr",
            "service": "MRI for member ID XJK4471298",
            "letter_date": "not a date",
            "appeal_deadline": {"days": "60"},
            "note": "call me at 415-555-0100 please, it hurts",
        }
    )
    assert kept["plan"] is None and kept["coverage"] is None and kept["problem"] is None
    assert kept["language"] == "en" and kept["letter_date"] is None and kept["appeal_deadline"] is None
    assert "XJK4471298" not in kept["service"] and "415-555-0100" not in kept["note"]


def test_a_correction_clears_its_slots():
    assert correction_updates("coverage") == {
        "coverage": None,
        "coverage_detail": None,
        "coverage_pending": None,
        "fair_hearing": None,
    }
    assert correction_updates("problem") == {"problem": None}
    assert correction_updates("anything else") == {}


@pytest.mark.parametrize("language", ["en", "es"])
def test_here_is_what_i_read(language):
    kb = default(language)
    message = letter_read({**READ, "language": language}, kb)
    assert message["custom"]["letter"] == {
        k: READ[k] if k != "language" else language
        for k in ("plan", "coverage", "problem", "service", "letter_date", "language")
    }
    text = message["text"]
    assert "Kaiser Permanente" in text and "MRI of the lower back" in text
    assert format_date(date(2026, 10, 14), language) in text
    assert say(language, "reasons.medical_necessity") in text
    assert format_date(date(2027, 4, 12), language) in text, "the letter's own 180 days, dated"
    payloads = [b["payload"] for b in message["buttons"]]
    assert len([p for p in payloads if p.startswith("/correct_letter")]) == len(FIXABLE)
    assert "/draft_letter" in payloads


def test_what_is_missing_is_asked_and_not_offered_to_fix():
    message = letter_read({"plan": "blue_shield", "coverage": None, "problem": "experimental", "language": "en"})
    assert message["text"].startswith("Here is what I read: Blue Shield of California") and "ask" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ['/correct_letter{"letter_field": "problem"}']


@pytest.mark.parametrize("kind, language", list(product(LetterError.KINDS, ["en", "es"])))
def test_every_error_has_a_kind_answer(kind, language):
    message = letter_problem(kind, default(language))
    assert message["text"].endswith(say(language, "errors_then")) and message["custom"] == {"letter_error": kind}


def _routes():
    for coverage, problem in product(COVERAGES, PROBLEMS):
        for fair_hearing in ["not_requested"] if coverage == "medi_cal_managed_care" else [None]:
            try:
                route(
                    Case(
                        coverage=coverage,
                        problem=problem,
                        fair_hearing=fair_hearing,
                        coverage_detail="tricare" if coverage == "other_coverage" else None,
                    ),
                    default(),
                )
            except RoutingError:
                continue
            yield coverage, problem, fair_hearing


@pytest.mark.parametrize("coverage, problem, fair_hearing", list(_routes()))
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_drafted_letter_holds_the_case_facts_and_nothing_invented(coverage, problem, fair_hearing, language):
    kb = default(language)
    detail = "tricare" if coverage == "other_coverage" else None
    referral = route(
        Case(
            coverage=coverage,
            problem=problem,
            fair_hearing=fair_hearing,
            coverage_detail=detail,
            plan_name="kaiser" if coverage == "hmo" else None,
        ),
        kb,
    )
    letter_date, words = date(2026, 10, 14), "the pain keeps me from working"
    result = draft(referral, service="knee surgery", letter_date=letter_date, words=words, kb=kb)
    for text in filter(None, (result.letter, result.english)):
        lang = "en" if text is result.english else language
        assert "knee surgery" in text and words in text and format_date(letter_date, lang) in text
        for blank in ("draft.blank_name", "draft.blank_address", "draft.blank_member_id"):
            assert say(lang, blank) in text
        numbers = set(re.findall(r"\d+", text)) - set(re.findall(r"\d+", format_date(letter_date, lang)))
        allowed = {str(cues.load().plan_decision_days)} if coverage in cues.load().plan_decision_coverages else set()
        assert numbers <= allowed, f"no number but the date and the plan's time to decide: {numbers}"
        if coverage == "hmo":
            assert "Kaiser Permanente" in text
    assert (result.english is not None) == (language == "es")
    assert bool(result.form) == (referral.agency.key in ("DMHC", "CDI"))
    if result.form:
        answers = dict(result.form)
        assert answers[say(language, "draft.form_service")] == "knee surgery"
        assert answers[say(language, "draft.form_date")] == format_date(letter_date, language)
    messages = draft_reply(result)
    assert messages[0]["custom"]["draft_letter"]["letter"] == result.letter


def test_without_a_letter_the_blanks_say_what_to_fill_in():
    kb = default()
    result = draft(route(Case(coverage="hmo", problem="experimental"), kb), kb=kb)
    assert say("en", "draft.blank_service") in result.letter and say("en", "draft.blank_decision_date") in result.letter
    assert say("en", "draft.your_plan") in result.letter
    assert say("en", "draft.copy_attached") not in result.letter
