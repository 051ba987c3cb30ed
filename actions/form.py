"""The referral form: which questions to ask, and never give up on a person mid-question."""

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.dispatch import case_referral, knowledge, send
from bot import replies, turns
from bot.context import LETTER_INTENTS
from bot.knowledge import FAIR_HEARING, default
from bot.problem_kinds import needs_coverage
from bot.routing import needs_coverage_detail, needs_fair_hearing
from bot.understanding import emergency_now, side_intent


def _one_of(slot: Text, allowed) -> Any:
    """A validator that keeps only values the knowledge data knows (forged payloads are dropped)."""

    async def validate(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        return {slot: value if value in allowed() else None}

    validate.__name__ = f"validate_{slot}"
    return validate


class ValidateReferralForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_referral_form"

    validate_problem = _one_of("problem", lambda: default().problems)
    validate_coverage = _one_of("coverage", lambda: default().coverages)
    validate_coverage_detail = _one_of("coverage_detail", lambda: default().other_kinds)
    validate_fair_hearing = _one_of("fair_hearing", lambda: FAIR_HEARING)

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Text]:
        """problem always; coverage unless the kind of problem goes to one place whatever the coverage;
        the other-coverage kind and the State Hearing only when they change the answer."""
        coverage, problem = tracker.get_slot("coverage"), tracker.get_slot("problem")
        slots = ["problem"]
        if tracker.get_slot("problem_guess") and problem:
            slots.append("problem_confirmed")  # a problem read from a long story is said back first
        if problem != "other" or needs_coverage(tracker.get_slot("problem_detail")):
            slots.append("coverage")
        if needs_coverage_detail(coverage):
            slots.append("coverage_detail")
        if needs_fair_hearing(coverage, problem, detail=tracker.get_slot("coverage_detail")):
            slots.append("fair_hearing")
        return slots

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        if intent != "medical_emergency" and emergency_now(text):
            # Danger now, told together with the plan problem: the 911 advice before anything else.
            send(dispatcher, tracker, replies.emergency(knowledge(tracker)))
        asked = (
            bool(tracker.get_slot("requested_slot")) and not side_intent(intent, text) and intent not in LETTER_INTENTS
        )
        answer = turns.side_question(
            text,
            asked,
            tracker.get_slot("coverage"),
            knowledge(tracker),
            tracker.get_slot("problem"),
            tracker.get_slot("coverage_detail"),
            case_referral(tracker, knowledge(tracker)),
            tracker.get_slot("problem_detail"),
        )
        if answer is not None:  # "What's a TTY?" at a question: answered, then the question again
            send(dispatcher, tracker, answer)
        events = await super().run(dispatcher, tracker, domain)
        if not side_intent(intent, text) and intent not in LETTER_INTENTS:
            # An answer we could not use still keeps the form going: the question is asked again,
            # reworded (see bot.replies.ask), instead of the form giving up.
            events.append(SlotSet("attempts", tracker.get_slot("attempts")))
        return events
