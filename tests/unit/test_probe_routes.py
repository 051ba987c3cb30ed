"""Where people get sent, for the probe's routing findings (F6, F7, F13-F16, F19-F21).

Expected agencies, numbers and pathways are read from the knowledge data, never typed here."""
from rasa_sdk.events import FollowupAction

from actions.answers import ActionNotUnderstood
from tests.unit.test_actions import run, tracker


def _first_turn(slots, text, intent="nlu_fallback"):
    """A first message that the NLU could not place but whose words completed the case: the case
    slots are set after the user event, as the extraction does in that turn."""
    message = {"text": text, "intent": {"name": intent, "confidence": 0.5}, "entities": []}
    events = [{"event": "user", "text": text, "parse_data": message}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    return tracker(slots, intent=intent, text=text, events=events)


def test_a_first_message_that_completes_the_case_gets_the_referral_not_i_cant_answer():
    # F6 (c14b), F15 (c82): no "Sorry, I can't answer that" and no "Did this help?" as the first reply.
    slots = {"coverage": "medicare", "problem": "other", "problem_detail": "medicare_non_denial"}
    text = "My father is in the hospital on Medicare and they want to discharge him tomorrow. How do I stop it?"
    messages, events = run(ActionNotUnderstood(), _first_turn(slots, text))
    assert messages == [] and events == [FollowupAction("referral_form")]


def test_a_share_of_cost_first_message_goes_to_the_questions_that_give_the_referral():
    slots = {"coverage": "medi_cal_managed_care", "problem": "other", "problem_detail": "medi_cal_eligibility"}
    messages, events = run(ActionNotUnderstood(), _first_turn(slots, "the county raised my medi-cal share of cost, thats crazy"))
    assert messages == [] and events == [FollowupAction("referral_form")]
