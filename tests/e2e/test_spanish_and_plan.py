"""Spanish from the first reply, switching language, and the plan after the referral, over REST.

Expected texts are read from the knowledge data and the message catalogues in each language.
"""

from datetime import date, timedelta

import pytest

from bot.dates import add_days, add_months, format_date
from bot.knowledge import default
from bot.messages import say
from tools.chat import Chat

EN, ES = default("en"), default("es")


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def summary(chat: Chat):
    found = [m["custom"]["case_summary"] for m in chat.replies[-1] if "case_summary" in (m.get("custom") or {})]
    return found[-1] if found else None


def test_a_spanish_greeting_is_answered_in_spanish(chat):
    chat.say("hola")
    assert say("es", "greeting") in chat.text()
    assert chat.buttons() and chat.buttons()[0]["title"] == ES.problems["medical_necessity"].label


def test_a_whole_conversation_in_spanish_gets_a_spanish_referral_plan_and_summary(chat):
    chat.say("Kaiser me negó la resonancia magnética, dicen que no es médicamente necesaria")
    card = chat.card()
    assert (card["agency"], card["pathway"], card["language"]) == ("DMHC", "imr", "es")
    text = chat.text()
    assert ES.first_steps[("DMHC", "imr")]["default"] in text and ES.faq["imr"]["cost"] in text
    assert say("es", "plan_title") not in text and summary(chat) is None, "the rest comes when asked"
    chat.click(say("es", "more_steps"))
    assert say("es", "plan_title") in chat.text()
    chat.click(say("es", "more_summary"))
    case = summary(chat)
    assert case["language"] == "es" and ES.agencies["DMHC"].phone in case["text"] and "resonancia" in case["text"]


def test_spanglish_and_no_accents_are_understood(chat):
    chat.say("mi aseguranza no quiere pagar el ER, fui a emergencias por un dolor de pecho")
    assert chat.card() is None and chat.buttons(), "the coverage question, in Spanish"
    assert chat.buttons()[0]["title"] == ES.coverages["hmo"]
    chat.click(ES.coverages["other_ppo_or_insurance"])
    card = chat.card()
    assert (card["agency"], card["problem"], card["language"]) == ("CDI", "emergency_payment", "es")


def test_espanol_switches_mid_conversation_and_english_switches_back(chat):
    chat.say("my plan denied my surgery")
    chat.say("español")
    assert say("es", "language_switched") in chat.text()
    chat.click(ES.problems["medical_necessity"].label)
    chat.click(ES.coverages["hmo"])
    assert chat.card()["language"] == "es"
    chat.say("English please")
    assert say("en", "language_switched") in chat.text()


@pytest.mark.parametrize(
    "message, language",
    [
        ("English please, my insurance won't pay my MRI", "en"),
        ("en español por favor, mi seguro no quiere pagar la resonancia", "es"),
    ],
)
def test_a_language_request_with_the_problem_keeps_the_problem(chat, message, language):
    """The words after "English please" tell a denial: the next question asks its reason (probe s10 M05)."""
    chat.say(message)
    assert say(language, "language_switched") in chat.text()
    assert say(language, "ask_problem_after_denial") in chat.text()
    kb = default(language)
    chat.click(kb.problems["medical_necessity"].label)
    chat.click(kb.coverages["hmo"])
    card = chat.card()
    assert (card["problem"], card["agency"], card["language"]) == ("medical_necessity", "DMHC", language)


def test_a_language_request_with_the_whole_case_gets_the_referral(chat):
    chat.say("Spanish please: Kaiser denied my knee surgery, they say it is not medically necessary")
    card = chat.card()
    assert card is not None and (card["agency"], card["pathway"]) == ("DMHC", "imr")


def test_the_date_on_the_letter_turns_the_deadlines_into_dates(chat):
    chat.say("Kaiser denied my MRI as not medically necessary")
    chat.click(say("en", "more_dates"))
    assert say("en", "ask_letter_date", example=format_date(date.today(), "en")) in chat.text()
    letter = date.today() - timedelta(days=20)
    chat.say(f"the letter is dated {format_date(letter, 'en')}")
    text = chat.text()
    assert format_date(add_months(letter, EN.clocks["dmhc"].months), "en") in text
    events = [m["custom"]["deadlines"] for m in chat.replies[-1] if "deadlines" in (m.get("custom") or {})][0]["events"]
    assert add_months(letter, EN.clocks["dmhc"].months).isoformat() in [e["date"] for e in events]
    chat.say("can I get a summary?")  # typed works as well as the button
    case = summary(chat)
    assert format_date(letter, "en") in case["text"] and "Kaiser denied my MRI" in case["text"]


def test_a_spanish_date_for_a_medi_cal_case(chat):
    chat.say("Medi-Cal me negó la silla de ruedas, dicen que no es necesaria")
    chat.click(say("es", "answer_no"))  # no State Fair Hearing yet
    letter = date.today() - timedelta(days=5)
    chat.say(f"la carta es del {format_date(letter, 'es')}")
    assert format_date(add_days(letter, ES.clocks["medi_cal_plan_appeal"].days), "es") in chat.text()


def test_no_letter_yet_is_fine(chat):
    chat.say("Kaiser denied my MRI as not medically necessary")
    chat.click(say("en", "more_dates"))
    chat.click(say("en", "no_letter"))
    assert say("en", "no_letter_ok") in chat.text()


@pytest.mark.parametrize(
    "text, kb",
    [
        ("I'm having really bad chest pain right now and my insurance denied the cardiologist referral", EN),
        ("mi hijo esta muy malo ahorita, no puede respirar y el seguro no lo quiere atender", ES),
    ],
)
def test_danger_now_told_with_a_plan_problem_gets_911_first(chat, text, kb):
    chat.say(text)
    assert chat.replies[-1][0]["text"].startswith(kb.faq["emergency"])
