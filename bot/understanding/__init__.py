"""Turn what a person said (intent + recognised plan/coverage words) into case facts.

Keeps every fact the person gives, whenever they give it: "Kaiser denied my MRI as not medically
necessary" fills coverage and problem in one turn, and "actually it's a PPO" corrects coverage later.
Pure functions over plain dicts so they can be tested without Rasa. `extract` runs the steps in order;
the word patterns are in `words`, the coverage in `coverage`, the problem in `problem`, the intents in
`intents` and the counting of unclear answers in `attempts`.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from bot import followups, problem_kinds
from bot.knowledge import Knowledge, default
from bot.language import fold, foreign
from bot.decision_table import needs_fair_hearing
from bot.understanding import attempts, confirmation, denial, other_answers, problem
from bot.understanding.attempts import UNSURE_DEFAULTS, changed, count_attempt
from bot.understanding.coverage import (
    coverage_updates,
    first_word_plan,
    kind_in_doubt,
    lookup,
    named_values,
    resolve_coverage,
)
from bot.understanding.intents import (
    PROBLEM_INTENTS,
    SIDE_INTENTS,
    YES_NO,
    asks_aside,
    asks_for_help,
    asks_to_start_over,
)
from bot.understanding.intents import side_intent
from bot.understanding.words import (
    ANSWER_OPENING,
    IMR_WORDS,
    MEDI_CAL_ANSWER,
    NO_REASON_WORDS,
    UNSURE_WORDS,
    asks_about_the_question,
    hearing_said,
)
from bot.understanding.words import emergency_now

__all__ = [
    "CASE_SLOTS",
    "IMR_WORDS",
    "asks_for_help",
    "asks_to_start_over",
    "emergency_now",
    "extract",
    "lookup",
    "resolve_coverage",
    "side_intent",
]

ASKED_SLOTS = ("coverage", "coverage_detail", "fair_hearing")
# Side intents that are not a question asked aside: they do not count against the open question.
NOT_ASIDE = ("restart", "switch_language", "delete_conversation", "medical_emergency", "human_handoff")

# Kinds that stay what they are when the person also says they have no insurance (they go to one
# place whatever the coverage: a hospital bill, Medi-Cal eligibility...).
KEEP_WITHOUT_INSURANCE = (
    "hospital_bill",
    "medi_cal_eligibility",
    "covered_california",
    "workers_comp",
    "ccs",
    "medicare_non_denial",
)

# Slots this module writes; `attempts` is {"slot": name, "count": n, "reason": "unsure"|"unclear"}.
CASE_SLOTS = (
    "problem",
    "coverage",
    "coverage_detail",
    "fair_hearing",
    "plan",
    "coverage_pending",
    "attempts",
    "problem_detail",
    "problem_guess",
    "problem_confirmed",
)


def extract(
    intent: Optional[str],
    entities: Iterable[Mapping[str, Any]],
    requested_slot: Optional[str],
    slots: Mapping[str, Any],
    kb: Optional[Knowledge] = None,
    confidence: float = 1.0,
    ranking: Sequence[Mapping[str, Any]] = (),
    text: str = "",
) -> Dict[str, Any]:
    """All case-slot updates for one user message (only the slots that change)."""
    kb = kb or default()
    folded = fold(text)
    aside = bool(requested_slot) and not side_intent(intent, text) and asks_aside(text)
    if requested_slot in ASKED_SLOTS and intent not in SIDE_INTENTS and not aside and asks_about_the_question(folded):
        return attempts.asked_about_the_question(requested_slot, slots)
    values = _values(entities, text, folded, requested_slot, kb)
    updates = coverage_updates(values, entities, text, slots, kb)
    if requested_slot == "coverage" and updates and not changed(updates, slots):
        updates, intent = {}, "dont_know"  # the same plan named again, still without its kind: no loop
    intent = _intent_read(intent, text, folded, requested_slot, updates)
    intent, confidence = denial.problem_beside_plan(intent, confidence, updates, slots, ranking, text)
    found = problem.reading(intent, text, requested_slot, slots, updates)
    if requested_slot == "problem" and _coverage_said(intent, text, updates, found):  # probe P20
        return attempts.coverage_at_problem_question(slots, updates, problem.says_denial(slots.get("problem_words")))
    short = problem.short_answer(requested_slot, text, found)
    if short == "not_covered":  # "not covered" at the reason question: something else (F1.4)
        intent, confidence = "problem_other", 1.0
    elif short == "back":
        return attempts.back(requested_slot, slots)
    intent, confidence, guessed = problem.from_reading(found, intent, confidence, text)
    if aside and intent == "problem_other" and not (found and found.problem):
        intent = None  # a question asked aside ("what's the ombudsman number") is not "Something else"
    problem.set_problem(intent, found, confidence, guessed, requested_slot, slots, updates, text)
    intent = _job_plan_answer(intent, text, requested_slot, updates)
    denial.reason_not_told(intent, found, text, requested_slot, slots, updates)
    intent = confirmation.yes_or_no_first(intent, folded, requested_slot, updates, slots)
    _hearing(intent, requested_slot, text, {**slots, **updates}, updates)
    _kind_from_coverage(slots, updates, text)
    other = other_answers.answer(intent, text, folded, requested_slot, slots, updates, aside)
    if other is not None:
        return other
    _no_insurance(text, values, entities, requested_slot, slots, updates, kb)
    _insured_after_all(slots, updates)
    other_answers.plan_in_a_question(requested_slot, text, slots, updates)
    _count_answer(intent, text, requested_slot, slots, updates, aside, kind_in_doubt(entities, text))
    other_answers.narrowed(requested_slot, folded, slots, updates)
    if aside and requested_slot:
        _answered_aside(requested_slot, folded, slots, updates)
    return changed(updates, slots)


def _values(
    entities: Iterable[Mapping[str, Any]], text: str, folded: str, requested_slot: Optional[str], kb: Knowledge
) -> List[Any]:
    """The plan and coverage words named; "medical" alone is Medi-Cal; at the coverage question, a known
    plan's first word alone is that plan ("Sharp", probe s11 B01)."""
    values = named_values(entities, text) + (["medi-cal"] if MEDI_CAL_ANSWER.fullmatch(folded) else [])
    return values or (first_word_plan(text, kb) if requested_slot in ("coverage", "problem_confirmed") else [])


def _job_plan_answer(
    intent: Optional[str], text: str, requested_slot: Optional[str], updates: Dict[str, Any]
) -> Optional[str]:
    """ "Through my job" tells where the plan comes from, not its kind: at "Is that right?" it goes on with
    the case (a yes to the guess), and at the coverage question it is a "not sure", answered with how to
    tell (probe s14 15 en01, en03, en12: "Sorry, I didn't catch that" and "Tap Yes")."""
    if requested_slot not in ("coverage", "problem_confirmed") or intent == "deny" or asks_aside(text):
        return intent
    if any(updates.get(k) for k in ("coverage", "plan", "problem")) or "job_plan" not in followups.situations(text):
        return intent
    if requested_slot == "problem_confirmed":
        updates["problem_confirmed"] = "yes"
        return intent
    return "dont_know"


def _hearing(
    intent: Optional[str], requested_slot: Optional[str], text: str, case: Mapping[str, Any], updates: Dict[str, Any]
) -> None:
    """The State Hearing: the answer to its question, or said at any other point, a correction after
    the referral included ("sorry, I have NOT asked for a hearing", probe en44, es29), where it can
    change the answer (a case whose coverage is not known yet, or a Medi-Cal plan's denial)."""
    if requested_slot == "fair_hearing" and intent in YES_NO:
        updates["fair_hearing"] = YES_NO[intent]
        return
    unknown = not (case.get("coverage") and case.get("problem"))
    matters = unknown or needs_fair_hearing(case["coverage"], case["problem"], detail=case.get("coverage_detail"))
    if requested_slot != "fair_hearing" and matters and hearing_said(text):
        updates["fair_hearing"] = hearing_said(text)


def _question_not_a_yes(requested_slot: Optional[str], text: str, folded: str, updates: Dict[str, Any]) -> None:
    """A question asked at "Is that right?" that the NLU read as a side intent, with the plan named in it
    ("¿puedo cambiarme a Medicare Original?" as ask_followup): never a yes to the guess unless it says
    yes; it is answered aside and the question comes back (probe s10 F12; README)."""
    if asks_aside(text):
        _no_unsaid_yes(requested_slot, folded, updates)


def _no_unsaid_yes(requested_slot: Optional[str], folded: str, updates: Dict[str, Any]) -> None:
    """At "Is that right?", a message that does not open with a yes and names no problem confirms nothing."""
    if requested_slot == "problem_confirmed" and "problem" not in updates and not ANSWER_OPENING.search(folded):
        updates.pop("problem_confirmed", None)


def _answered_aside(requested_slot: str, folded: str, slots: Mapping[str, Any], updates: Dict[str, Any]) -> None:
    """A question answered on the side while a question is open ("what's a TTY?"): not an unclear
    answer (no "Sorry, I didn't catch that", not counted), and never a yes to the confirmation unless
    it says yes; the open question comes back as it was (probe P9, P48)."""
    _no_unsaid_yes(requested_slot, folded, updates)
    if requested_slot not in updates:  # unless it answered the question too
        updates.update(attempts.answered_aside(requested_slot, slots))


def _intent_read(
    intent: Optional[str], text: str, folded: str, requested_slot: Optional[str], updates: Mapping[str, Any]
) -> Optional[str]:
    """The NLU's intent as the words allow: none for urgency alone ("urgente") or a language the
    assistant does not speak (probe s10 S24, M04), so no problem is taken from them."""
    if problem_kinds.in_group("urgency_only", text) or foreign(text):
        return None
    return _unsure(intent, folded, requested_slot, updates)


def _unsure(
    intent: Optional[str], folded: str, requested_slot: Optional[str], updates: Mapping[str, Any]
) -> Optional[str]:
    """ "Not sure" at a question, however the NLU read it: "no sé" is not a no (probe P48), and "I
    really don't know, my daughter set it up" is not a new problem. At the reason question, "they
    didn't say why" is not sure, unless the words tell a reason after all."""
    if requested_slot == "problem" and intent not in PROBLEM_INTENTS and NO_REASON_WORDS.search(folded):
        return intent if problem_kinds.read(folded).problem else "dont_know"
    if not requested_slot or not UNSURE_WORDS.search(folded):
        return intent
    if intent == "deny" or (requested_slot != "problem" and intent in PROBLEM_INTENTS and not updates):
        return "dont_know"
    if requested_slot != "problem" and not updates and intent not in YES_NO:
        return "dont_know"  # "sigo sin saber" read as a question, "i said i don't know" not placed (probe s7)
    return intent


def _coverage_said(intent: Optional[str], text: str, updates: Mapping[str, Any], found: Any) -> bool:
    """Whether a message at the reason question tells the coverage (a plan, "through my job") and
    no reason: the NLU's catch-all "problem_other" for it is not an answer; the coverage is kept
    and the reason asked again, never "Something else" (probe P20)."""
    if (
        text.startswith("/")
        or (found is not None and found.problem)
        or intent not in ("problem_other", "inform_coverage", None)
    ):
        return False
    named = updates.get("coverage") or updates.get("coverage_pending") or updates.get("plan")
    return bool(named) or "job_plan" in followups.situations(text)


def _kind_from_coverage(slots: Mapping[str, Any], updates: Dict[str, Any], text: str) -> None:
    """The kind that the coverage makes of a plain complaint (a Medicare plan's), whichever came
    first; and a dental plan named with a dental problem is not Medi-Cal Dental nor Medicare."""
    merged = {**slots, **updates}
    told = merged.get("problem_words")
    if merged.get("problem") == "other" and not merged.get("problem_detail") and told and updates.get("coverage"):
        # The story read again with its program named: "my insurance just stopped... they said I'm not active"
        # then "actually it's Medi-Cal" is Medi-Cal ending, not a pharmacy problem (probe s14 17 E05).
        found = problem_kinds.read(f"{told}. {default().coverages.get(updates['coverage'], '')}.")
        if found.problem == "other" and found.detail:
            updates["problem_detail"] = merged["problem_detail"] = found.detail
    if (
        merged.get("problem") == "other"
        and not merged.get("problem_detail")
        and problem_kinds.service_kind(merged.get("coverage"))
    ):
        updates["problem_detail"] = problem_kinds.service_kind(merged.get("coverage"))
    detail = updates.get("problem_detail", slots.get("problem_detail"))
    if (
        detail == "dental_vision"
        and not (slots.get("coverage") or updates.get("coverage"))
        and problem_kinds.in_group("dental_plan", text)
    ):
        updates.update(coverage="unknown", coverage_pending=None)


def _no_insurance(
    text: str,
    values: Sequence[Any],
    entities: Iterable[Mapping[str, Any]],
    requested_slot: Optional[str],
    slots: Mapping[str, Any],
    updates: Dict[str, Any],
    kb: Knowledge,
) -> None:
    """No health insurance: no plan to appeal to, whatever problem was read (probe F14); with a
    hospital bill, the hospital's charity care. A plan named as a hospital ("uninsured, ER bill from
    Kaiser hospital") is the hospital's name, not the person's plan (probe P40)."""
    if not problem.no_insurance(text, values, requested_slot, kb):
        return
    if problem.named_as_facility(entities, text):
        updates.update(plan=None, coverage="unknown", coverage_pending=None, coverage_detail=None)
    guessed = slots.get("problem_detail") if requested_slot == "problem_confirmed" else None
    if guessed in confirmation.UNINSURED_FITS:  # "I SAID no insurance" at "a hospital bill?": a yes (probe s12 10 e15)
        updates.update(problem="other", problem_detail=guessed, problem_guess=None, problem_confirmed="yes")
        updates.update(coverage="unknown", coverage_pending=None, coverage_detail=None)
        return
    if (
        updates.get("coverage") in (None, "unknown")
        and not updates.get("plan")
        and updates.get("problem_detail", slots.get("problem_detail")) not in KEEP_WITHOUT_INSURANCE
    ):
        billed = problem_kinds.in_group("hospital_bill_words", text) and not problem_kinds.in_group(
            "price_up_front", text
        )
        kind = "hospital_bill" if billed else "uninsured"  # a price asked before care is not a bill
        updates.update(
            problem="other",
            problem_detail=kind,
            coverage="unknown",
            coverage_pending=None,
            coverage_detail=None,
            problem_guess=None,
            problem_confirmed=None,
        )


def _insured_after_all(slots: Mapping[str, Any], updates: Dict[str, Any]) -> None:
    """A plan named after "Uninsured" ("actually I do have insurance, it's Kaiser"): the case is read
    again as a whole, the problem from the story told (probe en45, es18), or asked again if the story
    told none; never "no plan to appeal to" with a plan named."""
    coverage = updates.get("coverage")
    if slots.get("problem_detail") != "uninsured" or updates.get("problem_detail") == "uninsured":
        return
    if coverage in (None, "unknown") and not updates.get("coverage_pending"):
        return
    told = problem_kinds.read(slots.get("problem_words") or "")
    problem = told.problem if told.detail != "uninsured" else None
    updates.update(problem=problem, problem_detail=told.detail if problem else None)
    updates.update(problem_guess=None, problem_confirmed=None)


def _count_answer(
    intent: Optional[str],
    text: str,
    requested_slot: Optional[str],
    slots: Mapping[str, Any],
    updates: Dict[str, Any],
    aside: bool = False,
    kind_doubted: bool = False,
) -> None:
    """A "not sure" or unclear answer to the open question is counted; an answer clears the count. A
    question answered on the side (`aside`: "necesito abogado?", "do I have to complain to Health Net
    first?", whatever the NLU called it) is counted as one (`_answered_aside`), never as an unclear
    answer that drops the guess or makes the reason unknown (probe3 es04, en42). "No sé si es HMO o PPO"
    (`kind_doubted`) before the coverage is asked counts as a "not sure" to it (probe es03)."""
    _question_not_a_yes(requested_slot, text, fold(text), updates)
    answered = bool(updates) and (
        requested_slot != "problem_confirmed" or any(k in updates for k in ("problem_confirmed", "problem"))
    )
    # a question the NLU read as "not sure" ("do i need a lawyer", probe s14 17 E08) is a side question
    unsure = intent == "dont_know" and (not aside or bool(UNSURE_WORDS.search(fold(text))))
    unsure_slot = "coverage" if intent == "coverage_unknown" else requested_slot if unsure else None
    if unsure_slot in UNSURE_DEFAULTS and not answered:
        count_attempt(unsure_slot, "unsure", slots, updates)
    elif requested_slot == "problem" and not answered and problem.says_denial(text):
        # "dice que me negaron": the reason is asked again without "sorry" (probe P39); asked twice
        # already, the denial stays with its reason unknown, never "a complaint" (probe s13)
        count_attempt(requested_slot, "noted", slots, updates)
        attempts.denial_without_reason(requested_slot, slots, updates, True)
    elif requested_slot and not answered and not side_intent(intent, text) and not aside:
        count_attempt(requested_slot, "unclear", slots, updates)
        # "denied", "medi cal", "ok": the reason's default keeps the denial told earlier (probe s12 8 c35)
        attempts.denial_without_reason(requested_slot, slots, updates, bool(slots.get(attempts.DENIAL_TOLD)))
    elif requested_slot and not answered and intent not in NOT_ASIDE:
        updates.update(attempts.answered_aside(requested_slot, slots))  # a side question: counted too
        return  # questions are not "not sure": the reason read from the story stays (probe3 en42, es11)
    elif answered and slots.get("attempts"):
        updates["attempts"] = None
    if requested_slot in ("problem", "problem_confirmed") and not answered and updates.get("attempts", 0) is None:
        # the denial told earlier, kept or not as words of the story (probe s13 14 x2: the first message went
        # to the NLU's fallback, so no words were kept, and "no se" made it a complaint)
        told = problem.says_denial(slots.get("problem_words")) or bool(slots.get(attempts.DENIAL_TOLD))
        attempts.denial_without_reason(requested_slot, slots, updates, told)
    if kind_doubted and requested_slot != "coverage" and not updates.get("coverage"):
        count_attempt("coverage", "unsure", slots, updates)
