"""Counting unclear and "not sure" answers to a question, so that nobody loops on it: an explanation
once, then the question's safe default."""

from __future__ import annotations

from typing import Any, Dict, Mapping

from bot.problem_kinds.model import REASONS  # the three denial reasons a guess from the words may keep

# A question's safe default, and after how many "not sure" answers to use it. Unclear answers get an
# explanation once, then the default too: nobody loops on a question.
UNSURE_DEFAULTS = {
    "coverage": ("unknown", 2),
    "problem": ("other", 2),
    "fair_hearing": ("unsure", 1),
    "coverage_detail": ("other", 1),
    # "I don't know" at "Is that right?" is never a yes (probe P48): explained once, then the guess is
    # dropped and the reason is asked, with its own "not sure".
    "problem_confirmed": ("no", 2),
}
# What a default does when it is not a value of its slot: "no" to the confirmation forgets the guess.
FORGET_GUESS = dict(problem=None, problem_detail=None, problem_guess=None, problem_confirmed=None)
# The coverage's default ends any question about a plan's kind too.
DEFAULT_UPDATES = {
    ("problem_confirmed", "no"): FORGET_GUESS,
    ("coverage", "unknown"): dict(coverage="unknown", coverage_pending=None),
}
UNCLEAR_LIMIT = 2
ASIDE_LIMIT = 2  # side questions answered while one question is open, before its default
ASIDE_DEFAULTED = ("coverage", "coverage_detail", "fair_hearing")  # the questions side questions count at
# ... up to this many: a side question is answered and the question comes back once ("Now, back to my
# question"), as a person asking about the IMR before answering expects; the next gets the default, so
# no question is asked a third time (issue 14; probe s13 11 e41: the State Hearing question 3 times).
ASIDE_DEFAULT_LIMIT = 2
# `problem_confirmed` when the person could not tell the reason (a new problem told later resets it).
REASON_UNKNOWN = "unsure"
# `attempts` reason when the problem was told at the coverage question: its words are the story.
STORY = "story"
# Beside the slots given to extract(): whether the person said the plan said no earlier in the case
# (bot.context.denial_told, from the conversation's events).
DENIAL_TOLD = "denial_told"


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
    if default_value is not None and count >= limit and _guess_stays(slot, reason, slots):
        # Neither yes nor no at "Is that right?", twice: the kind read from the story stays (a "no" would
        # drop it for the denial-reason menu: probe s14 17 S03, S04, S10)
        updates.update(problem_confirmed="kept", attempts=None)
    elif default_value is not None and count >= limit:
        updates.update(DEFAULT_UPDATES.get((slot, default_value), {slot: default_value}))
        updates["attempts"] = None
    else:
        updates["attempts"] = {"slot": slot, "count": count, "reason": reason}


def asked_about_the_question(requested_slot: str, slots: Mapping[str, Any]) -> Dict[str, Any]:
    """A question about the question: explained and asked again, counted but never defaulted."""
    previous = slots.get("attempts") or {}
    count = previous.get("count", 0) if previous.get("slot") == requested_slot else 0
    return {"attempts": {"slot": requested_slot, "count": max(count, 1), "reason": "question"}}


def help_asked(requested_slot: str, slots: Mapping[str, Any], denial_told: bool = False) -> Dict[str, Any]:
    """ "help" (or "hi" again) at a question: the question explained, like a question about it; but
    "what happened?" before anything was told is simply asked again (it explains itself)."""
    if requested_slot == "problem" and not denial_told and not slots.get("coverage"):
        return {}
    return asked_about_the_question(requested_slot, slots)


def answered_aside(requested_slot: str, slots: Mapping[str, Any]) -> Dict[str, Any]:
    """A question answered on the side while `requested_slot` is open: not an unclear answer; the
    question comes back "Now, back to my question: ..." without "sorry" (probe P9). At "Is that
    right?" it counts: that question is not asked a third time (probe s7: it came back 4 times); the
    guess read from the story is then kept as read. Questions are not doubt: the reason stays the
    story's (an experimental denial still goes to the DMHC at once, F1.8, F1.11; probe3 en42, es11);
    only "not sure" at the question marks it unknown (`denial_without_reason`)."""
    previous = slots.get("attempts") or {}
    count = previous.get("count", 0) if previous.get("slot") == requested_slot else 0
    if requested_slot in ASIDE_DEFAULTED:
        # The coverage and hearing questions are not asked a third time either (probe s9: the coverage
        # question came back 4 times between side questions): their safe default, and the referral. Asked
        # twice already for another reason ("no sé", a plan without its kind), a side question is the last.
        # A plan named without its kind ("noted") leaves its own question to ask once more after a side one.
        reason = previous.get("reason", "answered")
        # the plan's own question ("noted": asked once since the plan was named) may come back once more
        limit = (
            ASIDE_DEFAULT_LIMIT + (reason == "noted") if reason in ("answered", "question", "noted") else UNCLEAR_LIMIT
        )
        if count + 1 < limit:
            return {"attempts": {"slot": requested_slot, "count": count + 1, "reason": "answered"}}
        default_value = UNSURE_DEFAULTS[requested_slot][0]
        return {
            **DEFAULT_UPDATES.get((requested_slot, default_value), {requested_slot: default_value}),
            "attempts": None,
        }
    if requested_slot == "problem":
        # "What happened?" is counted too, but never defaulted here: side questions must not decide the
        # problem. Asked twice already, it comes back as an open invitation with a number to call, not a
        # third time (probe s12: asked 4 times between side questions).
        return {"attempts": {"slot": requested_slot, "count": count + 1, "reason": "answered"}}
    if requested_slot != "problem_confirmed" or not slots.get("problem"):
        return {"attempts": {"slot": requested_slot, "count": count, "reason": "answered"}}
    if count + 1 < ASIDE_LIMIT:
        return {"attempts": {"slot": requested_slot, "count": count + 1, "reason": "answered"}}
    return {"problem_confirmed": "kept", "attempts": None}


def _guess_stays(slot: str, reason: str, slots: Mapping[str, Any]) -> bool:
    """At "Is that right?": answers that are neither yes, no nor "not sure" keep the guess; "not sure"
    twice is never a yes (probe P48: a denial's stays with its reason unknown, another kind is dropped)."""
    return slot == "problem_confirmed" and bool(slots.get("problem")) and reason != "unsure"


def back(requested_slot: str, slots: Mapping[str, Any]) -> Dict[str, Any]:
    """'Go back': the question again, with how to change an answer; counted, so it is not asked
    more than twice (then its safe default is used)."""
    updates: Dict[str, Any] = {}
    count_attempt(requested_slot, "unclear", slots, updates)
    if updates.get("attempts"):
        updates["attempts"] = {**updates["attempts"], "reason": "back"}
    return changed(updates, slots)


def coverage_at_problem_question(
    slots: Mapping[str, Any], updates: Dict[str, Any], denial_told: bool = False
) -> Dict[str, Any]:
    """The coverage (or a plan's name) given at the problem question ("wait, it's an HMO", "Cigna"):
    kept, and the problem question counts it, so it is not asked again and again (probe F21, c60,
    s7); after a denial told, its default is the denial with the reason unknown."""
    count_attempt("problem", "unclear", slots, updates)
    if updates.get("attempts"):
        updates["attempts"] = {**updates["attempts"], "reason": "noted"}  # asked again without "sorry"
    else:
        denial_without_reason("problem", slots, updates, denial_told)
    return changed(updates, slots)


def problem_at_coverage_question(slots: Mapping[str, Any], updates: Dict[str, Any]) -> Dict[str, Any]:
    """The problem told at the coverage question ("es que me cobraron 600 dolares por una consulta que
    no cubren", probe s11 B06): kept as the story, and the coverage question asked once more without
    "sorry" (reason "story": the words are the person's account, bot/context.py), then its default."""
    if "problem" in changed(updates, slots):
        return changed(updates, slots)  # a new problem taken (probe s10 E17): its words are kept anyway
    count_attempt("coverage", "unclear", slots, updates)
    if updates.get("attempts"):
        updates["attempts"] = {**updates["attempts"], "reason": STORY}
    return changed(updates, slots)


def denial_without_reason(slot: str, slots: Mapping[str, Any], updates: Dict[str, Any], denial_told: bool) -> None:
    """The plan said no and the person can't tell why, asked twice: not "a complaint" (probe P54).
    The denial read from their words stays (or, after "my plan denied my MRI", the most common
    reason, "not medically necessary"), with `problem_confirmed` "unsure": the referral says the
    agency reads the letter and decides whether it is an IMR (F1.4, F2.3). The reason is not asked again."""
    guess = slots.get("problem")
    if slot == "problem_confirmed" and guess in REASONS:
        updates.update(problem=guess, problem_guess=slots.get("problem_guess"))
    elif slot == "problem" and updates.get("problem") == "other" and denial_told:
        updates.update(problem="medical_necessity", problem_detail=None)
    else:
        return
    updates["problem_confirmed"] = REASON_UNKNOWN
