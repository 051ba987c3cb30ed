"""Answers to what people ask after the referral ("how long does it take?", "can my daughter file
it?", "my plan never answered"), for the route they were given, from bot/knowledge_data/followups.yml.

Also reads two facts about the case from what a person writes (`situations`): the plan never
answered their complaint, and the coverage comes through a job. Pure Python, no Rasa. The data is
read by bot/followup_data.py.
"""

from __future__ import annotations

from datetime import date
from typing import Dict, FrozenSet, List, Optional

from bot import action_plan
from bot.followup_data import ANY, BEFORE, NO_TTY, Answer, Followups, Topic, followups, have_ready, load
from bot.followup_data import route_keys as _keys
from bot.dates import format_date
from bot.knowledge import KNOWLEDGE_DIR, Knowledge
from bot.language import fold_words
from bot.reply_types import Reply
from bot.routing import Case, Referral, RoutingError, route

# The topic of "who do I talk to?": whatever the NLU read it as, it is answered (actions/handoff.py).
WHO_TO_CONTACT = "who_to_contact"

# The data's names, for the callers that read them here.
__all__ = [
    "KNOWLEDGE_DIR",
    "WHO_TO_CONTACT",
    "Followups",
    "answer",
    "answer_keys",
    "asks_who_to_contact",
    "first_step",
    "followups",
    "have_ready",
    "is_question",
    "load",
    "outside_imr",
    "request",
    "routed_answer",
    "situations",
    "too_late",
    "topic",
    "urgent",
    "urgent_first_step",
]


def topic(text: str, data: Optional[Followups] = None) -> Optional[str]:
    """The first topic whose words the message uses, or None."""
    folded = fold_words(text or "")
    for entry in (data or followups()).topics:
        if any(p.search(folded) for p in entry.patterns):
            return entry.key
    return None


def asks_who_to_contact(text: str) -> bool:
    """Whether a message asks whom to contact ("who do I talk to?", "¿a quién le hablo?"), not who the
    assistant is: a question, answered with the place to go (topic `who_to_contact`)."""
    return not (text or "").startswith("/") and topic(text) == WHO_TO_CONTACT


def request(text: str, data: Optional[Followups] = None) -> Optional[str]:
    """The part of the plan asked for in words the NLU may not place ("what do I say when I call?" is
    the case summary): "steps", "summary", "dates" or None."""
    folded = fold_words(text or "")
    found = (data or followups()).requests
    return next((key for key, patterns in found.items() if any(p.search(folded) for p in patterns)), None)


def situations(text: str, data: Optional[Followups] = None) -> FrozenSet[str]:
    """Facts about the case in a message, as the slots they set: "plan_silent", "job_plan"."""
    folded = fold_words(text or "")
    return frozenset(
        s.slot
        for s in (data or followups()).situations.values()
        if any(p.search(folded) for p in s.patterns) and (not s.requires or any(p.search(folded) for p in s.requires))
    )


def is_question(text: str, data: Optional[Followups] = None) -> bool:
    """Whether a message asks something ("what's a TTY", "do I need a lawyer?"): a question is
    answered, or gets the routed number, never "OK"."""
    folded = fold_words(text or "")
    return any(p.search(folded) for p in (data or followups()).questions)


def urgent(texts: List[str], data: Optional[Followups] = None) -> bool:
    """Whether the person said the case is urgent ("THIS IS URGENT", "she can't wait")."""
    patterns = (data or followups()).urgent_case
    return any(p.search(fold_words(text or "")) for text in texts for p in patterns)


def urgent_first_step(referral: Referral, kb: Knowledge) -> Optional[str]:
    """For an urgent case, the first step to show: the route's own `urgent` answer (DMHC: call now,
    no 30-day wait, F11.26), on routes where a denial can be sped up; None elsewhere."""
    data = followups(kb.language)
    if referral.pathway not in data.urgent_pathways:
        return None
    found = next(t for t in data.topics if t.key == "urgent")
    hit = next((found.answers[k] for k in _keys(referral) if k in found.answers and k != ANY), None)
    return hit.text if hit else None


def answer_keys(referral: Referral, kb: Knowledge) -> List[str]:
    """The keys tried for a route's answer, in order: `no_tty` first when its number has no TTY."""
    return ([] if _route_fields(referral, kb)["tty"] else [NO_TTY]) + _keys(referral)


def _route_fields(referral: Optional[Referral], kb: Knowledge) -> Dict[str, str]:
    """{agency} ({Agency} to start a sentence), {phone}, {number} (with its TTY) and {tty} of the number the route gives: the
    answers to "repeat the number" and "what's a TTY" use the route's own number; {first_step}: the route's first step."""
    caller = (referral.caller if referral else None) or kb.agencies["DMHC"]
    name = getattr(caller, "short_name", None) or caller.name
    tty = caller.tty or ""
    number = f"{caller.phone} (TTY {tty})" if tty else caller.phone
    step = first_step(referral, kb) if referral else ""
    return {
        "agency": name,
        "Agency": name[:1].upper() + name[1:],
        "phone": caller.phone,
        "number": number,
        "tty": tty,
        "first_step": step,
    }


def first_step(referral: Referral, kb: Knowledge, urgent_case: bool = False) -> str:
    """The step the first screen gives: the urgent way when the person said it is urgent (on routes
    where a denial can be sped up); the route's own step from followups.yml where the table's general
    one does not fit (a Medi-Cal plan: appeal within 60 days, F3.1); else the referral's."""
    urgent_step = urgent_first_step(referral, kb) if urgent_case else None
    if urgent_step:
        return urgent_step
    steps = followups(kb.language).first_steps
    own = next((steps[k] for k in _keys(referral) if k in steps), None)
    if own is None or referral.case.problem not in own.problems:
        return referral.first_step
    if referral.case.plan_silent:
        return own.plan_silent or referral.first_step
    return own.text


def too_late(text: str, plan: action_plan.ActionPlan, referral: Referral, kb: Knowledge, today: date) -> Optional[str]:
    """ "Am I too late?" with the dates counted from the letter: no (the days left to the earliest
    date) or yes (it has passed: the routed number, to ask about a late request), said first (probe
    s9 16); None for another question, or with no date counted."""
    data = followups(kb.language)
    due = min((d.due for d in plan.deadlines if d.due), default=None)
    if due is None or not any(p.search(fold_words(text or "")) for p in data.too_late):
        return None
    said = format_date(due, kb.language)
    key = "passed" if due < today else "last_day" if due == today else "not_yet"
    return data.too_late_texts[key].format(days=(due - today).days, date=said, **_route_fields(referral, kb))


def _for_coverage(found: Topic, coverage: Optional[str], detail: Optional[str] = None) -> Optional[Answer]:
    """Before the referral, with the coverage known (a Medi-Cal member asking mid-way "what if the
    IMR says no?", a TRICARE member "how long do I have?"): the first answer written for that coverage
    detail or coverage, whatever the agency."""
    for known in (detail, coverage):
        hit = next((a for where, a in found.answers.items() if known and where.partition(".")[2] == known), None)
        if hit:
            return hit
    return None


def _tentative(
    coverage: Optional[str], problem: Optional[str], detail: Optional[str], kb: Knowledge
) -> Optional[Referral]:
    """Before the referral, with the coverage and the problem known: the route they lead to, so a
    question asked at the last questions is answered for it (an HMO member's experimental denial: no
    complaint first)."""
    if not coverage or not problem or coverage == "unknown":
        return None
    try:
        return route(Case(coverage, problem, coverage_detail=detail), kb)
    except (RoutingError, KeyError, ValueError):
        return None


def routed_answer(key: Optional[str], referral: Optional[Referral], kb: Knowledge) -> Optional[Reply]:
    """The answer written for this route (not the one for every route), or None: "is it free?" on a
    workers' comp route is the DWC's answer, not the health-plan IMR's."""
    found = next((t for t in followups(kb.language).topics if t.key == key), None)
    if found is None or referral is None:
        return None
    hit = next((found.answers[k] for k in answer_keys(referral, kb) if k in found.answers and k != ANY), None)
    return Reply(hit.text.format(**_route_fields(referral, kb)), kb.language) if hit else None


def outside_imr(key: Optional[str], asked_about: str, referral: Optional[Referral], kb: Knowledge) -> Optional[Reply]:
    """On a route without a health-plan IMR (workers' comp, Covered California, Medicare, a bill), an
    IMR question (`asked_about`: what, cost, who) never gets the health-plan IMR text ("your plan must
    give you ..."): what an IMR is, then what this route has instead; otherwise the route's answer to
    the topic, or honestly its number. None on an IMR route or before the referral."""
    if referral is None or referral.imr:
        return None
    instead = routed_answer("imr_here", referral, kb)
    if key is None and asked_about == "what":
        return Reply(" ".join([kb.faq["imr"]["what"]] + ([instead.text] if instead else [])), kb.language)
    return answer(key, referral, kb)


def _deadline(referral: Referral, kb: Knowledge, letter: Optional[date], letter_deadline: Optional[date]) -> List[str]:
    """The route's own time rules (dated when the letter's date is known), then the offer to date them."""
    plan = action_plan.build(referral, letter, kb=kb, letter_deadline=letter_deadline)
    lines = [d.text(kb.language) for d in plan.deadlines] or list(referral.deadlines)
    if lines and plan.deadlines and letter is None:
        lines.append(followups(kb.language).date_offer)
    return lines


def answer(
    key: Optional[str],
    referral: Optional[Referral],
    kb: Knowledge,
    letter: Optional[date] = None,
    coverage: Optional[str] = None,
    letter_deadline: Optional[date] = None,
    problem: Optional[str] = None,
    detail: Optional[str] = None,
    kind: Optional[str] = None,
) -> Reply:
    """The answer to topic `key` for the route given (or, before it, for the route the coverage and
    problem known so far lead to, else for the kind of problem told (`kind`: a surprise bill's "do I
    have to pay?" is not the IMR's cost), else for the coverage, else for most plans), in kb's language.

    No sourced answer for this route: the routed agency's number and one line on why.
    """
    data = followups(kb.language)
    found = next((t for t in data.topics if t.key == key), None)
    referral = referral or _tentative(coverage, problem, detail, kb)
    fields = _route_fields(referral, kb)
    if found is not None and key == "deadline" and referral is not None:
        lines = _deadline(referral, kb, letter, letter_deadline)
        if lines:
            return Reply(" ".join(lines), kb.language)
    if found is not None and key == "documents" and referral is not None:
        keys = _keys(referral)
        said = next((i for i, k in enumerate(keys) if k in found.answers and k != ANY), len(keys))
        listed = next((i for i, k in enumerate(keys) if k in data.have_ready), len(keys))
        if listed <= said:  # this route's own list is as specific as any answer written for it
            return Reply(" ".join(have_ready(referral, kb)), kb.language)
    if found is not None:
        before = _before(found, coverage, problem, detail, kind)
        if referral is not None:
            hit = next((found.answers[k] for k in answer_keys(referral, kb) if k in found.answers), None)
            if hit:
                return Reply(hit.text.format(**fields), kb.language)
        elif before is not None:
            return Reply(before.text.format(**fields), kb.language)
        elif "DMHC" in found.answers:
            return Reply(f"{data.before_referral} {found.answers['DMHC'].text.format(**fields)}", kb.language)
    return Reply(data.no_answer.format(**fields), kb.language)


def _before(
    found: Topic, coverage: Optional[str], problem: Optional[str], detail: Optional[str], kind: Optional[str] = None
) -> Optional[Answer]:
    """Before the referral: the answer for the kind of problem told (`before.surprise_bill`, else
    `any.surprise_bill`: "do I have to pay the bill meanwhile?" while the coverage is still asked, probe
    s9 5), else for the coverage known, else for the problem known (`before.experimental`: an
    experimental denial needs no complaint first, F1.11), else the one for a coverage not known yet
    (`before.unknown`: "we lost the IMR" names both ways), else the one for before any route."""
    by_kind = (found.answers.get(f"{BEFORE}.{kind}") or found.answers.get(f"{ANY}.{kind}")) if kind else None
    return (
        by_kind
        or _for_coverage(found, coverage, detail)
        or (found.answers.get(f"{BEFORE}.{problem}") if problem else None)
        or (found.answers.get(f"{BEFORE}.unknown") if not coverage else None)
        or found.answers.get(BEFORE, found.answers.get(ANY))
    )
