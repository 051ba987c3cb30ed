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

from bot import action_plan
from bot.knowledge import AGENCIES, KNOWLEDGE_DIR, PATHWAYS, Knowledge, _fill_placeholders, _read, _sources, _translate, default
from bot.language import LANGUAGES, fold
from bot.reply_types import Reply
from bot.routing import Referral

FILE = "followups.yml"
ANY = "any"  # every route, and before the referral
BEFORE = "before"  # only before the referral, when the route is not known yet


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
    return frozenset(kb.coverages) | frozenset(PATHWAYS) | frozenset(kb.program_details) | frozenset(kb.other_kinds)


def load(directory: Path = KNOWLEDGE_DIR, language: str = "en", kb: Optional[Knowledge] = None) -> Followups:
    """Read and validate followups.yml (and its translation); numbers come from `kb`'s agencies."""
    kb = kb or default(language)
    r = _read(directory, FILE)
    if language != "en":
        r = _translate(r, directory, language)
    qualifiers = _qualifiers(kb)

    def fill(text: str, where: str) -> str:
        return _fill_placeholders(" ".join(text.split()), f"{FILE}: {where}", kb.agencies, kb.contacts)

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
            agency, _, qualifier = where.partition(".")
            if agency not in (ANY, BEFORE) and agency not in AGENCIES:
                raise r.fail(here, f"{agency!r} is not an agency id, {ANY!r} or {BEFORE!r}")
            if qualifier and qualifier not in qualifiers:
                raise r.fail(here, f"{qualifier!r} is not a coverage, pathway or coverage detail")
            answers[where] = Answer(fill(r.text(node, "text", here), here), r.facts(node, here), _sources(r, node, here))
        topics.append(Topic(key, _patterns(r, raw, path, refs), answers))
    return Followups(
        topics=tuple(topics),
        situations=situations,
        no_answer=r.text(r.data, "no_answer", ""),
        before_referral=r.text(r.data, "before_referral", ""),
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
        s.key for s in (data or followups()).situations.values()
        if any(p.search(folded) for p in s.patterns) and (not s.requires or any(p.search(folded) for p in s.requires))
    )


def _keys(referral: Referral) -> List[str]:
    """Answer keys for a route, most specific first."""
    agency, case = referral.agency.key, referral.case
    qualifiers = [case.coverage_detail, case.coverage, referral.pathway]
    return [f"{agency}.{q}" for q in qualifiers if q] + [agency, ANY]


def answer(key: Optional[str], referral: Optional[Referral], kb: Knowledge, letter: Optional[date] = None) -> Reply:
    """The answer to topic `key` for the route given (or, before it, for most plans), in kb's language.

    No sourced answer for this route: the routed agency's number and one line on why.
    """
    data = followups(kb.language)
    found = next((t for t in data.topics if t.key == key), None)
    if found is not None and key == "deadline" and referral is not None:
        lines = [d.text(kb.language) for d in action_plan.build(referral, letter, kb=kb).deadlines] or list(referral.deadlines)
        if lines:
            return Reply(" ".join(lines), kb.language)
    if found is not None:
        if referral is not None:
            hit = next((found.answers[k] for k in _keys(referral) if k in found.answers), None)
            if hit:
                return Reply(hit.text, kb.language)
        elif BEFORE in found.answers or ANY in found.answers:
            return Reply(found.answers.get(BEFORE, found.answers.get(ANY)).text, kb.language)
        elif "DMHC" in found.answers:
            return Reply(f"{data.before_referral} {found.answers['DMHC'].text}", kb.language)
    caller = (referral.caller if referral else None) or kb.agencies["DMHC"]
    name = getattr(caller, "short_name", None) or caller.name
    return Reply(data.no_answer.format(agency=name[:1].upper() + name[1:], phone=caller.phone), kb.language)
