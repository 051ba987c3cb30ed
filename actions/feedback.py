"""'Did this help?' after the referral (bot/feedback.py): ask once, record the answer as a slot event."""

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import given_referral, in_form, intent, knowledge, letter_date, letter_deadline, send, text
from bot import feedback, followups, replies, turns
from bot.context import FORM
from bot.language import fold_words
from bot.knowledge import Knowledge
from bot.routing import Referral


# A question typed under "Did this help?" (probe s11 C04, X04: "where do I send the hearing request" was
# kept as a yes): a question mark, or a message that starts like a question ("where ...", "¿dónde ...").
ASKS = re.compile(
    r"[?¿]|^\W*(what|whats|where|wheres|who|whos|how|when|why|which|"
    r"que|donde|adonde|a donde|quien|como|cuando|cual|cuanto|por que|para que)\b"
)


def asks(said: str) -> bool:
    """Whether a message typed after "Did this help?" asks something (answered, never kept as a yes or
    a no): a question with a follow-up topic, or one that plainly asks (a question mark, "where ...")."""
    if not said or said.startswith("/"):
        return False
    return bool(followups.topic(said) and followups.is_question(said)) or bool(ASKS.search(fold_words(said)))


def answer_asked(dispatcher: CollectingDispatcher, tracker: Tracker, referral: Referral, kb: Knowledge) -> None:
    """The answer to a question typed under "Did this help?": the route's answer, or its number."""
    turn = turns.acknowledge(text(tracker), referral, kb, letter_date(tracker), letter_deadline(tracker))
    for reply in turn.replies:
        send(dispatcher, tracker, reply)


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
        if referral is not None and asks(tracker.latest_message.get("text") or ""):
            # A question typed under "Did this help?" ("could he get a hearing?") is answered, not
            # recorded as a "no" (probe s5 P41) or a yes (probe s11 C04).
            answer_asked(dispatcher, tracker, referral, kb)
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
