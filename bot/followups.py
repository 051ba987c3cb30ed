"""Answers to what people ask after the referral ("how long does it take?", "can my daughter file
it?", "my plan never answered"), for the route they were given, from bot/knowledge_data/followups.yml.

Also reads two facts about the case from what a person writes (`situations`): the plan never
answered their complaint, and the coverage comes through a job. Pure Python, no Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Pattern, Tuple

from bot import action_plan, problem_kinds
from bot.knowledge import (
    AGENCIES,
    KNOWLEDGE_DIR,
    PATHWAYS,
    Knowledge,
    _fill_placeholders,
    _read,
    _sources,
    _translate,
    default,
)
from bot.language import LANGUAGES, fold
from bot.reply_types import Reply
from bot.routing import Referral

FILE = "followups.yml"
ANY = "any"  # every route, and before the referral
BEFORE = "before"  # only before the referral, when the route is not known yet
NO_TTY = "no_tty"  # every route whose number has no TTY of its own (the "what's a TTY" answer)


@dataclass(frozen=True)
class Answer:
    text: str
    facts: Tuple[str, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    key: str
    patterns: Tuple[Pattern[str], ...]
    answers: Dict[str, Answer]  # "AGENCY", "AGENCY.qualifier", "any" or "before"


@dataclass(frozen=True)
class Situation:
    key: str
    patterns: Tuple[Pattern[str], ...]
    requires: Tuple[Pattern[str], ...]  # outside a follow-up question, the message must also match one


@dataclass(frozen=True)
class Followups:
    topics: Tuple[Topic, ...]
    situations: Dict[str, Situation]
    no_answer: str
    before_referral: str
    questions: Tuple[Pattern[str], ...]  # a message that asks something (never answered "OK")
    have_ready: Dict[str, Tuple[str, ...]]  # what to have ready, by route key (as `answers`)
    urgent_case: Tuple[Pattern[str], ...]  # the person says the case is urgent (first screen)
    urgent_pathways: FrozenSet[str]  # routes whose first step becomes the `urgent` answer then
    letter_deadline_clocks: FrozenSet[str]  # clocks a deadline printed on the letter can come before
    letter_deadline_note: str


def _patterns(r, node, path: str, refs: Dict[str, Tuple[Pattern[str], ...]]) -> Tuple[Pattern[str], ...]:
    """Regular expressions in every language (a person may mix them); "@name" reuses a situation's."""
    compiled: List[Pattern[str]] = []
    by_language = r.get(node, "match", path, dict)
    for language in LANGUAGES:
        for i, raw in enumerate(r.get(by_language, language, f"{path}.match", list)):
            if isinstance(raw, str) and raw.startswith("@"):
                if raw[1:] not in refs:
                    raise r.fail(f"{path}.match.{language}[{i}]", f"unknown situation {raw}")
                compiled.extend(refs[raw[1:]])
                continue
            try:
                compiled.append(re.compile(raw))
            except (re.error, TypeError) as error:
                raise r.fail(f"{path}.match.{language}[{i}]", f"not a valid pattern: {error}") from None
    return tuple(compiled)


def _qualifiers(kb: Knowledge) -> FrozenSet[str]:
    kinds = problem_kinds.default(kb.language)
    return (
        frozenset(kb.coverages)
        | frozenset(PATHWAYS)
        | frozenset(kb.program_details)
        | frozenset(kb.other_kinds)
        | frozenset(kb.problems)
        | frozenset(kinds.kinds)
        | frozenset(problem_kinds.PATHWAYS)
    )


def _agencies(kb: Knowledge) -> FrozenSet[str]:
    """Answers can be keyed by any destination: the decision table's and the problem kinds'."""
    return frozenset(AGENCIES) | frozenset(problem_kinds.default(kb.language).agencies)


def load(directory: Path = KNOWLEDGE_DIR, language: str = "en", kb: Optional[Knowledge] = None) -> Followups:
    """Read and validate followups.yml (and its translation); numbers come from `kb`'s agencies."""
    kb = kb or default(language)
    r = _read(directory, FILE)
    if language != "en":
        r = _translate(r, directory, language)
    qualifiers = _qualifiers(kb)
    agencies = _agencies(kb)
    kinds = problem_kinds.default(kb.language)

    def fill(text: str, where: str) -> str:
        return _fill_placeholders(
            " ".join(text.split()),
            f"{FILE}: {where}",
            {**kinds.agencies, **kb.agencies},
            {**kinds.contacts, **kb.contacts},
        )

    def check_key(where: str, here: str) -> None:
        agency, _, qualifier = where.partition(".")
        if agency not in (ANY, BEFORE, NO_TTY) and agency not in agencies:
            raise r.fail(here, f"{agency!r} is not an agency id, {ANY!r}, {BEFORE!r} or {NO_TTY!r}")
        if qualifier and qualifier not in qualifiers:
            raise r.fail(here, f"{qualifier!r} is not a coverage, pathway, problem or coverage detail")

    situations: Dict[str, Situation] = {}
    for key, raw in r.get(r.data, "situations", "", dict).items():
        path = f"situations.{key}"
        r.facts(raw, path)
        requires = _patterns(r, {"match": raw["requires"]}, f"{path}.requires", {}) if raw.get("requires") else ()
        situations[key] = Situation(key, _patterns(r, raw, path, {}), requires)
    refs = {key: s.patterns for key, s in situations.items()}

    topics = []
    for key, raw in r.get(r.data, "topics", "", dict).items():
        path = f"topics.{key}"
        answers = {}
        for where, node in (r.get(raw, "answers", path, dict) or {}).items():
            here = f"{path}.answers.{where}"
            check_key(where, here)
            answers[where] = Answer(
                fill(r.text(node, "text", here), here), r.facts(node, here), _sources(r, node, here)
            )
        topics.append(Topic(key, _patterns(r, raw, path, refs), answers))
    have_ready = {}
    for where, items in r.get(r.data, "have_ready", "", dict).items():
        here = f"have_ready.{where}"
        check_key(where, here)
        for i, item in enumerate(r.get(items, "items", here, list)):
            r.facts(item, f"{here}.items[{i}]")
        have_ready[where] = tuple(
            fill(r.text(item, "text", f"{here}.items[{i}]"), here) for i, item in enumerate(items["items"])
        )
    return Followups(
        topics=tuple(topics),
        situations=situations,
        no_answer=r.text(r.data, "no_answer", ""),
        before_referral=r.text(r.data, "before_referral", ""),
        questions=_patterns(r, r.get(r.data, "questions", "", dict), "questions", {}),
        have_ready=have_ready,
        urgent_case=_patterns(r, r.get(r.data, "urgent_case", "", dict), "urgent_case", {}),
        urgent_pathways=frozenset(r.get(r.data["urgent_case"], "pathway", "urgent_case", list)),
        letter_deadline_clocks=frozenset(r.get(r.data["letter_deadline"], "use_clocks", "letter_deadline", list)),
        letter_deadline_note=r.text(r.data["letter_deadline"], "note", "letter_deadline"),
    )


@lru_cache(maxsize=None)
def followups(language: str = "en") -> Followups:
    """The follow-up answers in `language`, loaded once per process."""
    return load(language=language)


def topic(text: str, data: Optional[Followups] = None) -> Optional[str]:
    """The first topic whose words the message uses, or None."""
    folded = fold(text or "")
    for entry in (data or followups()).topics:
        if any(p.search(folded) for p in entry.patterns):
            return entry.key
    return None


def situations(text: str, data: Optional[Followups] = None) -> FrozenSet[str]:
    """Facts about the case in a message: "plan_silent", "job_plan"."""
    folded = fold(text or "")
    return frozenset(
        s.key
        for s in (data or followups()).situations.values()
        if any(p.search(folded) for p in s.patterns) and (not s.requires or any(p.search(folded) for p in s.requires))
    )


def is_question(text: str, data: Optional[Followups] = None) -> bool:
    """Whether a message asks something ("what's a TTY", "do I need a lawyer?"): a question is
    answered, or gets the routed number, never "OK"."""
    folded = fold(text or "")
    return any(p.search(folded) for p in (data or followups()).questions)


def urgent(texts: List[str], data: Optional[Followups] = None) -> bool:
    """Whether the person said the case is urgent ("THIS IS URGENT", "she can't wait")."""
    patterns = (data or followups()).urgent_case
    return any(p.search(fold(text or "")) for text in texts for p in patterns)


def urgent_first_step(referral: Referral, kb: Knowledge) -> Optional[str]:
    """For an urgent case, the first step to show: the route's own `urgent` answer (DMHC: call now,
    no 30-day wait, F11.26), on routes where a denial can be sped up; None elsewhere."""
    data = followups(kb.language)
    if referral.pathway not in data.urgent_pathways:
        return None
    found = next(t for t in data.topics if t.key == "urgent")
    hit = next((found.answers[k] for k in _keys(referral) if k in found.answers and k != ANY), None)
    return hit.text if hit else None


def _keys(referral: Referral) -> List[str]:
    """Answer keys for a route, most specific first: the agency with the kind of problem, the
    coverage detail, the reason (experimental), the coverage or the pathway; then any route with those
    (any.access_delay); the agency; then any route."""
    agency, case = referral.agency.key, referral.case
    qualifiers = [
        q for q in (case.problem_detail, case.coverage_detail, case.problem, case.coverage, referral.pathway) if q
    ]
    return [f"{agency}.{q}" for q in qualifiers] + [f"{ANY}.{q}" for q in qualifiers] + [agency, ANY]


def answer_keys(referral: Referral, kb: Knowledge) -> List[str]:
    """The keys tried for a route's answer, in order: `no_tty` first when its number has no TTY."""
    return ([] if _route_fields(referral, kb)["tty"] else [NO_TTY]) + _keys(referral)


def _route_fields(referral: Optional[Referral], kb: Knowledge) -> Dict[str, str]:
    """{agency} ({Agency} to start a sentence), {phone}, {number} (with its TTY) and {tty} of the number the route gives: the
    answers to "repeat the number" and "what's a TTY" use the route's own number."""
    caller = (referral.caller if referral else None) or kb.agencies["DMHC"]
    name = getattr(caller, "short_name", None) or caller.name
    tty = caller.tty or ""
    number = f"{caller.phone} (TTY {tty})" if tty else caller.phone
    return {"agency": name, "Agency": name[:1].upper() + name[1:], "phone": caller.phone, "number": number, "tty": tty}


def have_ready(referral: Referral, kb: Knowledge) -> Tuple[str, ...]:
    """What to have ready for this route (the bill and proof of income for a hospital bill, the
    notice and its envelope for Medi-Cal...); the denial-letter list where no route says otherwise."""
    data = followups(kb.language)
    return next((data.have_ready[k] for k in _keys(referral) if k in data.have_ready), kb.have_ready)


def _for_coverage(found: Topic, coverage: Optional[str]) -> Optional[Answer]:
    """Before the referral, with the coverage known (a Medi-Cal member asking mid-way "what if the
    IMR says no?"): the first answer written for that coverage, whatever the agency."""
    if not coverage:
        return None
    return next((a for where, a in found.answers.items() if where.partition(".")[2] == coverage), None)


def answer(
    key: Optional[str],
    referral: Optional[Referral],
    kb: Knowledge,
    letter: Optional[date] = None,
    coverage: Optional[str] = None,
    letter_deadline: Optional[date] = None,
) -> Reply:
    """The answer to topic `key` for the route given (or, before it, for the coverage known so far,
    else for most plans), in kb's language.

    No sourced answer for this route: the routed agency's number and one line on why.
    """
    data = followups(kb.language)
    found = next((t for t in data.topics if t.key == key), None)
    fields = _route_fields(referral, kb)
    if found is not None and key == "deadline" and referral is not None:
        plan = action_plan.build(referral, letter, kb=kb, letter_deadline=letter_deadline)
        lines = [d.text(kb.language) for d in plan.deadlines] or list(referral.deadlines)
        if lines:
            return Reply(" ".join(lines), kb.language)
    if found is not None and key == "documents" and referral is not None:
        keys = _keys(referral)
        said = next((i for i, k in enumerate(keys) if k in found.answers and k != ANY), len(keys))
        listed = next((i for i, k in enumerate(keys) if k in data.have_ready), len(keys))
        if listed <= said:  # this route's own list is as specific as any answer written for it
            return Reply(" ".join(have_ready(referral, kb)), kb.language)
    if found is not None:
        if referral is not None:
            hit = next((found.answers[k] for k in answer_keys(referral, kb) if k in found.answers), None)
            if hit:
                return Reply(hit.text.format(**fields), kb.language)
        elif _for_coverage(found, coverage):
            return Reply(_for_coverage(found, coverage).text.format(**fields), kb.language)
        elif BEFORE in found.answers or ANY in found.answers:
            return Reply(found.answers.get(BEFORE, found.answers.get(ANY)).text.format(**fields), kb.language)
        elif "DMHC" in found.answers:
            return Reply(f"{data.before_referral} {found.answers['DMHC'].text.format(**fields)}", kb.language)
    return Reply(data.no_answer.format(**fields), kb.language)
