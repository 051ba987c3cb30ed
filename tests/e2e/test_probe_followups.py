"""The s4 probe's follow-up findings, over REST, in English and Spanish: what the assistant says once
it knows the route, and its answers to what people ask next (probe_report F2-F5, F8-F12, F17, F18,
F22). The sentences are the probe's or new ones, not the training data; expected values are read
from the knowledge data for the route the conversation got."""

from datetime import date

import pytest

from bot import action_plan, followups
from bot.dates import format_date
from bot.knowledge import default
from bot.letter.case import stated_until
from bot.messages import say
from bot.routing import Case, route
from tests.letters import corpus
from tools.chat import Chat

EN, ES = default("en"), default("es")
KB = {"en": EN, "es": ES}
LANGS = pytest.mark.parametrize("language", ["en", "es"])


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def topic_answers(language, topic):
    return {t.key: t for t in followups.followups(language).topics}[topic].answers


@LANGS
def test_whats_a_tty_and_repeat_the_number_after_a_dmhc_referral(chat, language):
    """c09, c43, c79: answered with the route's own number and TTY; never "OK. Tap a button"."""
    kb = KB[language]
    dmhc = kb.agencies["DMHC"]
    chat.say(
        {
            "en": "Health Net HMO denied my physical therapy as not medically necessary",
            "es": "Health Net HMO me negó la terapia física, dicen que no es médicamente necesaria",
        }[language]
    )
    assert chat.card()["agency"] == "DMHC"
    chat.say({"en": "what's a TTY", "es": "¿qué es TTY?"}[language])
    assert dmhc.tty in chat.text() and say(language, "acknowledged") not in chat.text()
    chat.say({"en": "repeat the number", "es": "repítame el número"}[language])
    assert dmhc.phone in chat.text() and dmhc.tty in chat.text()
    assert say(language, "after_referral", agency="x", phone="y").split("x")[0] not in chat.text()


@LANGS
def test_what_if_the_imr_says_no_mid_flow_for_a_medi_cal_member(chat, language):
    """c05b: the plan is L.A. Care (Medi-Cal); asked at the State Hearing question."""
    kb = KB[language]
    chat.say(
        {
            "en": "my mom is on medi-cal with LA Care and they denied her power wheelchair, the doctor said she needs it",
            "es": "mi mamá tiene medi-cal con LA Care y le negaron la silla de ruedas eléctrica, el doctor dice que la necesita",
        }[language]
    )
    for _ in range(3):  # answer the reason question if it is asked
        titles = [b["title"] for b in chat.buttons()]
        if kb.problems["medical_necessity"].label in titles:
            chat.click(kb.problems["medical_necessity"].label)
    chat.say({"en": "what if the IMR says no?", "es": "¿y si la IMR dice que no?"}[language])
    text = chat.text()
    assert kb.contacts["state_hearings"].phone in text and "120" in text  # F11.15, F10.1
    assert followups.followups(language).before_referral not in text


@LANGS
def test_appeal_first_after_an_experimental_referral(chat, language):
    """c02b: the answer was in the referral; the follow-up says it again, not "I can't answer"."""
    chat.say(
        {
            "en": "anthem blue cross ppo denied my proton therapy as experimental",
            "es": "anthem blue cross ppo me negó la terapia de protones porque dicen que es experimental",
        }[language]
    )
    for _ in range(3):
        if chat.card():
            break
        chat.say({"en": "yes", "es": "sí"}[language])
    assert chat.card()["agency"] == "DMHC" and chat.card()["problem"] == "experimental"
    chat.say({"en": "do I have to appeal to anthem first?", "es": "¿tengo que apelar con anthem primero?"}[language])
    assert topic_answers(language, "appeal_first")["DMHC.experimental"].text in chat.text()


@LANGS
def test_free_help_and_a_lawyer_on_the_county_medi_cal_route(chat, language):
    """c11, c11b, c45: no IMR text on a route without an IMR; free help and no lawyer needed."""
    kb = KB[language]
    chat.say(
        {
            "en": "my medi-cal got cut off, the county says my income is too high but its not",
            "es": "me cortaron el medi-cal porque dicen que gano mucho",
        }[language]
    )  # the probe's (routing is not tested here)
    assert chat.card()["agency"] == "COUNTY_MEDI_CAL"
    for question in {
        "en": ["can someone help me for free", "do I need a lawyer?"],
        "es": ["¿alguien me puede ayudar gratis?", "¿necesito un abogado?"],
    }[language]:
        chat.say(question)
        text = chat.text()
        assert "IMR" not in text and kb.contacts["health_consumer_alliance"].phone in text, question
        assert say(language, "acknowledged") not in text


@LANGS
def test_what_to_have_ready_for_a_hospital_bill(chat, language):
    """c12, c12b: the HCA number is said as free help, not as the hospital's; the documents are the
    bill and proof of income, not a denial letter."""
    kb = KB[language]
    chat.say(
        {
            "en": "I dont have insurance and the hospital bill is 23 thousand dollars for my appendix surgery, i cant pay",
            "es": "no tengo seguro y la cuenta del hospital es de 23 mil dólares por mi cirugía de apéndice, no puedo pagar",
        }[language]
    )
    card = chat.card()
    assert card["agency"] == "HOSPITAL_BILLING"
    hca = kb.contacts["health_consumer_alliance"]
    assert say(language, "also_call_short", name=hca.name, phone=hca.phone, tty="") in chat.text()
    chat.say({"en": "what documents do I need", "es": "¿qué documentos necesito?"}[language])
    ref = route(Case("unknown", "other", problem_detail="hospital_bill"), kb)
    assert " ".join(followups.have_ready(ref, kb)) in chat.text()
    assert kb.have_ready[0] not in chat.text()


@LANGS
def test_urgent_in_the_first_message_is_on_the_first_screen(chat, language):
    """c29: the urgent way (no 30-day wait, call now) instead of "file a grievance first"."""
    kb = KB[language]
    chat.say(
        {
            "en": "MY HMO DENIED MY CHEMO SAYING ITS NOT MEDICALLY NECESSARY I HAVE STAGE 3 CANCER THIS IS URGENT",
            "es": "MI HMO ME NEGÓ LA QUIMIO DICIENDO QUE NO ES MÉDICAMENTE NECESARIA, TENGO CÁNCER, ES URGENTE",
        }[language]
    )
    assert chat.card()["agency"] == "DMHC"
    assert topic_answers(language, "urgent")["DMHC"].text in chat.text()
    assert kb.first_steps[("DMHC", "imr")]["default"] not in chat.text()


def test_the_story_confirmation_is_not_repeated_word_for_word(chat):
    """c02: questions while the guess is open; the guess comes back short, saying what Yes does."""
    chat.say(
        "my anthem blue cross ppo says the proton therapy my oncologist wants is experimental/investigational. "
        "i have prostate cancer. what do i do"
    )
    first = chat.text()
    if say("en", "answer_yes") not in [b["title"] for b in chat.buttons()]:
        pytest.skip("the story was not confirmed (routed directly)")
    chat.say("what documents do I need")
    assert say("en", "confirm_problem_again") in chat.text()
    assert first not in chat.text()
    # A second question there: "Is that right?" is not asked a third time; the guess stays (probe s7).
    chat.say("can my daughter file it for me")
    assert chat.card()["problem"] == "experimental"


@LANGS
def test_federal_and_military_plans_get_their_own_deadline_on_the_first_screen(chat, language):
    """c23, c71: TRICARE's 90 days; FEHB: the carrier within 6 months, then OPM."""
    kb = KB[language]
    chat.say(
        {
            "en": "TRICARE denied my surgery as not medically necessary",
            "es": "TRICARE me negó la cirugía, dicen que no es médicamente necesaria",
        }[language]
    )
    assert kb.other_kinds["tricare"].first_step in chat.text()
    assert f"{kb.clocks['tricare_appeal'].days} " in chat.text()


@LANGS
def test_medi_cal_rx_first_step_is_its_own(chat, language):
    """c20b: no plan grievance first, no $250 cap; the State Hearing number."""
    kb = KB[language]
    chat.say({"en": "Medi-Cal Rx denied my prescription", "es": "Medi-Cal Rx me negó mi receta"}[language])
    card = chat.card()
    assert card and card["agency"] == "MEDI_CAL_RX"
    text = chat.text()
    assert "$250" not in text and kb.contacts["state_hearings"].phone in text
    chat.say({"en": "do i need to appeal to my plan first?", "es": "¿tengo que apelar con mi plan primero?"}[language])
    assert kb.contacts["state_hearings"].phone in chat.text()


def test_a_letter_with_its_own_deadline_gives_one_date(chat):
    """c49-c52: the letter says 180 days (April 12, 2027); the 6-month count would say April 14.
    The step with the plan gives the letter's date only."""
    letter = next(item for item in corpus.LETTERS if item.key == "kaiser_mri_en")
    chat.say(letter.text())
    assert chat.card()["agency"] == "DMHC"
    chat.say("/ask_dates")
    text = chat.text()
    printed = stated_until({"letter_date": letter.expected["letter_date"], "appeal_deadline": {"days": 180}})
    clock = EN.clocks["plan_grievance"]
    counted = action_plan.due_date(clock, date.fromisoformat(letter.expected["letter_date"]))
    assert counted > printed
    assert format_date(printed, "en") in text and followups.followups("en").letter_deadline_note in text
    assert clock.dated.format(date=format_date(counted, "en")) not in text
