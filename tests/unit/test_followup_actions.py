"""The follow-up action and the situations read every turn, with a real Tracker (issue 15)."""

from rasa_sdk.events import FollowupAction, SlotSet

from actions.answers import (
    ActionAnswerFollowup,
    ActionAnswerImrQuestion,
    ActionEmergency,
    ActionGiveReferral,
    ActionNotUnderstood,
)
from actions.extract import ActionExtractCase
from bot import followups
from bot.context import FORM
from bot.knowledge import default
from bot.routing import Case, route
from tests.unit.test_actions import run, tracker

EN, ES = default("en"), default("es")
CDI_CASE = {"coverage": "other_ppo_or_insurance", "problem": "medical_necessity"}


def test_a_follow_up_after_a_cdi_referral_gets_the_cdi_answer():
    messages, events = run(
        ActionAnswerFollowup(), tracker(CDI_CASE, intent="ask_followup", text="how long will this take?")
    )
    assert messages[0]["text"] == followups.answer("how_long", route(Case(**CDI_CASE), EN), EN)["text"]
    assert events == []


def test_a_follow_up_in_spanish_is_answered_in_spanish():
    slots = {**CDI_CASE, "language": "es"}
    messages, _ = run(
        ActionAnswerFollowup(), tracker(slots, intent="ask_followup", text="¿mi hijo lo puede pedir por mí?")
    )
    assert messages[0]["text"] == followups.answer("someone_else", route(Case(**CDI_CASE), ES), ES)["text"]


def test_a_follow_up_before_the_referral_is_answered_and_the_questions_go_on():
    messages, events = run(
        ActionAnswerFollowup(), tracker({}, intent="ask_followup", text="they never answered my grievance")
    )
    assert messages[0]["text"] == followups.answer("plan_never_answered", None, EN)["text"]
    assert events == [FollowupAction("referral_form")]


def test_a_follow_up_with_no_known_topic_still_gets_the_routed_number():
    messages, _ = run(ActionAnswerFollowup(), tracker(CDI_CASE, intent="ask_followup", text="hmm and then?"))
    assert EN.agencies["CDI"].phone in messages[0]["text"]


def test_a_follow_up_the_nlu_missed_is_still_answered_after_the_referral():
    messages, _ = run(ActionNotUnderstood(), tracker(CDI_CASE, intent="nlu_fallback", text="do i need an attorney"))
    assert messages[0]["text"] == followups.answer("lawyer", route(Case(**CDI_CASE), EN), EN)["text"]


def test_what_if_the_imr_says_yes_is_answered_for_the_route():
    slots = {"coverage": "hmo", "problem": "medical_necessity"}
    messages, _ = run(
        ActionAnswerImrQuestion(), tracker(slots, intent="ask_imr_what", text="what happens if i win the imr")
    )
    assert messages[0]["text"] == followups.answer("imr_yes", route(Case("hmo", "medical_necessity"), EN), EN)["text"]


def test_a_plan_that_never_answered_is_remembered_and_changes_the_first_step():
    _, events = run(
        ActionExtractCase(),
        tracker(
            {},
            intent="problem_medical_necessity",
            text="I appealed to Blue Shield in March about my MRI and they never answered",
        ),
    )
    assert SlotSet("plan_silent", True) in events
    slots = {"coverage": "hmo", "problem": "medical_necessity", "plan_silent": True}
    messages, _ = run(ActionGiveReferral(), tracker(slots, text="it's an hmo"))
    card = messages[0]["custom"]["referral"]
    assert card["first_step"] == EN.first_steps[("DMHC", "imr")]["plan_silent"]


def test_a_plan_through_a_job_is_remembered():
    _, events = run(ActionExtractCase(), tracker({}, intent="inform_coverage", text="it's a PPO through my job"))
    assert SlotSet("job_plan", True) in events


def test_a_follow_up_read_as_a_problem_after_the_referral_is_answered_not_repeated():
    slots = {"coverage": "hmo", "problem": "medical_necessity"}
    text = "this is urgent, she can't wait for the surgery"
    message = {"text": text, "intent": {"name": "problem_medical_necessity", "confidence": 0.9}, "entities": []}
    events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    events += [
        {"event": "action", "name": "action_give_referral"},
        {"event": "user", "text": text, "parse_data": message},
    ]
    messages, _ = run(
        ActionGiveReferral(), tracker(slots, intent="problem_medical_necessity", text=text, events=events)
    )
    assert messages == [
        {**messages[0], "text": followups.answer("urgent", route(Case("hmo", "medical_necessity"), EN), EN)["text"]}
    ]
    assert "custom" not in messages[0] or not messages[0].get("custom")


def test_a_correction_after_the_referral_still_gets_a_new_referral():
    slots = {"coverage": "other_ppo_or_insurance", "problem": "medical_necessity"}
    text = "sorry, it's urgent and it's actually an HMO"
    message = {"text": text, "intent": {"name": "inform_coverage", "confidence": 0.9}, "entities": []}
    events = [
        {"event": "slot", "name": "coverage", "value": "hmo"},
        {"event": "slot", "name": "problem", "value": "medical_necessity"},
        {"event": "action", "name": "action_give_referral"},
        {"event": "user", "text": text, "parse_data": message},
    ]
    messages, _ = run(ActionGiveReferral(), tracker(slots, intent="inform_coverage", text=text, events=events))
    assert messages[0]["custom"]["referral"]["agency"] == "CDI"


def test_an_emergency_ranked_second_behind_a_follow_up_gets_the_911_advice():
    t = tracker({}, intent="ask_followup", text="ya no quiero vivir")
    t.latest_message["intent_ranking"] = [
        {"name": "ask_followup", "confidence": 0.5},
        {"name": "medical_emergency", "confidence": 0.4},
    ]
    messages, events = run(ActionAnswerFollowup(), t)
    assert messages[0]["text"].startswith(EN.faq["emergency"]) and events == []


def test_a_story_the_nlu_took_for_an_emergency_gets_its_referral_not_the_911_advice_alone():
    # "No insurance, I found a lump": no danger now in its words; the story was read (the problem slots
    # set for this message), so the referral comes next (s7-stories6).
    text = "I lost my job and my insurance, and now I found a lump and have no coverage at all."
    events = [
        {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": "medical_emergency"}}},
        {"event": "slot", "name": "problem", "value": "other"},
        {"event": "slot", "name": "problem_detail", "value": "uninsured"},
    ]
    slots = {"problem": "other", "problem_detail": "uninsured"}
    messages, events = run(ActionEmergency(), tracker(slots, intent="medical_emergency", text=text, events=events))
    assert messages == [] and events == [FollowupAction(FORM)]
    # Danger now still gets the 911 advice first.
    danger = "I can't breathe right now and I have no insurance."
    t = tracker({}, intent="medical_emergency", text=danger)
    messages, _ = run(ActionEmergency(), t)
    assert messages[0]["text"].startswith(EN.faq["emergency"])
