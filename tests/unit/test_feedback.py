"""'Did this help?' (bot/feedback.py, actions/feedback.py): asked once after the referral, never in
the way of another question, answered by a tap or a typed yes/no, kept as the `feedback` slot."""

from datetime import date

import pytest
from rasa_sdk.events import SlotSet

from actions.answers import ActionAnswerOutsideQuestion, ActionGiveReferral
from actions.dates import ActionLetterDate
from actions.feedback import ActionFeedback
from actions.extract import context_updates
from bot import feedback
from bot.knowledge import default
from bot.messages import say
from tests.unit.test_actions import collected, run, tracker

CASE = {"coverage": "other_ppo_or_insurance", "problem": "medical_necessity"}  # CDI


@pytest.mark.parametrize("language, yes", [("en", "Yes"), ("es", "Sí")])
def test_the_question_has_two_buttons_in_the_conversations_language(language, yes):
    question = feedback.question(default(language))
    assert question["text"] == say(language, "feedback_question")
    assert question["buttons"] == [
        {"title": yes, "payload": "/feedback_yes"},
        {"title": "No", "payload": "/feedback_no"},
    ]


def test_a_referral_turn_that_offers_options_leaves_the_question_for_later():
    messages, events = run(ActionGiveReferral(), tracker(CASE))
    assert messages[-1]["buttons"] and messages[-1]["text"] != say("en", "feedback_question")  # the date offer
    assert SlotSet("feedback", "asked") not in events


def test_an_answer_with_options_of_its_own_leaves_the_question_for_later():
    slots = {**CASE, "letter_date": date.today().isoformat(), "awaiting": "letter_date"}
    messages, events = run(ActionLetterDate(), tracker(slots, intent="inform_date", text="today"))
    assert messages[-1]["buttons"] and SlotSet("feedback", "asked") not in events  # the offer of the rest


def test_the_next_answer_without_options_after_the_referral_asks_it_once():
    slots = dict(CASE)
    messages, events = run(ActionAnswerOutsideQuestion(), tracker(slots, intent="affirm", text="ok"))
    assert messages[-1] == collected(feedback.question()) and SlotSet("feedback", "asked") in events
    slots.update(feedback="asked")
    messages, events = run(ActionAnswerOutsideQuestion(), tracker(slots, intent="affirm", text="ok"))
    assert (
        all(m["text"] != say("en", "feedback_question") for m in messages)
        and SlotSet("feedback", "asked") not in events
    )


@pytest.mark.parametrize("intent, answer", [("feedback_yes", "yes"), ("feedback_no", "no")])
def test_a_tap_is_thanked_and_kept(intent, answer):
    slots = {**CASE, "feedback": "asked", "awaiting": "feedback"}
    (message,), events = run(ActionFeedback(), tracker(slots, intent=intent, text=f"/{intent}"))
    assert events == [SlotSet("feedback", answer), SlotSet("awaiting", None)]
    if answer == "no":  # nobody is left without a number: the routed one
        assert default().agencies["CDI"].phone in message["text"]
    else:
        assert message["text"] == say("en", "feedback_glad")


def test_a_typed_yes_or_no_right_after_the_question_answers_it():
    slots = {**CASE, "feedback": "asked", "awaiting": "feedback"}
    (message,), events = run(ActionAnswerOutsideQuestion(), tracker(slots, intent="deny", text="not really"))
    assert events == [SlotSet("feedback", "no"), SlotSet("awaiting", None)]
    assert default().agencies["CDI"].phone in message["text"]


def test_the_first_answer_is_the_one_kept():
    slots = {**CASE, "feedback": "yes"}
    (message,), events = run(ActionFeedback(), tracker(slots, intent="feedback_no", text="/feedback_no"))
    assert events == [SlotSet("awaiting", None)] and message["text"]


def test_any_other_message_goes_on_and_closes_the_question():
    # Not blocking: the next message is understood as usual, and a later "yes" is not taken as feedback.
    message = {"text": "what is an IMR?", "intent": {"name": "ask_imr_what"}}
    assert context_updates(message, {"awaiting": "feedback"}, {}, date.today()).get("awaiting", "kept") is None
    message = {"text": "yes", "intent": {"name": "affirm"}}
    assert "awaiting" not in context_updates(message, {"awaiting": "feedback"}, {}, date.today())
