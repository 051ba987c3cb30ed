"""Conversation control over REST (probe s5: P9, P11, P12, P16, P20, P21, P48, P55), in English and
Spanish: the case is forgotten only when the person asks to start over; a question asked at a question
is answered and the question comes back; nothing the person said is lost. The sentences are written
for these tests; expected words and numbers are read from the data."""

from pathlib import Path

import pytest
import yaml

from bot.knowledge import default
from bot.messages import say
from tools.chat import Chat

ROOT = Path(__file__).resolve().parents[2]
RESTART = {
    r.get("condition", [{}])[0].get("value", "en"): r["text"]
    for r in yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]["utter_restart"]
}
DENIAL = {
    "en": "Blue Shield HMO refused my knee surgery, they say it is not medically necessary",
    "es": "Blue Shield HMO me negó la operación de la rodilla, dicen que no es médicamente necesaria",
}
NUMBER_AGAIN = {
    "en": ["what's that number again?", "number again?", "again?"],
    "es": ["¿cuál es el número otra vez?", "¿el número otra vez?", "¿otra vez?"],
}
START_OVER = {"en": "let's start over", "es": "quiero empezar de nuevo"}


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def _forgotten(chat: Chat, language: str) -> bool:
    return RESTART[language] in chat.text()


@pytest.mark.parametrize("language", ["en", "es"])
def test_asking_for_the_number_again_never_forgets_the_case(chat, language):
    # P21: "what's the number again?" restarted the conversation and deleted the case.
    chat.say(DENIAL[language])
    card = chat.card()
    assert card and card["agency"] == "DMHC"
    for asked in NUMBER_AGAIN[language]:
        chat.say(asked)
        assert not _forgotten(chat, language), asked
    assert card["phone"] in chat.text(-3)  # "what's the number again?" gets the number
    chat.say("/ask_summary")
    assert chat.card() is None and say(language, "request_before_case") not in chat.text()  # the case is there
    chat.say(START_OVER[language])
    assert _forgotten(chat, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_number_again_during_the_questions_keeps_the_question(chat, language):
    chat.say("Health Net turned down my MRI" if language == "en" else "Health Net me negó la resonancia")
    buttons = chat.buttons()
    chat.say(NUMBER_AGAIN[language][0])
    assert not _forgotten(chat, language) and default(language).agencies["DMHC"].phone in chat.text()
    assert chat.buttons() == buttons and say(language, "sorry_retry") not in chat.text()


@pytest.mark.parametrize("language, message", [("en", "help"), ("es", "ayuda")])
def test_help_at_the_reason_question_explains_it_and_keeps_the_case(chat, language, message):
    # P12: "help" at a question brought the whole greeting back and "What happened?".
    chat.say("Kaiser turned down my surgery" if language == "en" else "Kaiser no me aprobó la cirugía")
    buttons = chat.buttons()
    chat.say(message)
    assert say(language, "greeting") not in chat.text() and chat.buttons() == buttons
    chat.click(buttons[0]["title"][:12])
    card = chat.card()
    assert card and card["coverage"] == "hmo" and card["agency"] == "DMHC"  # Kaiser was kept


def test_help_after_hi_or_after_the_referral_does_not_repeat_the_greeting(chat):
    # P36: "i need help" right after "hi" repeated the whole greeting; after the referral, both.
    chat.say("hello")
    chat.say("i need some help")
    assert say("en", "greeting") not in chat.text() and chat.buttons()
    chat.say("Kaiser said no to my sleep study, not medically necessary")
    assert chat.card()
    chat.say("help")
    assert say("en", "greeting") not in chat.text() and chat.card() is None and chat.buttons()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_question_at_the_hmo_or_ppo_question_is_answered_then_that_question_again(chat, language):
    # P9: no "Sorry, I didn't catch that", and not a switch to the 8-button coverage question.
    chat.say(
        "Anthem denied my surgery as not medically necessary"
        if language == "en"
        else "Anthem me negó la cirugía, dicen que no es médicamente necesaria"
    )
    buttons = chat.buttons()
    chat.say("what's the phone number?" if language == "en" else "¿cuál es el teléfono?")
    assert default(language).agencies["DMHC"].phone in chat.text()
    assert say(language, "sorry_retry") not in chat.text() and chat.buttons() == buttons
    assert chat.text().splitlines()[-1].startswith(say(language, "question_again", question="").strip())


@pytest.mark.parametrize(
    "language, asked", [("en", "and what is the ombudsman's phone number"), ("es", "¿y el teléfono del ombudsman?")]
)
def test_the_ombudsman_number_at_the_reason_question(chat, language, asked):
    # P11: "Sorry, I didn't catch that" and no number.
    kb = default(language)
    chat.say(
        "my Medi-Cal plan Molina won't approve my MRI"
        if language == "en"
        else "mi plan de Medi-Cal Molina no me aprueba la resonancia"
    )
    buttons = chat.buttons()
    chat.say(asked)
    assert kb.agencies["MEDI_CAL_OMBUDSMAN"].phone in chat.text() and chat.card() is None
    assert say(language, "sorry_retry") not in chat.text() and chat.buttons() == buttons


@pytest.mark.parametrize(
    "language, story, asked",
    [
        (
            "en",
            "My daughter is 9. She has seizures and her neurologist wants a new scan. The plan wrote that she doesn't need it.",
            "what is a TTY?",
        ),
        (
            "es",
            "Mi hija tiene 9 años. Tiene convulsiones y su neuróloga quiere un estudio nuevo. El plan dice que no lo necesita.",
            "¿qué es TTY?",
        ),
    ],
)
def test_a_question_or_not_sure_at_the_confirmation_is_never_yes(chat, language, story, asked):
    # P48: "what's a TTY" / "I don't know" at "Is that right?" were taken as Yes.
    chat.say(story)
    confirm = chat.buttons()
    assert confirm and chat.card() is None
    chat.say(asked)
    assert chat.card() is None and chat.buttons() == confirm
    # Asked twice now: "I don't know" is still no yes, but the question does not come a third time
    # (issue 14; probe s7): the guess stays with its reason marked unknown, and the coverage is asked.
    chat.say("no sé" if language == "es" else "I don't know")
    assert chat.card() is None and chat.buttons() != confirm
    assert say(language, "confirm_problem_unsure") not in chat.text()


@pytest.mark.parametrize("message", ["atrás", "volver"])
def test_going_back_at_the_state_hearing_question_is_not_no(chat, message):
    # P55: "atrás" at a yes/no question was taken as "No" and the referral came.
    chat.say("Mi plan de Medi-Cal, Health Net, me negó la terapia física, dicen que no es necesaria")
    hearing = chat.buttons()
    chat.say(message)
    assert chat.card() is None and chat.buttons() == hearing


def test_the_coverage_at_the_reason_question_is_kept_not_something_else(chat):
    # P20: "it's through my job" at the reason question became a plain complaint.
    chat.say("Kaiser denied my husband's fertility treatment")
    chat.say("the insurance is through my employer")
    assert chat.card() is None and chat.buttons()
    chat.click("not medically necessary")
    card = chat.card()
    assert card and card["problem"] == "medical_necessity"


@pytest.mark.parametrize("language", ["en", "es"])
def test_steps_at_the_last_question_give_the_answer_not_what_happened(chat, language):
    # P16: the problem was told; "Steps and deadlines" at the State Hearing question. Session 12 (probes 8
    # c04, c05a; 9 c05): "First, one more question" kept people from the answer; the hearing question's
    # safe default ("not sure") is taken and the referral comes, never "what happened?".
    chat.say(
        "Health Net Medi-Cal denied my home health care as not medically necessary"
        if language == "en"
        else "Health Net de Medi-Cal me negó la atención en casa, dicen que no es médicamente necesaria"
    )
    chat.say("/ask_steps")
    assert say(language, "request_before_case") not in chat.text()
    assert say(language, "request_one_more_question") not in chat.text()
    card = chat.card()
    assert card and card["coverage"] == "medi_cal_managed_care" and card["problem"] == "medical_necessity"
