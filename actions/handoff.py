"""Asking for a person: the place whose people answer for this case, or the number asked for by name,
or the free-help answer when that is what was meant."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import given_referral, knowledge, send, text
from bot import followups, named_numbers, replies


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        named = named_numbers.answer(text(tracker), kb)
        if named is not None:  # "what's the ombudsman's phone number" read as asking for a person
            send(dispatcher, tracker, named)
            return []
        asked = followups.topic(text(tracker))
        if asked is not None:
            # "Can someone help me for free?" is read as asking for a person: it is the free-help
            # question, answered for the route (its numbers include people to talk to).
            send(
                dispatcher,
                tracker,
                followups.answer(asked, given_referral(tracker, kb), kb, coverage=tracker.get_slot("coverage")),
            )
            return []
        send(dispatcher, tracker, replies.handoff(tracker.get_slot("coverage"), tracker.get_slot("problem"), kb))
        return []
