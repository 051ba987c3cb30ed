"""One question per form slot, worded by bot.replies.ask (buttons always, rewording after a miss)."""

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import first_of_turn, intent, knowledge, send, text
from bot import context, privacy_note
from bot.replies import ask, confirm_problem
from bot.understanding import CASE_SLOTS
from bot.understanding.problem import says_denial


class _AskSlot(Action, ABC):
    """Base: subclasses name their slot (abstract, so the SDK registers only the subclasses)."""

    @property
    @abstractmethod
    def slot(self) -> Text: ...

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        after_denial = (
            intent(tracker) == "report_denial"
            or context.denial_told(tracker.events)
            or says_denial(text(tracker))  # "Aetna refused my MRI" the NLU took for something else (probe P10)
        )
        slots = {name: tracker.get_slot(name) for name in CASE_SLOTS}
        private = privacy_note.note(text(tracker), knowledge(tracker), asking=True)
        if private is not None and first_of_turn(dispatcher, tracker):
            # "can you look up my claim?" (probe s11 M01): said once, then the question
            send(dispatcher, tracker, private)
        send(dispatcher, tracker, ask(self.slot, slots, kb=knowledge(tracker), after_denial=after_denial))
        return []


class ActionAskProblem(_AskSlot):
    slot = "problem"


class ActionAskCoverage(_AskSlot):
    slot = "coverage"


class ActionAskCoverageDetail(_AskSlot):
    slot = "coverage_detail"


class ActionAskFairHearing(_AskSlot):
    slot = "fair_hearing"


class ActionAskProblemConfirmed(Action):
    """Say back the problem read from a long story: Yes, or No to pick another."""

    def name(self) -> Text:
        return "action_ask_problem_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        problem, detail = tracker.get_slot("problem"), tracker.get_slot("problem_detail")
        reply = confirm_problem(problem, detail, kb)
        # Said before (a question came in between): the short form, not the same sentence again
        # (probe F5). The form asks without an action event of its own, so the bot's words tell.
        again = context.said_before(tracker.events, reply["text"])
        attempts = tracker.get_slot("attempts") or {}
        reason = attempts.get("reason") if attempts.get("slot") == "problem_confirmed" else None
        send(dispatcher, tracker, confirm_problem(problem, detail, kb, again=again, reason=reason))
        return []
