"""Session 8 fixes over REST, in English and Spanish (probe s7 findings left open): a second problem told
after the referral gets its own referral and the summary keeps both; a correction still changes the case;
"who do I talk to?" / "¿a quién le hablo?" is answered with the place to go, before and after the
referral; starting over keeps the conversation's language for an emoji. Expected values are read from the
knowledge data."""

import pytest
import yaml

from bot import followups, problem_kinds
from bot.knowledge import default
from bot.messages import say
from tools.chat import Chat
from tools.servers import ROOT

KB = {"en": default("en"), "es": default("es")}
LANGS = pytest.mark.parametrize("language", ["en", "es"])
FIRST = {
    "en": "Kaiser HMO denied my MRI as not medically necessary",
    "es": "Kaiser HMO me negó la resonancia magnética, dicen que no es médicamente necesaria",
}


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def replies_language(chat):
    return {m.get("language") for m in chat.replies[-1]}


@LANGS
def test_a_second_problem_gets_its_own_referral_and_the_summary_keeps_both(chat, language):
    kb = KB[language]
    chat.say(FIRST[language])
    first = chat.card()
    assert first["agency"] == "DMHC"
    chat.say(
        {"en": "also my Medi-Cal got cancelled last month", "es": "otra cosa, me cancelaron el Medi-Cal el mes pasado"}[
            language
        ]
    )
    card = chat.card()
    assert card is not None and card["agency"] == "COUNTY_MEDI_CAL" and card["problem_detail"] == "medi_cal_eligibility"
    label = problem_kinds.label("medi_cal_eligibility", kb)
    assert say(language, "new_problem_intro", problem=label) in chat.text()
    assert say(language, "changed_intro", changes="")[:8] not in chat.text()  # not "I changed your case"
    chat.click(say(language, "more_summary"))
    summary = next(m["custom"]["case_summary"] for m in chat.replies[-1] if "case_summary" in (m.get("custom") or {}))
    assert summary["agency"] == "COUNTY_MEDI_CAL" and summary["phone"] == card["phone"]
    (earlier,) = [f for f in summary["fields"] if f["key"] == "earlier"]
    assert first["phone"] in earlier["value"] and kb.problems["medical_necessity"].label in earlier["value"]


@LANGS
def test_a_bill_told_as_another_thing_is_not_the_first_card_again(chat, language):
    chat.say(FIRST[language])
    chat.say(
        {
            "en": "another thing, the hospital sent me a $9,000 bill I can't pay",
            "es": "también el hospital me mandó una factura de 9000 dólares que no puedo pagar",
        }[language]
    )
    card = chat.card()
    assert card is not None and (card["problem"], card["problem_detail"]) != ("medical_necessity", None)


@LANGS
def test_a_correction_after_the_referral_still_changes_the_case(chat, language):
    chat.say(FIRST[language])
    chat.say({"en": "actually it's Medi-Cal, through Kaiser", "es": "en realidad es Medi-Cal, con Kaiser"}[language])
    assert say(language, "new_problem_intro", problem="")[:10] not in chat.text()
    # The Medi-Cal denial asks whether a State Hearing was asked for, or gives the new card; never the first again.
    card = chat.card()
    assert card is None or card["coverage"] == "medi_cal_managed_care"


@LANGS
def test_who_do_i_talk_to_before_and_after_the_referral(chat, language):
    kb = KB[language]
    ask = {"en": "who do I talk to?", "es": "¿a quién le hablo?"}[language]
    chat.say(ask)
    before = followups.answer(followups.WHO_TO_CONTACT, None, kb)["text"]
    assert before in chat.text() and say(language, "not_understood") not in chat.text()
    chat.say(
        {
            "en": "Aetna PPO denied my knee surgery as not medically necessary",
            "es": "Aetna PPO me negó la cirugía de rodilla, dicen que no es médicamente necesaria",
        }[language]
    )
    card = chat.card()
    assert card is not None and card["agency"] == "CDI"
    chat.say({"en": "who should I call", "es": "a quien le llamo"}[language])
    assert card["phone"] in chat.text() and kb.faq["emergency"] not in chat.text()


def test_an_emoji_after_starting_over_in_spanish_is_answered_in_spanish(chat):
    chat.say(FIRST["es"])
    chat.say("empezar de nuevo")
    chat.say("🙏🙏")
    assert replies_language(chat) == {"es"}
    assert say("es", "not_understood") in chat.text()


def test_are_you_a_bot_is_still_answered_as_one_in_the_conversations_language(chat):
    variants = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]["utter_iamabot"]
    spanish = next(v["text"] for v in variants if v.get("condition"))
    english = next(v["text"] for v in variants if not v.get("condition"))
    chat.say("are you a bot?")
    assert chat.text() == english
    chat.say("hola, ¿eres un robot?")
    assert chat.text() == spanish
