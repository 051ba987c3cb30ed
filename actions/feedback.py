"""'Did this help?' after the referral (bot/feedback.py): ask once, record the answer as a slot event."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import given_referral, in_form, intent, knowledge, send
from bot import feedback, followups, replies
from bot.context import FORM
from bot.knowledge import Knowledge
from bot.routing import Referral


def ask_once(dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge) -> List[Dict[Text, Any]]:
    """Ask at the end of an answer after the referral, once per case, and only when this answer
    offers no options of its own (so "1" by SMS and the buttons on screen mean one thing)."""
    if tracker.get_slot(feedback.SLOT) is not None or any(m.get("buttons") for m in dispatcher.messages):
        return []
    send(dispatcher, tracker, feedback.question(kb))
    return [SlotSet(feedback.SLOT, feedback.ASKED), SlotSet("awaiting", feedback.SLOT)]


def record(
    dispatcher: CollectingDispatcher, tracker: Tracker, answer: str, referral: Optional[Referral], kb: Knowledge
) -> List[Dict[Text, Any]]:
    """Thank the person; the first answer to the question is the one kept."""
    send(dispatcher, tracker, feedback.thanks(answer, referral, kb))
    if tracker.get_slot(feedback.SLOT) in (feedback.YES, feedback.NO):
        return [SlotSet("awaiting", None)]
    return [SlotSet(feedback.SLOT, answer), SlotSet("awaiting", None)]


class ActionFeedback(Action):
    """A tap on Yes or No under "Did this help?" (or 1 or 2 by SMS): thanks, and the answer kept."""

    def name(self) -> Text:
        return "action_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        referral = given_referral(tracker, kb)
        said = tracker.latest_message.get("text") or ""
        asked = followups.topic(said) if not said.startswith("/") and followups.is_question(said) else None
        if asked and referral is not None:
            # A question typed under "Did this help?" ("could he get a hearing?") is answered, not
            # recorded as a "no" (probe s5 P41).
            send(dispatcher, tracker, followups.answer(asked, referral, kb))
            return []
        if tracker.get_slot(feedback.SLOT) is None:
            # "/feedback_yes" typed with no "Did this help?" asked: nothing to record (probe P36);
            # after the referral, what else I can give; before it, the open question or what happened.
            if in_form(tracker):
                return [FollowupAction(FORM)]
            send(dispatcher, tracker, replies.more(referral, kb) if referral else replies.ask("problem", {}, kb=kb))
            return []
        answer = feedback.INTENTS.get(intent(tracker), feedback.NO)
        return record(dispatcher, tracker, answer, referral, kb)
