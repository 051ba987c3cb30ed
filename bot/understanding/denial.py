"""What a message says about a denial beyond its kind: a refusal told beside a plan's name, and a denial
whose reason the person did not tell (bot/understanding/problem.py reads the kind)."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Tuple

from bot.language import fold
from bot.problem_kinds import REASONS, Reading
from bot.understanding.attempts import REASON_UNKNOWN
from bot.understanding.intents import PROBLEM_INTENTS
from bot.understanding.problem import says_denial
from bot.understanding.words import NO_REASON_WORDS

# "UnitedHealthcare PPO overcharged me" often ranks inform_coverage first: when a message names a
# plan, a problem intent ranked next with at least this confidence is taken as the problem too.
PROBLEM_BESIDE_PLAN_CONFIDENCE = 0.25
# A denial told in this many words or fewer without a reason ("me negaron la cirugia"): its reason is unknown.
SHORT_DENIAL_WORDS = 10


def problem_beside_plan(
    intent: Optional[str],
    confidence: float,
    updates: Mapping[str, Any],
    slots: Mapping[str, Any],
    ranking: Sequence[Mapping[str, Any]],
    text: str = "",
) -> Tuple[Optional[str], float]:
    """A message that names a plan, read as the coverage, may state the problem too (the runner-up). A
    "Something else" runner-up of a message that says the plan said no is that refusal, its reason asked
    ("tengo medicare y medi-cal ... me negaron las horas de enfermera", probe s13 12 es21: not a Medicare
    problem that is not a denial)."""
    if intent == "inform_coverage" and updates and not slots.get("problem"):
        runner_up = next((r for r in ranking if r.get("name") != intent), {})
        if (
            runner_up.get("name") in PROBLEM_INTENTS
            and runner_up.get("confidence", 0) >= PROBLEM_BESIDE_PLAN_CONFIDENCE
        ):
            if runner_up["name"] == "problem_other" and says_denial(text):
                return "report_denial", runner_up["confidence"]
            return runner_up["name"], runner_up["confidence"]
    return intent, confidence


def reason_not_told(
    intent: Optional[str], found: Optional[Reading], text: str, requested_slot: Optional[str], slots, updates
) -> None:
    """A denial told without its reason ("me negaron la cirugia"), or its reason said unknown after the
    referral ("pero no se por que la negaron, no me dijeron"): the reason is marked unknown, so the summary
    never says "not medically necessary" for the person (probe s13 12 es22; F1.4: the agency decides)."""
    if requested_slot or text.startswith("/") or (found is not None and found.problem):
        return
    problem = updates.get("problem", slots.get("problem"))
    first = "problem" in updates and len(text.split()) <= SHORT_DENIAL_WORDS and says_denial(text)
    later = "problem" not in updates and bool(slots.get("problem")) and bool(NO_REASON_WORDS.search(fold(text)))
    if problem in REASONS and (first and intent in PROBLEM_INTENTS or later):
        updates["problem_confirmed"] = REASON_UNKNOWN
