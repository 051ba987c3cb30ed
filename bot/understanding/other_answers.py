"""Answers to a question other than the open one, kept without a loop: the coverage told at the problem
question, the problem told at the coverage question (probe s11 B06), and a plan named at the coverage
question that leaves its kind open (probe s11 B01, B08, A09)."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from bot.understanding import attempts, problem
from bot.understanding.attempts import count_attempt
from bot.understanding.intents import PROBLEM_INTENTS, asks_aside
from bot.understanding.words import UNSURE_WORDS

STORY_WORDS = 6  # a message this long with a problem's intent, at the coverage question, tells the problem


def answer(
    intent: Optional[str],
    text: str,
    folded: str,
    requested_slot: Optional[str],
    slots: Mapping[str, Any],
    updates: Dict[str, Any],
    aside: bool,
) -> Optional[Dict[str, Any]]:
    """The coverage told at the problem question, or the problem told at the coverage question (probe
    s11 B06): kept, and the open question asked once more (`attempts`); None for any other answer."""
    if (
        requested_slot == "problem"
        and "problem" not in updates
        and updates.get("coverage")
        and not slots.get("problem")
    ):
        return attempts.coverage_at_problem_question(slots, updates, problem.says_denial(slots.get("problem_words")))
    if requested_slot == "coverage" and problem_said(intent, text, folded, updates, aside):
        return attempts.problem_at_coverage_question(slots, updates)
    return None


def problem_said(intent: Optional[str], text: str, folded: str, updates: Mapping[str, Any], aside: bool) -> bool:
    """Whether a message at the coverage question tells the problem (a story, "es que me cobraron 600
    dolares por una consulta que no cubren") and names no coverage: the mirror of `_coverage_said`."""
    if text.startswith("/") or aside or intent not in PROBLEM_INTENTS or UNSURE_WORDS.search(folded):
        return False
    coverage_named = any(updates.get(k) for k in ("coverage", "coverage_pending", "plan"))
    return not coverage_named and len(text.split()) >= STORY_WORDS


def plan_in_a_question(
    requested_slot: Optional[str], text: str, slots: Mapping[str, Any], updates: Dict[str, Any]
) -> None:
    """A plan named in a question asked at the coverage question ("¿tengo que quejarme primero con Blue
    Shield?" after "CalPERS creo", probe s11 A09) does not replace the plan said before: the question is
    answered aside and counted."""
    if requested_slot != "coverage" or updates.get("coverage") or not asks_aside(text):
        return
    if slots.get("plan") and updates.get("plan") not in (None, slots.get("plan")):
        for name in ("plan", "coverage_pending", "coverage", "coverage_detail"):
            updates.pop(name, None)  # (the coverage is not decided: see above)


def narrowed(requested_slot: Optional[str], folded: str, slots: Mapping[str, Any], updates: Dict[str, Any]) -> None:
    """A plan named at the coverage question that leaves its kind open ("Oscar", "CalPERS creo") is kept,
    and counts as one ask: the question comes once more, then its default, the DMHC Help Center (issue 14;
    probe s11 B01, B08, A09). "No sé" said with it is a "not sure"."""
    if requested_slot != "coverage" or updates.get("coverage") or not updates.get("coverage_pending"):
        return
    if updates.get("plan"):
        # Side questions asked before do not count against the plan's own question, which is asked once
        # (issue 14: "Is your Anthem plan an HMO or a PPO?"; the scale test's script 7).
        previous = slots.get("attempts") or {}
        fresh = previous.get("reason") in ("answered", "question")
        counted = {**slots, "attempts": None} if fresh else slots
        count_attempt("coverage", "unsure" if UNSURE_WORDS.search(folded) else "noted", counted, updates)
        if updates.get("coverage"):  # its default: the plan stays, its kind is not asked again
            updates["coverage_pending"] = None
