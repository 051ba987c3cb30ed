"""Turn what a person said (intent + recognised plan/coverage words) into case facts.

Keeps every fact the person gives, whenever they give it: "Kaiser denied my MRI as not medically
necessary" fills coverage and problem in one turn, and "actually it's a PPO" corrects coverage later.
Pure functions over plain dicts so they can be tested without Rasa.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from bot import problem_kinds
from bot.knowledge import GazetteerEntry, Knowledge, default, words
from bot.knowledge.words import joined, pieces
from bot.language import fold
from bot.nonsense import is_nonsense

ENTITY_LABELS = ("plan", "coverage_type")
# The words people write, in every language (bot/knowledge_data/words/<language>.yml `patterns`).
_WORDS = tuple(words.default().values())


def _pattern(key: str) -> "re.Pattern[str]":
    return re.compile(rf"\b({pieces(key, _WORDS)})\b")


PROBLEM_INTENTS = {
    "problem_medical_necessity": "medical_necessity",
    "problem_experimental": "experimental",
    "problem_emergency_payment": "emergency_payment",
    "problem_other": "other",
}
# Intents answered on the side by a rule; an open question is asked again afterwards.
SIDE_INTENTS = {
    "ask_imr_what",
    "ask_imr_cost",
    "ask_imr_who",
    "human_handoff",
    "medical_emergency",
    "bot_challenge",
    "greet",
    "thank",
    "goodbye",
    "restart",
    "delete_conversation",
    "inform_date",
    "switch_language",
    "ask_followup",
    "ask_steps",
    "ask_summary",
    "ask_dates",
    "ask_question",
}
# What a greeting looks like: the greet intent during a question counts as a side turn only with one
# of these words, so a message the NLU wrongly calls a greeting ("purple elephants") is an unclear
# answer, counted like any other, and the question is not asked again and again.
GREETING_WORDS = _pattern("greeting")


def side_intent(intent: Optional[str], text: str) -> bool:
    """Whether a message is a side turn that leaves the open question as it was."""
    if intent == "greet":  # a button or the widget's opening "/greet" is always one
        return (text or "").startswith("/") or bool(GREETING_WORDS.search(fold(text or "")))
    if intent == "medical_emergency" and is_nonsense(text) and not emergency_now(text):
        return False  # nonsense the NLU read as an emergency is an unclear answer (actions.answers.ActionEmergency)
    return intent in SIDE_INTENTS


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
YES_NO = {"affirm": "requested", "deny": "not_requested"}
# A problem already given is only replaced by a confident new one (or an answer to the question):
# a stray, half-understood message must not silently change the route.
PROBLEM_CHANGE_CONFIDENCE = 0.95
# "UnitedHealthcare PPO overcharged me" often ranks inform_coverage first: when a message names a
# plan, a problem intent ranked next with at least this confidence is taken as the problem too.
PROBLEM_BESIDE_PLAN_CONFIDENCE = 0.25

# "I really don't know, my daughter set it up" can be classified as a problem with high confidence
# (it talks about family, like many problem stories). While another question is open, a message
# that says it does not know is taken as "not sure", never as a new problem.
UNSURE_WORDS = _pattern("unsure")

# A question about the question ("what is a State Fair Hearing?", "¿qué es un HMO?", "is Medi-Cal
# the same as Medicare?") is not an answer: the question is explained and asked again, and the
# words in it ("HMO", "Medicare") fill nothing.
TERM_QUESTION = _pattern("term_question")
# ... asked as a question: with a question mark, or opening the message ("que es eso"); "dicen que
# es self-funded" is an answer. A message that opens with yes or no answers first ("no, what's that?").
QUESTION_OPENING = re.compile(
    rf"^\W*(({pieces('question_fillers', _WORDS)}) )?({pieces('question_opening', _WORDS)})\b"
)
ANSWER_OPENING = re.compile(rf"^\W*({pieces('no', _WORDS)}|{pieces('yes', _WORDS)})\b")
NO_WORDS = joined("no", _WORDS)
ASKED_SLOTS = ("coverage", "coverage_detail", "fair_hearing")
# "It's not an HMO", "no es Medi-Cal", "not Anthem or Blue Shield", "I'm not on Medicare yet", "no es
# de Anthem ni de Blue Shield": a negated plan or coverage word (or one listed after the negated one)
# says nothing about the coverage. Up to two small words ("articles": an, on, de...) may come between.
_LINKS = rf"(({pieces('articles', _WORDS)})\s+){{0,2}}"
NEGATION_BEFORE = re.compile(
    rf"\b({pieces('negation', _WORDS)})\s+{_LINKS}"
    rf"(([\w'-]+\s+){{1,3}}({pieces('or_words', _WORDS)})\s+{_LINKS})?$"
)
# A question about the IMR's cost is about the IMR; "I can't afford my share of the drug" is not.
IMR_WORDS = _pattern("imr")
# A problem read from a story this long (sentences), or from the NLU with less confidence than
# this, is said back with a button to confirm it; a plain short message never is.
CONFIRM_SENTENCES = 3
CONFIRM_CONFIDENCE = 0.6

# An emergency happening now, inside a message about the plan ("I'm having chest pain right now and
# my insurance denied the cardiologist"): the 911 advice comes first. Signs that are an emergency
# on their own, and signs that are one when said to be happening now. Past events ("I went to the
# ER for chest pain last month") are not matched.
EMERGENCY_SIGNS = _pattern("emergency")
URGENT_SIGNS = _pattern("urgent")
HAPPENING_NOW = _pattern("happening_now")

# Side intents that a first message stating its problem is often taken for ("DOB 04/12/1968, Blue
# Shield denied...", "they are discharging my dad, how do I stop it?"): read for the problem when none
# is known yet.
TELLING_INTENTS = ("inform_date", "ask_followup")

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


def lookup(values: Iterable[str], kb: Optional[Knowledge] = None) -> List[GazetteerEntry]:
    """Gazetteer entries for recognised entity values, in order, without repeats."""
    index = (kb or default()).names
    found: List[GazetteerEntry] = []
    for value in values:
        entry = index.get(" ".join(str(value).lower().split()))
        if entry is not None and entry not in found:
            found.append(entry)
    return found


def resolve_coverage(
    entries: List[GazetteerEntry], slots: Mapping[str, Any], kb: Optional[Knowledge] = None
) -> Dict[str, Any]:
    """Slot updates for what the person just said about their coverage.

    Program words beat plan names ("Kaiser Medicare" is Medicare); a PPO needs its company (seed:
    Anthem Blue Cross / Blue Shield PPOs go to DMHC, other PPOs to CDI); a plan name alone decides
    the coverage only where the gazetteer says facts.md supports it.
    """
    kb = kb or default()
    if not entries:
        return {}
    # The carrier tells more than the marketplace: "Covered California with Blue Shield" is Blue Shield.
    plans = sorted((e for e in entries if e.label == "plan"), key=lambda e: not (e.coverage or e.ppo_coverage))
    stored_plan = kb.plan(slots.get("plan"))
    plan = plans[0] if plans else stored_plan
    if slots.get("coverage") and plans and all(e is stored_plan for e in plans) and len(entries) == len(plans):
        return {}  # the same plan named again: what is known about its kind stays
    updates: Dict[str, Any] = {"plan": plan.key if plan else None, "coverage_pending": None}

    def decided(coverage: str, detail: Optional[str] = None) -> Dict[str, Any]:
        return {**updates, "coverage": coverage, "coverage_detail": detail}

    for program in (c.key for c in kb.coverage_kinds.values() if c.beats_plan_names):
        if any(e.coverage == program for e in entries):
            return decided(program, _program_detail(program, entries, kb))
    for coverage in (c.key for c in kb.coverage_kinds.values() if c.has_kinds):
        other = [e for e in entries if e.coverage == coverage]
        if other:
            return decided(coverage, next((e.detail for e in other if e.detail), None))
    direct = [e for e in entries if e.label == "coverage_type" and e.coverage]
    if direct:
        return decided(direct[0].coverage)
    said_ppo = any(e.needs == "ppo_company" for e in entries)
    if said_ppo or (plans and slots.get("coverage_pending") == "ppo_company"):
        # "I have Kaiser? No wait, it's Blue Shield now, the PPO": the company that sells PPOs.
        plan = next((e for e in reversed(plans) if e.ppo_coverage), plan)
        updates["plan"] = plan.key if plan else None
        if plan is not None:  # a CalPERS PPO is self-funded: other coverage of its own kind (F5.11)
            return decided(
                plan.ppo_coverage or "other_ppo_or_insurance",
                plan.detail if plan.ppo_coverage == "other_coverage" else None,
            )
        return {**updates, "coverage": None, "coverage_pending": "ppo_company"}
    if plans:
        if plan.coverage:
            return decided(plan.coverage)
        pending = "hmo_or_ppo" if plan.ppo_coverage else "plan_kind"
        return {**updates, "coverage": None, "coverage_pending": pending}
    return {}


def _program_detail(program: str, entries: List[GazetteerEntry], kb: Knowledge) -> Optional[str]:
    """Medi-Medi, Medi-Cal Rx or a county-run Medi-Cal plan (routing.yml program_details): they change
    the answer. A detail's coverage named together with its `named_with` coverages means the detail
    (Medicare and Medi-Cal named together are a Medi-Medi plan, F4.9)."""
    details = kb.program_details
    found = next((e.detail for e in entries if e.coverage == program and e.detail in details), None)
    named = {e.coverage for e in entries}
    together = (
        d.key for d in details.values() if d.coverage == program and d.named_with and named >= set(d.named_with)
    )
    return found if found is not None else next(together, None)


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
    if requested_slot in ASKED_SLOTS and intent not in SIDE_INTENTS and _asks_about_the_question(folded):
        previous = slots.get("attempts") or {}
        count = previous.get("count", 0) if previous.get("slot") == requested_slot else 0
        return {"attempts": {"slot": requested_slot, "count": max(count, 1), "reason": "question"}}
    values = [
        e.get("value")
        for e in entities
        if e.get("entity") in ENTITY_LABELS and e.get("value") and not _negated(e, text)
    ]
    updates = resolve_coverage(lookup(values, kb), slots, kb)
    negated = lookup(
        [e.get("value") for e in entities if e.get("entity") == "plan" and e.get("value") and _negated(e, text)], kb
    )
    if (
        negated
        and updates.get("coverage_pending") == "ppo_company"
        and all(e.ppo_coverage == "anthem_or_blue_shield_ppo" for e in negated)
    ):
        # "a PPO, but not Anthem or Blue Shield": the other PPOs' row (seed: CDI).
        updates.update(coverage="other_ppo_or_insurance", coverage_pending=None)
    if requested_slot == "coverage" and updates and not {k: v for k, v in updates.items() if slots.get(k) != v}:
        updates, intent = {}, "dont_know"  # the same plan named again, still without its kind: no loop
    if (
        requested_slot not in (None, "problem")
        and intent in PROBLEM_INTENTS
        and not updates
        and UNSURE_WORDS.search(folded)
    ):
        intent = "dont_know"

    if intent == "inform_coverage" and updates and not slots.get("problem"):
        runner_up = next((r for r in ranking if r.get("name") != intent), {})
        if (
            runner_up.get("name") in PROBLEM_INTENTS
            and runner_up.get("confidence", 0) >= PROBLEM_BESIDE_PLAN_CONFIDENCE
        ):
            intent, confidence = runner_up["name"], runner_up["confidence"]

    reading = _read_problem(intent, text, requested_slot, bool(slots.get("problem")))
    if reading is None and intent in TELLING_INTENTS and not slots.get("problem") and text and not text.startswith("/"):
        # A first message the NLU took for a date or a question, that states the problem (probe F15, F16).
        found = problem_kinds.read(text)
        reading = found if found.problem else None
    named_plan = any(slots.get(k) or updates.get(k) for k in ("coverage", "plan", "coverage_pending"))
    if reading is None and requested_slot and text and not text.startswith("/"):
        # A strong kind named at any question, however the NLU took it ("CCS" read as "yes"; probe F21).
        found = problem_kinds.read(text)
        reading = found if found.detail in problem_kinds.default().strong else None
    if reading is not None and reading.detail == "uninsured" and named_plan:
        # "Covered California took me off, now I'm uninsured", "now I have no coverage, it's Blue Shield
        # PPO": a plan is named, so the problem is with it (a cancellation), not having none.
        reading = None
    short = _short_answer(requested_slot, text, reading)
    if short == "not_covered":  # "not covered" at the reason question: something else (F1.4)
        intent, confidence = "problem_other", 1.0
    elif short == "back":
        return _back(requested_slot, slots)
    guessed = False
    if reading is not None and reading.problem:
        # The sentence that states the problem decides, whatever the whole message was classified as.
        guessed = reading.sentences >= CONFIRM_SENTENCES
        intent = f"problem_{reading.problem}"
        confidence = (
            max(confidence, PROBLEM_CHANGE_CONFIDENCE) if intent != "problem_other" or reading.detail else confidence
        )
    elif intent in PROBLEM_INTENTS:
        guessed = confidence < CONFIRM_CONFIDENCE or len(problem_kinds.sentences(text)) >= CONFIRM_SENTENCES

    detail = reading.detail if reading is not None else None
    # A strong kind ("CCS", "Medi-Cal cut me off") decides at a question or before any problem; a
    # problem already told is not replaced by one named later in passing.
    strong = (
        reading is not None
        and reading.detail in problem_kinds.default().strong
        and (bool(requested_slot) or not slots.get("problem"))
    )
    if intent in PROBLEM_INTENTS and (
        strong or _may_set_problem(PROBLEM_INTENTS[intent], requested_slot, slots, confidence, bool(updates), detail)
    ):
        updates["problem"] = PROBLEM_INTENTS[intent]
        updates["problem_detail"] = detail
        confirming = requested_slot in ("problem", "problem_confirmed") or text.startswith("/")
        updates["problem_guess"] = "yes" if guessed and not confirming else None
        updates["problem_confirmed"] = "yes" if requested_slot == "problem_confirmed" else None
        implied = problem_kinds.implied_coverage(updates["problem_detail"])
        if implied and not slots.get("coverage") and "coverage" not in updates:
            updates.update(coverage=implied, coverage_pending=None)
    elif requested_slot == "problem_confirmed" and intent in YES_NO:
        if intent == "affirm":
            updates["problem_confirmed"] = "yes"
        else:  # not what they meant: forget the guess and ask, with the options
            updates.update(problem=None, problem_detail=None, problem_guess=None, problem_confirmed=None)

    if requested_slot == "problem_confirmed" and intent != "deny" and updates and "problem" not in updates:
        updates["problem_confirmed"] = "yes"  # going on with the case ("we have Kaiser") keeps the guess

    opening = ANSWER_OPENING.search(folded)
    if requested_slot in ("fair_hearing", "problem_confirmed") and intent not in YES_NO and opening:
        # "no, what's that?" answers the yes/no question first, however the rest was classified.
        intent = "deny" if opening.group(1) in NO_WORDS else "affirm"
        if requested_slot == "problem_confirmed":
            updates.update(
                {"problem_confirmed": "yes"}
                if intent == "affirm"
                else dict(problem=None, problem_detail=None, problem_guess=None, problem_confirmed=None)
            )

    if requested_slot == "fair_hearing" and intent in YES_NO:
        updates["fair_hearing"] = YES_NO[intent]

    merged = {**slots, **updates}
    if (
        merged.get("problem") == "other"
        and not merged.get("problem_detail")
        and problem_kinds.service_kind(merged.get("coverage"))
    ):
        updates["problem_detail"] = problem_kinds.service_kind(merged.get("coverage"))  # whichever came first
    detail = updates.get("problem_detail", slots.get("problem_detail"))
    if (
        detail == "dental_vision"
        and not (slots.get("coverage") or updates.get("coverage"))
        and problem_kinds.in_group("dental_plan", text)
    ):
        updates.update(coverage="unknown", coverage_pending=None)  # a dental plan: not Medi-Cal Dental, not Medicare
    if (
        requested_slot == "problem"
        and "problem" not in updates
        and updates.get("coverage")
        and not slots.get("problem")
    ):
        # The coverage given at the problem question ("wait, it's an HMO"): kept, and the problem
        # question counts it, so it is not asked again and again (probe F21, c60).
        _count_attempt("problem", "unclear", slots, updates)
        if updates.get("attempts"):
            updates["attempts"] = {**updates["attempts"], "reason": "noted"}  # asked again without "sorry"
        return {k: v for k, v in updates.items() if slots.get(k) != v}
    if (
        _no_insurance(text, values, requested_slot, kb)
        and updates.get("coverage") in (None, "unknown")
        and not updates.get("plan")
        and updates.get("problem_detail", slots.get("problem_detail")) not in KEEP_WITHOUT_INSURANCE
    ):
        # No health insurance: no plan to appeal to, whatever problem was read (probe F14); with a
        # hospital bill, the hospital's charity care.
        kind = "hospital_bill" if problem_kinds.in_group("hospital_bill_words", text) else "uninsured"
        updates.update(
            problem="other",
            problem_detail=kind,
            coverage="unknown",
            coverage_pending=None,
            coverage_detail=None,
            problem_guess=None,
            problem_confirmed=None,
        )

    answered = bool(updates) and (
        requested_slot != "problem_confirmed" or any(k in updates for k in ("problem_confirmed", "problem"))
    )
    unsure_slot = "coverage" if intent == "coverage_unknown" else requested_slot if intent == "dont_know" else None
    if unsure_slot in UNSURE_DEFAULTS and not answered:
        _count_attempt(unsure_slot, "unsure", slots, updates)
    elif requested_slot and not answered and not side_intent(intent, text):
        _count_attempt(requested_slot, "unclear", slots, updates)
    elif answered and slots.get("attempts"):
        updates["attempts"] = None
    return {k: v for k, v in updates.items() if slots.get(k) != v}


def _short_answer(
    requested_slot: Optional[str], text: str, reading: Optional["problem_kinds.Reading"]
) -> Optional[str]:
    """A short answer at a question that the NLU does not place: "not covered" at the reason
    question, "go back" at any question (problem_cues.yml `answer_*` groups)."""
    if not requested_slot or not text or text.startswith("/") or len(text.split()) > 6:
        return None
    if (
        requested_slot == "problem"
        and not (reading and reading.problem)
        and problem_kinds.in_group("answer_not_covered", text)
    ):
        return "not_covered"
    if problem_kinds.in_group("answer_go_back", text):
        return "back"
    return None


def _back(requested_slot: str, slots: Mapping[str, Any]) -> Dict[str, Any]:
    """'Go back': the question again, with how to change an answer; counted, so it is not asked
    more than twice (then its safe default is used)."""
    updates: Dict[str, Any] = {}
    _count_attempt(requested_slot, "unclear", slots, updates)
    if updates.get("attempts"):
        updates["attempts"] = {**updates["attempts"], "reason": "back"}
    return {k: v for k, v in updates.items() if slots.get(k) != v}


def _no_insurance(text: str, values: Sequence[Any], requested_slot: Optional[str], kb: Knowledge) -> bool:
    """Whether the person says they have no health insurance: the coverage question's button, the
    words (problem_cues.yml `uninsured`), or a bare "none" at the coverage question."""
    if any(e.key == "uninsured" for e in lookup(values, kb)):
        return True
    if not text or text.startswith("/"):
        return False
    short = requested_slot == "coverage" and len(text.split()) <= 3 and problem_kinds.in_group("uninsured_short", text)
    return short or problem_kinds.names_kind("uninsured", text)


def emergency_now(text: str) -> bool:
    """Whether a message says someone is in danger now (whatever else it says)."""
    folded = fold(text or "")
    return bool(EMERGENCY_SIGNS.search(folded) or (URGENT_SIGNS.search(folded) and HAPPENING_NOW.search(folded)))


def _read_problem(
    intent: Optional[str], text: str, requested_slot: Optional[str], problem_known: bool = False
) -> Optional["problem_kinds.Reading"]:
    """What the words say about the problem, for a message that may be telling it: not a button,
    not a yes/no, not a side question about the IMR itself ("is the IMR free?"). Before the problem
    is known, a story read as a question about the process ("they want to send my mother home
    tomorrow...") is read too: actions/answers.py then goes on to the referral."""
    if (
        not text
        or text.startswith("/")
        or intent in ("affirm", "deny", "switch_language", "restart", "delete_conversation")
    ):
        return None
    if intent == "dont_know" and requested_slot:
        return None  # "not sure if my social worker asked for it" answers the open question
    if intent == "ask_followup" and not problem_known:
        return problem_kinds.read(text)
    if intent in SIDE_INTENTS and (
        intent not in ("ask_imr_cost", "ask_imr_what", "ask_imr_who") or IMR_WORDS.search(fold(text))
    ):
        return None
    return problem_kinds.read(text)


def _may_set_problem(
    problem: str,
    requested_slot: Optional[str],
    slots: Mapping[str, Any],
    confidence: float,
    answered_coverage: bool,
    detail: Optional[str] = None,
) -> bool:
    """A problem already known changes only when asked, or on a confident message that is about the
    problem: not one that answers the coverage question ("it's an HMO, my son helps me with the
    papers"), and never to "other", the catch-all a chatty message most often lands in, unless the
    words name a kind and the problem known is the catch-all ("a problem with my Medi-Cal", then "it
    got cancelled, I never sent back the renewal papers")."""
    if requested_slot in ("problem", "problem_confirmed") or not slots.get("problem"):
        return True
    named = bool(detail) and slots.get("problem") == "other" and not slots.get("problem_detail")
    return confidence >= PROBLEM_CHANGE_CONFIDENCE and not answered_coverage and (problem != "other" or named)


def _asks_about_the_question(folded: str) -> bool:
    if ANSWER_OPENING.search(folded) or not TERM_QUESTION.search(folded):
        return False
    return "?" in folded or bool(QUESTION_OPENING.search(folded))


def _negated(entity: Mapping[str, Any], text: str) -> bool:
    start = entity.get("start")
    return isinstance(start, int) and bool(NEGATION_BEFORE.search(fold(text[:start])))


def _count_attempt(slot: str, reason: str, slots: Mapping[str, Any], updates: Dict[str, Any]) -> None:
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
