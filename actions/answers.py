"""Actions that answer: the referral, IMR questions, a human line, emergencies, and misunderstandings."""
import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import send
from bot import replies
from bot.routing import Case, route

logger = logging.getLogger(__name__)


class ActionGiveReferral(Action):
    def name(self) -> Text:
        return "action_give_referral"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        case = Case(
            coverage=tracker.get_slot("coverage"),
            problem=tracker.get_slot("problem"),
            fair_hearing=tracker.get_slot("fair_hearing"),
            coverage_detail=tracker.get_slot("coverage_detail"),
            plan_name=tracker.get_slot("plan"),
        )
        referral = route(case)
        # Route labels only: never message text or identifiers (privacy).
        logger.info("referral agency=%s pathway=%s", referral.agency.key, referral.pathway)
        send(dispatcher, replies.referral(referral))
        return []


class ActionAnswerImrQuestion(Action):
    TOPICS = {"ask_imr_what": "what", "ask_imr_cost": "cost", "ask_imr_who": "who"}

    def name(self) -> Text:
        return "action_answer_imr_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        send(dispatcher, replies.imr_answer(self.TOPICS.get(intent, "what")))
        return []


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, replies.handoff(tracker.get_slot("coverage"), tracker.get_slot("problem")))
        return []


class _FixedReply(Action, ABC):
    """An action that only sends one reply from bot.replies (abstract: the SDK registers subclasses)."""

    action_name: Text = ""

    def name(self) -> Text:
        return self.action_name

    @abstractmethod
    def reply(self) -> Dict[Text, Any]:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, self.reply())
        return []


class ActionEmergency(_FixedReply):
    action_name = "action_emergency"

    def reply(self) -> Dict[Text, Any]:
        return replies.emergency()


class ActionGreet(_FixedReply):
    action_name = "action_greet"

    def reply(self) -> Dict[Text, Any]:
        return replies.greeting()


class ActionNotUnderstood(_FixedReply):
    """Low confidence or an unexpected turn: say so kindly, re-offer the options and a number."""

    action_name = "action_not_understood"

    def reply(self) -> Dict[Text, Any]:
        return replies.not_understood()


class ActionOutOfScope(_FixedReply):
    action_name = "action_out_of_scope"

    def reply(self) -> Dict[Text, Any]:
        return replies.not_understood(out_of_scope=True)


class ActionDeleteConversation(Action):
    """Forget the conversation: the tracker store deletes it when it sees this action (storage/)."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, replies.deleted())
        return [Restarted()]
