"""The answer at a yes/no question ("Is that right?", the State Hearing): the opening word first, however
the NLU read the rest; and at "Is that right?", what the words after it tell (the same kind, another kind,
the other program's name)."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from bot import problem_kinds
from bot.understanding import attempts
from bot.understanding.intents import YES_NO
from bot.understanding.words import ANSWER_OPENING, NEGATION_BEFORE, NO_WORDS, UNSURE_WORDS


def yes_or_no_first(
    intent: Optional[str], folded: str, requested_slot: Optional[str], updates: Dict[str, Any], slots: Mapping
) -> Optional[str]:
    """ "no, what's that?" answers the yes/no question first, however the rest was classified. At "Is
    that right?", a "no" that goes on to say the same kind ("no, es el medi-cal dental") confirms it, and
    one that tells another kind ("no, no tengo aseguranza") keeps that one (probe s11 S14, S03)."""
    door = _other_door(folded, slots) if requested_slot == "problem_confirmed" else None
    if door:
        updates.update(problem="other", problem_detail=door, problem_guess=None, problem_confirmed="yes")
        return "affirm"
    opening = ANSWER_OPENING.search(folded)
    if requested_slot not in ("fair_hearing", "problem_confirmed") or not opening:
        return intent
    no = opening.group(1) in NO_WORDS
    if requested_slot == "problem_confirmed" and no:
        told = _kind_told(folded[opening.end() :], updates)
        if not told and updates.get("coverage"):
            return intent  # "no wait, it's Medi-Cal": the coverage corrected, the guess still asked (probe s12 8 c04)
        if (
            told
            and _kind_of(told) != _kind_of(slots)
            and not (_kind_of(told) == "uninsured" and _kind_of(slots) in UNINSURED_FITS)
        ):
            updates.update(told, problem_guess=None, problem_confirmed="yes")  # another kind, told in words
            return "affirm"
        no = not told  # the same kind said again (or no insurance, with a bill): a yes, for the guess
        for name in ("problem", "problem_detail", "problem_guess") if told else ():
            updates.pop(name, None)
    if intent in YES_NO and no == (intent == "deny"):
        return intent  # the NLU agrees with the opening word; else the opening wins ("I guess so, they didn't say")
    if UNSURE_WORDS.search(folded):  # "no sé", "no idea": not sure, not a no (probe P48)
        return intent
    intent = "deny" if no else "affirm"
    if requested_slot == "problem_confirmed" and intent == "affirm":
        for name in [k for k in attempts.FORGET_GUESS if k in updates and updates[k] is None]:
            updates.pop(name)  # the NLU's "no" had dropped the guess
        updates["problem_confirmed"] = "yes"
    elif requested_slot == "problem_confirmed":
        updates.update(attempts.FORGET_GUESS)
    return intent


# At "Is that right?" for one program's eligibility, the other program named (not negated) is the
# correction: "the letter is from Covered California, not Medi-Cal" (probe s11 probe 7 E03). The
# names are problem_cues.yml's groups.
OTHER_DOOR = {
    "medi_cal_eligibility": ("names_covered_california", "covered_california"),
    "covered_california": ("names_medi_cal", "medi_cal_eligibility"),
}


def _other_door(folded: str, slots: Mapping[str, Any]) -> Optional[str]:
    group, kind = OTHER_DOOR.get(_kind_of(slots) or "", (None, None))
    if group is None:
        return None
    hits = (m for p in problem_kinds.default().groups[group] for m in p.finditer(folded))
    return kind if any(not NEGATION_BEFORE.search(folded[: m.start()]) for m in hits) else None


# Kinds that a person with no insurance has too: "no, I have no insurance at all" confirms them.
UNINSURED_FITS = ("hospital_bill", "surprise_bill")


def _kind_of(case: Mapping[str, Any]) -> Optional[str]:
    return case.get("problem_detail") if case.get("problem") == "other" else case.get("problem")


def _kind_told(rest: str, updates: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """The problem the words after "no" tell (or this message set), if any."""
    read = problem_kinds.read(rest)
    if read.problem:
        return {"problem": read.problem, "problem_detail": read.detail}
    return {k: updates.get(k) for k in ("problem", "problem_detail")} if updates.get("problem") else None
