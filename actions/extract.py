"""The custom slot mapping: every user turn, pull case facts out of the message (bot.understanding)."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.understanding import CASE_SLOTS, extract


class ActionExtractCase(Action):
    def name(self) -> Text:
        return "action_extract_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        requested = tracker.get_slot("requested_slot") if tracker.active_loop_name == "referral_form" else None
        slots = {name: tracker.get_slot(name) for name in CASE_SLOTS}
        updates = extract(intent, message.get("entities") or [], requested, slots)
        return [SlotSet(name, value) for name, value in updates.items()]
