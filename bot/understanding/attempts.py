"""Counting unclear and "not sure" answers to a question, so that nobody loops on it: an explanation
once, then the question's safe default."""

from __future__ import annotations

from typing import Any, Dict, Mapping

# A question's safe default, and after how many "not sure" answers to use it. Unclear answers get an
# explanation once, then the default too: nobody loops on a question.
UNSURE_DEFAULTS = {
    "coverage": ("unknown", 2),
    "problem": ("other", 2),
    "fair_hearing": ("unsure", 1),
    "coverage_detail": ("other", 1),
    "problem_confirmed": ("yes", 1),
}
UNCLEAR_LIMIT = 2


def changed(updates: Mapping[str, Any], slots: Mapping[str, Any]) -> Dict[str, Any]:
    """Only the updates that change a slot."""
    return {k: v for k, v in updates.items() if slots.get(k) != v}


def count_attempt(slot: str, reason: str, slots: Mapping[str, Any], updates: Dict[str, Any]) -> None:
    """Count a failed or 'not sure' answer; after enough of them, fill the slot's safe default."""
    previous = slots.get("attempts") or {}
    count = (previous.get("count", 0) if previous.get("slot") == slot else 0) + 1
    default_value, limit = UNSURE_DEFAULTS.get(slot, (None, None))
    if reason == "unclear":
        limit = UNCLEAR_LIMIT
    if default_value is not None and count >= limit:
        updates[slot] = default_value
        updates["attempts"] = None
    else:
        updates["attempts"] = {"slot": slot, "count": count, "reason": reason}


def asked_about_the_question(requested_slot: str, slots: Mapping[str, Any]) -> Dict[str, Any]:
    """A question about the question: explained and asked again, counted but never defaulted."""
    previous = slots.get("attempts") or {}
    count = previous.get("count", 0) if previous.get("slot") == requested_slot else 0
    return {"attempts": {"slot": requested_slot, "count": max(count, 1), "reason": "question"}}


def back(requested_slot: str, slots: Mapping[str, Any]) -> Dict[str, Any]:
    """'Go back': the question again, with how to change an answer; counted, so it is not asked
    more than twice (then its safe default is used)."""
    updates: Dict[str, Any] = {}
    count_attempt(requested_slot, "unclear", slots, updates)
    if updates.get("attempts"):
        updates["attempts"] = {**updates["attempts"], "reason": "back"}
    return changed(updates, slots)


def coverage_at_problem_question(slots: Mapping[str, Any], updates: Dict[str, Any]) -> Dict[str, Any]:
    """The coverage given at the problem question ("wait, it's an HMO"): kept, and the problem
    question counts it, so it is not asked again and again (probe F21, c60)."""
    count_attempt("problem", "unclear", slots, updates)
    if updates.get("attempts"):
        updates["attempts"] = {**updates["attempts"], "reason": "noted"}  # asked again without "sorry"
    return changed(updates, slots)
