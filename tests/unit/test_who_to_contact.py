""" "Who do I talk to?", "¿a quién le hablo?", "a quién le llamo": whom to contact, whatever the NLU read
it as (a bot question, a fallback, an emergency, "not sure", a person): before the problem is known,
the problem is asked for with the Help Center's number; after the referral, the route's own place
and number (probe s7 s04: "I'm a bot"; "a quien le llamo" got the 911 advice). And starting over
keeps the conversation's language (probe s7: an emoji after it was answered in English)."""

import pytest
from rasa_sdk.events import FollowupAction, Restarted, SlotSet

from actions.answers import ActionAnswerOutsideQuestion, ActionEmergency, ActionNotUnderstood
from actions.conversation import ActionRestart
from actions.handoff import ActionBotChallenge, ActionHandoff
from bot import followups, replies
from bot.context import case, state_before_latest_message
from bot.knowledge import default
from bot.language import decide
from bot.messages import say
from bot.routing import route
from tests.unit.test_actions import run, tracker
from tests.unit.test_probe_followups import after_referral

ASKS = {
    "en": [
        "who do I talk to?",
        "who should I call",
        "who do I contact about this",
        "who can I speak to",
        "who am I supposed to call?",
        "who do I complain to",
        "who can help me?",
        "who's the right person to talk to",
    ],
    "es": [
        "¿a quién le hablo?",
        "a quien le llamo",
        "a quién llamo",
        "con quién tengo que hablar",
        "a quién tengo que llamar",
        "a quien me dirijo",
        "¿quién me puede ayudar?",
        "a quién le reclamo",
    ],
}
NOT_ASKING = ["who am I talking to", "are you a bot?", "¿eres un robot?", "con quién hablo, eres persona?", "/greet"]
# A route with its own number, not the Help Center's: a PPO (CDI).
CDI_CASE = {"coverage": "other_ppo_or_insurance", "problem": "medical_necessity", "last_case": {"problem": "x"}}


@pytest.mark.parametrize("text", ASKS["en"] + ASKS["es"])
def test_whom_to_contact_is_read_in_both_languages(text):
    assert followups.asks_who_to_contact(text)


@pytest.mark.parametrize("text", NOT_ASKING)
def test_who_the_assistant_is_is_not_whom_to_contact(text):
    assert not followups.asks_who_to_contact(text)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "action,intent",
    [
        (ActionBotChallenge, "bot_challenge"),
        (ActionNotUnderstood, "nlu_fallback"),
        (ActionEmergency, "medical_emergency"),
        (ActionAnswerOutsideQuestion, "dont_know"),
    ],
)
def test_before_the_problem_the_problem_is_asked_with_the_help_centers_number(language, action, intent):
    kb = default(language)
    expected = followups.answer(followups.WHO_TO_CONTACT, None, kb)
    for text in ASKS[language][:3]:
        messages, events = run(action(), tracker({"language": language}, intent=intent, text=text))
        assert [m["text"] for m in messages] == [expected["text"]] and events == []
    assert kb.agencies["DMHC"].phone in expected["text"]
    assert replies.emergency(kb)["text"] != expected["text"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "action,intent",
    [
        (ActionBotChallenge, "bot_challenge"),
        (ActionNotUnderstood, "nlu_fallback"),
        (ActionHandoff, "human_handoff"),
        (ActionAnswerOutsideQuestion, "dont_know"),
    ],
)
def test_after_the_referral_the_routes_own_place_and_number(language, action, intent):
    kb = default(language)
    slots = {**CDI_CASE, "language": language}
    referral = route(case(slots), kb)
    assert referral.agency.key == "CDI"
    for text in ASKS[language][:4]:
        messages, _ = run(action(), after_referral(slots, text, intent, language))
        said = " ".join(m.get("text") or "" for m in messages)
        assert referral.phone in said and kb.agencies["DMHC"].phone not in said, (text, said)


def test_are_you_a_bot_is_still_answered_as_before():
    messages, events = run(ActionBotChallenge(), tracker({}, intent="bot_challenge", text="are you a bot?"))
    assert [m["response"] for m in messages] == ["utter_iamabot"] and events == []


def test_a_danger_word_keeps_the_911_advice():
    kb = default("en")
    text = "who do I call, my husband is bleeding and can't breathe"
    messages, _ = run(ActionEmergency(), tracker({}, intent="medical_emergency", text=text))
    assert messages[0]["text"] == replies.emergency(kb)["text"]


@pytest.mark.parametrize("words", ["empezar de nuevo", "/restart"])
def test_starting_over_forgets_the_case_but_keeps_the_language(words):
    slots = {"language": "es", "coverage": "hmo", "problem": "medical_necessity"}
    _, events = run(ActionRestart(), tracker(slots, intent="restart", text=words))
    assert events == [Restarted(), SlotSet("language", "es")]
    history = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()] + events
    kept, _ = state_before_latest_message(history + [{"event": "user", "text": "🙏"}])
    assert kept["language"] == "es" and kept["problem"] is None and kept["coverage"] is None


@pytest.mark.parametrize("text", ["🙏🙏", "👍", "ok", "12345", "3/15/2026", "XEH123456789", "😢 😢"])
def test_a_message_with_no_language_of_its_own_keeps_the_conversations(text):
    assert decide(text, "es") == "es" and decide(text, "en") == "en"


def test_an_emoji_before_any_language_offers_the_other_one_and_a_known_language_stays():
    (first,), _ = run(ActionNotUnderstood(), tracker({}, intent="nlu_fallback", text="🙏🙏"))
    assert first["text"].endswith(say("en", "other_language"))
    (spanish,), _ = run(ActionNotUnderstood(), tracker({"language": "es"}, intent="nlu_fallback", text="🙏🙏"))
    assert spanish["text"] == replies.not_understood(default("es"))["text"]
    assert say("es", "other_language") not in spanish["text"]


def test_a_story_that_ends_asking_whom_to_ask_gets_its_referral_not_the_general_answer():
    text = "They cut off my Medi-Cal because of my status and my cousin kept hers. Who do I ask about this?"
    told = {"problem": "other", "problem_detail": "medi_cal_eligibility", "language": "en"}
    message = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.5}, "entities": []}
    events = [{"event": "user", "text": text, "parse_data": message}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in told.items()]
    messages, events = run(ActionNotUnderstood(), tracker(told, intent="nlu_fallback", text=text, events=events))
    general = followups.answer(followups.WHO_TO_CONTACT, None, default("en"))["text"]
    assert general not in [m.get("text") for m in messages] and events == [FollowupAction("referral_form")]
