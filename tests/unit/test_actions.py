"""The Rasa SDK actions, driven with a real Tracker and CollectingDispatcher."""
import asyncio
import logging

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerImrQuestion, ActionGiveReferral, ActionHandoff, ActionNotUnderstood
from actions.ask import ActionAskCoverage, ActionAskFairHearing, ActionAskProblem
from actions.extract import ActionExtractCase
from actions.form import ValidateReferralForm
from bot.knowledge import default

DOMAIN = {"forms": {"referral_form": {"required_slots": ["problem", "coverage", "coverage_detail", "fair_hearing"]}}}


def tracker(slots=None, intent="inform_coverage", entities=(), text="", active_loop=None, events=None):
    """A tracker whose history holds `slots` (and the open form), then the latest message."""
    slots = dict(slots or {})
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": list(entities)}
    if events is None:
        events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
        if active_loop:
            events.append({"event": "active_loop", "name": active_loop})
        events.append({"event": "user", "text": text, "parse_data": message})
    return Tracker(
        sender_id="test",
        slots=slots,
        latest_message=message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    return dispatcher.messages, events


def test_referral_sends_text_and_card(caplog):
    caplog.set_level(logging.INFO)
    messages, _ = run(ActionGiveReferral(), tracker({"coverage": "hmo", "problem": "medical_necessity", "plan": "kaiser"}, text="Kaiser denied my MRI"))
    (message,) = messages
    card = message["custom"]["referral"]
    dmhc = default().agencies["DMHC"]
    assert card["agency"] == "DMHC" and card["phone"] == dmhc.phone and card["pathway"] == "imr"
    assert dmhc.phone in message["text"] and default().faq["imr"]["cost"] in message["text"]
    # Privacy: the log names the route, never what the person wrote.
    assert "agency=DMHC" in caplog.text and "Kaiser" not in caplog.text and "MRI" not in caplog.text


def test_extract_action_fills_slots_from_entities():
    t = tracker(intent="problem_medical_necessity", entities=[{"entity": "plan", "value": "Kaiser"}])
    _, events = run(ActionExtractCase(), t)
    assert SlotSet("coverage", "hmo") in events and SlotSet("plan", "kaiser") in events


def test_extract_action_reads_the_open_question():
    t = tracker({"requested_slot": "fair_hearing"}, intent="deny", active_loop="referral_form")
    _, events = run(ActionExtractCase(), t)
    assert events == [SlotSet("fair_hearing", "not_requested")]


def test_extraction_counts_a_not_sure_once_even_when_run_twice_for_one_message():
    """Rasa runs slot extraction again when a message activates the form."""
    first = tracker(intent="coverage_unknown")
    _, events = run(ActionExtractCase(), first)
    assert events == [SlotSet("attempts", {"slot": "coverage", "count": 1, "reason": "unsure"})]
    again = tracker(
        {"attempts": {"slot": "coverage", "count": 1, "reason": "unsure"}},
        intent="coverage_unknown",
        events=first.events + [{"event": "slot", "name": "attempts", "value": {"slot": "coverage", "count": 1, "reason": "unsure"}}],
    )
    _, events = run(ActionExtractCase(), again)
    assert events == []


def test_form_asks_the_hearing_only_for_medi_cal_imr_problems():
    form = ValidateReferralForm()
    dispatcher = CollectingDispatcher()
    medi_cal = tracker({"coverage": "medi_cal_managed_care", "problem": "experimental"})
    hmo = tracker({"coverage": "hmo", "problem": "experimental"})
    assert asyncio.run(form.required_slots([], dispatcher, medi_cal, DOMAIN)) == ["problem", "coverage", "fair_hearing"]
    assert asyncio.run(form.required_slots([], dispatcher, hmo, DOMAIN)) == ["problem", "coverage"]


def test_form_keeps_going_after_an_unclear_answer_but_not_a_side_question():
    form = ValidateReferralForm()
    attempts = {"slot": "coverage", "count": 1, "reason": "unclear"}
    _, events = run(form, tracker({"requested_slot": "coverage", "attempts": attempts}, intent="nlu_fallback", active_loop="referral_form"))
    assert SlotSet("attempts", attempts) in events
    _, events = run(form, tracker({"requested_slot": "coverage"}, intent="ask_imr_cost", active_loop="referral_form"))
    assert not any(e.get("name") == "attempts" for e in events)


def test_ask_coverage_always_offers_buttons_and_explains_after_not_sure():
    messages, _ = run(ActionAskCoverage(), tracker({}))
    assert len(messages[0]["buttons"]) == len(default().coverages)
    messages, _ = run(ActionAskCoverage(), tracker({"attempts": {"slot": "coverage", "count": 1, "reason": "unsure"}}))
    assert default().faq["coverage_help"] in messages[0]["text"]
    assert messages[0]["buttons"][-1]["title"] == "Still not sure"


def test_ask_fair_hearing_buttons_map_to_yes_no_not_sure():
    messages, _ = run(ActionAskFairHearing(), tracker({}))
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny", "/dont_know"]


@pytest.mark.parametrize("intent,key", [("ask_imr_cost", "cost"), ("ask_imr_who", "who"), ("ask_imr_what", "what")])
def test_imr_questions(intent, key):
    messages, _ = run(ActionAnswerImrQuestion(), tracker(intent=intent))
    assert default().faq["imr"][key] in messages[0]["text"]


def test_handoff_gives_the_routed_line_or_the_help_center():
    messages, _ = run(ActionHandoff(), tracker({"coverage": "medicare"}))
    assert default().agencies["HICAP"].phone in messages[0]["text"]
    messages, _ = run(ActionHandoff(), tracker({}))
    assert default().agencies["DMHC"].phone in messages[0]["text"]


def test_not_understood_reoffers_options_and_a_number():
    messages, _ = run(ActionNotUnderstood(), tracker(intent="nlu_fallback"))
    assert messages[0]["buttons"] and default().agencies["DMHC"].phone in messages[0]["text"]


def test_form_drops_values_the_knowledge_does_not_know():
    form = ValidateReferralForm()
    t = tracker({"coverage": "platinum", "problem": "medical_necessity", "requested_slot": "coverage"}, active_loop="referral_form")
    t.slots["coverage"] = "platinum"
    dispatcher = CollectingDispatcher()
    assert asyncio.run(form.validate_coverage("platinum", dispatcher, t, DOMAIN)) == {"coverage": None}
    assert asyncio.run(form.validate_coverage("hmo", dispatcher, t, DOMAIN)) == {"coverage": "hmo"}
    assert asyncio.run(form.validate_fair_hearing("requested", dispatcher, t, DOMAIN)) == {"fair_hearing": "requested"}


def test_after_a_denial_the_problem_question_asks_for_the_reason():
    messages, _ = run(ActionAskProblem(), tracker(intent="report_denial"))
    assert "reason" in messages[0]["text"] and len(messages[0]["buttons"]) == len(default().problems)
    messages, _ = run(ActionAskProblem(), tracker(intent="greet"))
    assert "What happened" in messages[0]["text"]
