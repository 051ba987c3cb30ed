"""Actions about the conversation itself rather than the case: switching language and forgetting it all."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import given_referral, in_form, knowledge, send, send_all
from bot import replies, turns


class ActionSwitchLanguage(Action):
    """The person asked for English or Spanish (the language slot is already switched)."""

    def name(self) -> Text:
        return "action_switch_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        send(dispatcher, tracker, replies.language_switched(kb))
        referral = given_referral(tracker, kb)
        if referral is not None:
            send_all(dispatcher, tracker, turns.referral_turn(referral, kb))  # now in this language
        elif not in_form(tracker) and not tracker.get_slot("problem"):
            send(dispatcher, tracker, replies.ask("problem", {}, kb=kb))
        return []


class ActionDeleteConversation(Action):
    """Forget the conversation: the tracker store deletes it when it sees this action (storage/)."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        # Its card tells the widget to forget its copy of the transcript too.
        send(dispatcher, tracker, replies.deleted(knowledge(tracker)))
        return [Restarted()]
