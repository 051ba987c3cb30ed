"""The custom slot mapping: every user turn, pull case facts out of the message (bot.understanding),
and keep the conversation's language, the date on the plan's letter and the problem in the
person's own words (bot.context)."""

from datetime import date
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import slot_events
from bot.context import (
    denial_told,
    CONTEXT_SLOTS,
    LETTER_INTENTS,
    changed_slots,
    context_updates,
    given_before,
    state_before_latest_message,
)
from bot import named_numbers, new_problem
from bot.understanding import attempts
from bot.letter.case import slot_updates as letter_slot_updates
from bot.understanding import CASE_SLOTS, extract
from bot.understanding.words import question_not_correction


class ActionExtractCase(Action):
    def name(self) -> Text:
        return "action_extract_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        intent = message.get("intent") or {}
        slots, requested = state_before_latest_message(tracker.events)
        updates = (
            {}
            if intent.get("name") in LETTER_INTENTS
            else extract(
                intent.get("name"),
                message.get("entities") or [],
                requested,
                # the story, and whether a denial was told earlier (the reason's default keeps it)
                {
                    **{name: slots[name] for name in CASE_SLOTS + ("problem_words",)},
                    attempts.DENIAL_TOLD: denial_told(tracker.events),
                },
                confidence=intent.get("confidence", 1.0),
                ranking=message.get("intent_ranking") or [],
                text=message.get("text") or "",
            )
        )
        said = message.get("text") or ""
        after_referral = not requested and given_before(tracker.events)
        if after_referral and _only_asks(said, slots, updates):
            # "what about the $300 urgent care bill?" after the referral: a question, not a new case (probe s7)
            updates = {k: v for k, v in updates.items() if k not in CASE_SLOTS or k == "attempts"}
        elif after_referral and intent.get("name") not in LETTER_INTENTS and new_problem.announced(said):
            # "also my Medi-Cal got cancelled": a second problem, read as if told first (bot/new_problem.py)
            fresh = new_problem.fresh(slots)
            told = extract(
                intent.get("name"),
                message.get("entities") or [],
                None,
                {name: fresh[name] for name in CASE_SLOTS + ("problem_words",)},
                confidence=intent.get("confidence", 1.0),
                ranking=message.get("intent_ranking") or [],
                text=said,
            )
            started = new_problem.start(slots, told)
            updates, slots = (started, fresh) if started else (updates, slots)
        updates.update(context_updates(message, slots, updates, date.today()))
        updates.update(letter_slot_updates(message.get("metadata"), slots, date.today()))
        current = {name: tracker.get_slot(name) for name in CASE_SLOTS + CONTEXT_SLOTS}
        return slot_events(changed_slots(updates, current))


def _only_asks(said: str, slots: Dict[Text, Any], updates: Dict[Text, Any]) -> bool:
    """A question after the referral that corrects nothing ("what about the $300 urgent care bill?", probe
    s7), unless the coverage was not known and it names a plan ("its on my card somewhere? it says Blue
    Cross", probe s13 14 e18): that plan is taken, as an answer would be."""
    names_unknown_coverage = slots.get("coverage") in (None, "unknown") and bool(updates.get("plan"))
    return (question_not_correction(said) or named_numbers.asked(said)) and not names_unknown_coverage
