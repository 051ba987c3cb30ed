"""Read and validate bot/knowledge_data/followups.yml (and its translations): the follow-up topics and
their answers by route, the situations read from what people write, what to have ready per route.
The answers themselves are given by bot/followups.py; bot/action_plan.py reads the lists here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, FrozenSet, List, Optional, Pattern, Tuple

from bot import problem_kinds
from bot.knowledge import (
    KNOWLEDGE_DIR,
    Knowledge,
    _fill_placeholders,
    _read,
    _sources,
    _translate,
    default,
)
from bot.language import LANGUAGES
from bot.referral import Referral

FILE = "followups.yml"
ANY = "any"  # every route, and before the referral
REQUESTS = ("steps", "summary", "dates")  # the parts of the plan a request in words can ask for
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
    slot: str = ""  # the slot it sets: its own key, or another situation's (`sets`) that means the same for routing


@dataclass(frozen=True)
class FirstStep:
    """The first step a route's first screen gives, for some problems (a Medi-Cal plan: appeal within
    60 days, not the general "complaint ... 30 days")."""

    problems: FrozenSet[str]
    text: str
    plan_silent: Optional[str] = None  # when the plan already said no or did not answer in time


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
    later_letter_clocks: FrozenSet[str]  # clocks that start at a later letter (the NAR): never dated from this one
    too_late: Tuple[Pattern[str], ...]  # "am I too late?": the answer first (bot/followups.py `too_late`)
    too_late_texts: Dict[str, str]  # not_yet, last_day, passed
    newer_letter_clocks: FrozenSet[str]  # dated clocks a newer written decision restarts (the count note)
    date_offer: str  # after a route's time rules: the offer to date them from the letter
    first_steps: Dict[str, FirstStep]  # the first screen's step, by route key
    steps_cover: Dict[str, Tuple[str, ...]]  # routing.yml extras a route's steps already say, by route key
    requests: Dict[str, Tuple[Pattern[str], ...]]  # a part of the plan asked for in words ("what do I say?")


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
        | frozenset(kb.pathways)
        | frozenset(kb.program_details)
        | frozenset(kb.other_kinds)
        | frozenset(kb.problems)
        | frozenset(kinds.kinds)
    )


def _agencies(kb: Knowledge) -> FrozenSet[str]:
    """Answers can be keyed by any destination: the decision table's and the problem kinds'."""
    return frozenset(kb.agencies) | frozenset(problem_kinds.default(kb.language).agencies)


def load(directory: Path = KNOWLEDGE_DIR, language: str = "en", kb: Optional[Knowledge] = None) -> Followups:
    """Read and validate followups.yml (and its translation); numbers come from `kb`'s agencies."""
    kb = kb or default(language)
    r = _read(directory, FILE)
    if language != "en":
        r = _translate(r, directory, language)
    kinds = problem_kinds.default(kb.language)

    def fill(text: str, where: str) -> str:
        return _fill_placeholders(
            " ".join(text.split()),
            f"{FILE}: {where}",
            {**kinds.agencies, **kb.agencies},
            {**kinds.contacts, **kb.contacts},
        )

    check_key = _key_checker(r, kb)
    situations = _situations(r)
    refs = {key: s.patterns for key, s in situations.items()}
    return Followups(
        topics=_topics(r, refs, check_key, fill),
        situations=situations,
        no_answer=r.text(r.data, "no_answer", ""),
        before_referral=r.text(r.data, "before_referral", ""),
        questions=_patterns(r, r.get(r.data, "questions", "", dict), "questions", {}),
        have_ready=_have_ready_lists(r, check_key, fill),
        urgent_case=_patterns(r, r.get(r.data, "urgent_case", "", dict), "urgent_case", {}),
        urgent_pathways=frozenset(r.get(r.data["urgent_case"], "pathway", "urgent_case", list)),
        letter_deadline_clocks=frozenset(r.get(r.data["letter_deadline"], "use_clocks", "letter_deadline", list)),
        letter_deadline_note=r.text(r.data["letter_deadline"], "note", "letter_deadline"),
        later_letter_clocks=frozenset(r.get(r.data["later_letter"], "use_clocks", "later_letter", list)),
        newer_letter_clocks=_newer_letter_clocks(r),
        too_late=_patterns(r, r.get(r.data, "too_late", "", dict), "too_late", {}),
        too_late_texts=_too_late_texts(r),
        date_offer=r.text(r.data, "date_offer", ""),
        first_steps=_first_steps(r, check_key, fill),
        steps_cover=_steps_cover(r, check_key, kb),
        requests=_requests(r),
    )


def _too_late_texts(r) -> Dict[str, str]:
    raw = r.get(r.data, "too_late", "", dict)
    r.facts(raw, "too_late")
    return {key: r.text(raw, key, "too_late") for key in ("not_yet", "last_day", "passed")}


def _newer_letter_clocks(r) -> FrozenSet[str]:
    raw = r.get(r.data, "newer_letter", "", dict)
    r.facts(raw, "newer_letter")
    return frozenset(r.get(raw, "use_clocks", "newer_letter", list))


def _requests(r) -> Dict[str, Tuple[Pattern[str], ...]]:
    found = {}
    for key, raw in (r.data.get("requests") or {}).items():
        if key not in REQUESTS:
            raise r.fail(f"requests.{key}", f"not one of {', '.join(REQUESTS)}")
        found[key] = _patterns(r, raw, f"requests.{key}", {})
    return found


def _steps_cover(r, check_key, kb: Knowledge) -> Dict[str, Tuple[str, ...]]:
    found = {}
    for where, keys in r.get(r.data, "steps_cover", "", dict).items():
        here = f"steps_cover.{where}"
        check_key(where, here)
        unknown = [k for k in keys or () if k not in kb.extras]
        if unknown:
            raise r.fail(here, f"not a routing.yml extra: {', '.join(map(str, unknown))}")
        found[where] = tuple(keys or ())
    return found


def _first_steps(r, check_key, fill) -> Dict[str, FirstStep]:
    found = {}
    for where, raw in r.get(r.data, "first_steps", "", dict).items():
        here = f"first_steps.{where}"
        check_key(where, here)
        r.facts(raw, here)
        silent = r.text(raw, "plan_silent", here, optional=True)
        found[where] = FirstStep(
            frozenset(r.get(raw, "problems", here, list)),
            fill(r.text(raw, "text", here), here),
            fill(silent, here) if silent else None,
        )
    return found


def _key_checker(r, kb: Knowledge) -> Callable[[str, str], None]:
    """A check that an answer key is `AGENCY`, `AGENCY.qualifier`, `any`, `before` or `no_tty`."""
    qualifiers = _qualifiers(kb)
    agencies = _agencies(kb)

    def check_key(where: str, here: str) -> None:
        agency, _, qualifier = where.partition(".")
        if agency not in (ANY, BEFORE, NO_TTY) and agency not in agencies:
            raise r.fail(here, f"{agency!r} is not an agency id, {ANY!r}, {BEFORE!r} or {NO_TTY!r}")
        if qualifier and qualifier not in qualifiers:
            raise r.fail(here, f"{qualifier!r} is not a coverage, pathway, problem or coverage detail")

    return check_key


def _situations(r) -> Dict[str, Situation]:
    situations: Dict[str, Situation] = {}
    for key, raw in r.get(r.data, "situations", "", dict).items():
        path = f"situations.{key}"
        r.facts(raw, path)
        requires = _patterns(r, {"match": raw["requires"]}, f"{path}.requires", {}) if raw.get("requires") else ()
        situations[key] = Situation(key, _patterns(r, raw, path, {}), requires, raw.get("sets") or key)
    for key, situation in situations.items():
        if situation.slot not in situations:
            raise r.fail(f"situations.{key}.sets", f"{situation.slot!r} is not a situation")
    return situations


def _topics(r, refs: Dict[str, Tuple[Pattern[str], ...]], check_key, fill) -> Tuple[Topic, ...]:
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
    return tuple(topics)


def _have_ready_lists(r, check_key, fill) -> Dict[str, Tuple[str, ...]]:
    have_ready = {}
    for where, items in r.get(r.data, "have_ready", "", dict).items():
        here = f"have_ready.{where}"
        check_key(where, here)
        for i, item in enumerate(r.get(items, "items", here, list)):
            r.facts(item, f"{here}.items[{i}]")
        have_ready[where] = tuple(
            fill(r.text(item, "text", f"{here}.items[{i}]"), here) for i, item in enumerate(items["items"])
        )
    return have_ready


@lru_cache(maxsize=None)
def followups(language: str = "en") -> Followups:
    """The follow-up answers in `language`, loaded once per process."""
    return load(language=language)


def route_keys(referral: Referral) -> List[str]:
    """Answer keys for a route, most specific first: the agency with the kind of problem, the
    coverage detail, the reason (experimental), the coverage or the pathway; then any route with those
    (any.access_delay); the agency; then any route."""
    agency, case = referral.agency.key, referral.case
    qualifiers = [
        q for q in (case.problem_detail, case.coverage_detail, case.problem, case.coverage, referral.pathway) if q
    ]
    return [f"{agency}.{q}" for q in qualifiers] + [f"{ANY}.{q}" for q in qualifiers] + [agency, ANY]


def have_ready(referral: Referral, kb: Knowledge) -> Tuple[str, ...]:
    """What to have ready for this route (the bill and proof of income for a hospital bill, the
    notice and its envelope for Medi-Cal...); the denial-letter list where no route says otherwise."""
    data = followups(kb.language)
    return next((data.have_ready[k] for k in route_keys(referral) if k in data.have_ready), kb.have_ready)


def covered_extras(referral: Referral, kb: Knowledge) -> FrozenSet[str]:
    """The referral's extra lines that this route's steps already say (followups.yml `steps_cover`)."""
    cover = followups(kb.language).steps_cover
    keys = next((cover[k] for k in route_keys(referral) if k in cover), ())
    return frozenset(kb.extras[k] for k in keys)
