"""The letter actions with a real Tracker and CollectingDispatcher: the fields read fill the case
(as if typed), "Here is what I read", a fix button clears its field, and the drafted letter."""

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.extract import ActionExtractCase
from actions.letter import ActionCorrectLetter, ActionDraftLetter, ActionReadLetter
from bot.letter.reply import say
from tests.unit.test_actions import run

READ = {
    "plan": "kaiser",
    "coverage": "hmo",
    "problem": "medical_necessity",
    "service": "MRI of the lower back",
    "letter_date": "2026-10-14",
    "language": "en",
    "coverage_detail": None,
    "appeal_deadline": None,
}


def tracker(slots=None, intent="share_letter", metadata=None, entities=(), active_loop=None):
    slots = dict(slots or {})
    message = {
        "text": "/" + intent,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": list(entities),
        "metadata": metadata or {},
    }
    events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    events.append({"event": "user", "text": message["text"], "parse_data": message, "metadata": metadata or {}})
    return Tracker(
        "test", slots, message, events, False, None, {"name": active_loop} if active_loop else {}, "action_listen"
    )


def test_the_letter_fills_the_case_as_if_typed():
    _, events = run(ActionExtractCase(), tracker(metadata={"letter": READ}))
    slots = {e["name"]: e["value"] for e in events}
    assert slots["letter_date"] == "2026-10-14" and slots["letter_service"] == "MRI of the lower back"
    assert "coverage" not in slots, "so that during the questions the form steps aside for the letter"
    messages, events = run(ActionReadLetter(), tracker(metadata={"letter": READ}))
    slots = {e["name"]: e["value"] for e in events}
    assert slots["coverage"] == "hmo" and slots["problem"] == "medical_necessity" and slots["plan"] == "kaiser"


def test_here_is_what_i_read_or_why_not():
    messages, _ = run(ActionReadLetter(), tracker(metadata={"letter": READ}))
    assert messages[0]["custom"]["letter"]["coverage"] == "hmo" and "MRI of the lower back" in messages[0]["text"]
    messages, _ = run(ActionReadLetter(), tracker(metadata={"letter_error": "password"}))
    assert say("en", "errors.password") in messages[0]["text"]
    messages, _ = run(ActionReadLetter(), tracker(metadata={"letter_error": "<forged>"}))
    assert say("en", "errors.unreadable") in messages[0]["text"]
    messages, _ = run(ActionReadLetter(), tracker())
    assert messages[0]["text"] == say("en", "ask_for_letter")


def test_a_fix_button_clears_its_field():
    entities = [{"entity": "letter_field", "value": "problem"}]
    messages, events = run(ActionCorrectLetter(), tracker(intent="correct_letter", entities=entities))
    assert events == [SlotSet("problem", None)] and messages[0]["text"] == say("en", "fixing")


def test_the_letter_to_the_plan_needs_the_case_first():
    messages, events = run(ActionDraftLetter(), tracker(intent="draft_letter"))
    assert messages[0]["text"] == say("en", "need_case") and events[0]["name"] == "referral_form"
    slots = {
        "coverage": "hmo",
        "problem": "medical_necessity",
        "plan": "kaiser",
        "letter_date": "2026-10-14",
        "letter_service": "MRI of the lower back",
    }
    messages, _ = run(ActionDraftLetter(), tracker(slots, intent="draft_letter"))
    letter = messages[0]["custom"]["draft_letter"]["letter"]
    assert "Kaiser Permanente" in letter and "MRI of the lower back" in letter and "October 14, 2026" in letter


def test_a_letter_from_the_dmhc_after_applying_gets_its_own_step_not_a_first_denials():
    """The IMR's decision upheld (probe s14 16 C03): the answer after a lost IMR, then the turn ends; the
    form's referral (a grievance first) is not given for it."""
    from bot import followups
    from bot.knowledge import default

    upheld = {**READ, "problem": None, "dmhc_step": "imr_no"}
    messages, events = run(ActionReadLetter(), tracker(metadata={"letter": upheld}))
    assert messages[1]["text"] == followups.answer("imr_no", None, default("en"))["text"]
    assert events[-1] == {"event": "followup", "name": "action_listen", "timestamp": None}
