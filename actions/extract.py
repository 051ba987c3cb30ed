"""The custom slot mapping: every user turn, pull case facts out of the message (bot.understanding)."""
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.understanding import CASE_SLOTS, extract

FORM = "referral_form"


def state_before_latest_message(tracker: Tracker) -> Tuple[Dict[str, Any], Optional[str]]:
    """Case slots and the open question as they were before the latest user message.

    Rasa runs slot extraction twice for a message that activates a form (once per turn, once at
    activation); reading the earlier state keeps the extraction idempotent, so one "not sure"
    is never counted twice.
    """
    events = tracker.events
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    slots: Dict[str, Any] = {}
    active_loop = None
    for event in events[:last_user]:
        kind = event.get("event")
        if kind == "restart":
            slots, active_loop = {}, None
        elif kind == "slot":
            slots[event.get("name")] = event.get("value")
        elif kind == "active_loop":
            active_loop = event.get("name")
    requested = slots.get("requested_slot") if active_loop == FORM else None
    return {name: slots.get(name) for name in CASE_SLOTS}, requested


class ActionExtractCase(Action):
    def name(self) -> Text:
        return "action_extract_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        intent = message.get("intent") or {}
        slots, requested = state_before_latest_message(tracker)
        updates = extract(
            intent.get("name"),
            message.get("entities") or [],
            requested,
            slots,
            confidence=intent.get("confidence", 1.0),
            ranking=message.get("intent_ranking") or [],
        )
        current = {name: tracker.get_slot(name) for name in CASE_SLOTS}
        return [SlotSet(name, value) for name, value in updates.items() if current.get(name) != value]
