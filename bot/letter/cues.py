"""The phrases a plan's letter uses (bot/knowledge_data/letters.yml), loaded once and checked.

A group without sources, a coverage or problem id the routing does not know, or an empty phrase
list fails loading with the key named, like the rest of the knowledge data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence, Tuple

import yaml

from bot.knowledge import COVERAGES, FACT_ID, KNOWLEDGE_DIR, PROBLEMS, KnowledgeError, default
from bot import followup_data, problem_kinds
from bot.language import fold

FILE = "letters.yml"


def phrase_pattern(phrases: Sequence[str]) -> "re.Pattern[str]":
    """One pattern for whole-word matches of any phrase (folded), spaces matching any whitespace."""
    parts = sorted({fold(p).strip() for p in phrases}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@dataclass(frozen=True)
class CoverageCue:
    coverage: str
    pattern: "re.Pattern[str]"
    facts: Tuple[str, ...]
    detail: Optional[str] = None
    ppo_coverage: Optional[str] = None


@dataclass(frozen=True)
class ReasonCue:
    problem: str
    patterns: Tuple["re.Pattern[str]", ...]  # every one must match
    facts: Tuple[str, ...]
    detail: Optional[str] = None  # a kind of problem_kinds.yml, with problem "other"


@dataclass(frozen=True)
class DmhcStep:
    """A letter from the DMHC after the person applied, and the follow-up topic that answers it."""

    topic: str
    patterns: Tuple["re.Pattern[str]", ...]  # every one must match
    facts: Tuple[str, ...]


@dataclass(frozen=True)
class Cues:
    notices: Tuple[CoverageCue, ...]
    regulators: Tuple[CoverageCue, ...]
    boilerplate: "re.Pattern[str]"
    reasons: Tuple[ReasonCue, ...]
    service_labels: "re.Pattern[str]"
    service_openers: "re.Pattern[str]"
    service_stops: "re.Pattern[str]"
    date_labels: "re.Pattern[str]"
    other_dates: "re.Pattern[str]"
    appeal_decided: "re.Pattern[str]"
    dmhc_steps: Tuple[DmhcStep, ...]
    plan_decision_days: int
    plan_decision_coverages: Tuple[str, ...]
    care_ends: "re.Pattern[str]"
    care_ends_noon: "re.Pattern[str]"


def _fail(key: str, why: str) -> KnowledgeError:
    return KnowledgeError(f"{FILE}: {key}: {why}")


def _phrases(raw: object, key: str) -> Tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) and p.strip() for p in raw):
        raise _fail(key, "must be a non-empty list of phrases")
    return tuple(raw)


def _facts(raw: dict, key: str) -> Tuple[str, ...]:
    facts = raw.get("facts")
    if not isinstance(facts, list) or not facts or not all(FACT_ID.match(str(f)) for f in facts):
        raise _fail(f"{key}.facts", "every group needs its sources (seed or F<n>.<m>)")
    return tuple(facts)


def _coverage_cues(raw: object, key: str) -> Tuple[CoverageCue, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(key, "must be a list of groups")
    kinds = default().other_kinds
    cues = []
    for i, group in enumerate(raw):
        path = f"{key}[{i}]"
        if group.get("coverage") not in COVERAGES:
            raise _fail(f"{path}.coverage", f"must be one of {', '.join(COVERAGES)}")
        if group.get("detail") is not None and group["detail"] not in kinds:
            raise _fail(f"{path}.detail", f"must be one of {', '.join(kinds)}")
        if group.get("ppo_coverage") is not None and group["ppo_coverage"] not in COVERAGES:
            raise _fail(f"{path}.ppo_coverage", f"must be one of {', '.join(COVERAGES)}")
        cues.append(
            CoverageCue(
                group["coverage"],
                phrase_pattern(_phrases(group.get("phrases"), f"{path}.phrases")),
                _facts(group, path),
                group.get("detail"),
                group.get("ppo_coverage"),
            )
        )
    return tuple(cues)


def _every_list(lists: Sequence[object], key: str) -> Tuple["re.Pattern[str]", ...]:
    """One pattern per phrase list of a group (`all_of`): every one must match."""
    return tuple(phrase_pattern(_phrases(p, key)) for p in lists)


def _reason_cues(raw: object) -> Tuple[ReasonCue, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail("reasons", "must be a list of groups")
    cues = []
    for i, group in enumerate(raw):
        path = f"reasons[{i}]"
        if group.get("problem") not in PROBLEMS:
            raise _fail(f"{path}.problem", f"must be one of {', '.join(PROBLEMS)}")
        patterns = _every_list(group.get("all_of") or [group.get("phrases")], f"{path}.phrases")
        detail = group.get("detail")
        if detail is not None and (group["problem"] != "other" or detail not in problem_kinds.default().kinds):
            raise _fail(f"{path}.detail", "must be a kind of problem_kinds.yml, with problem: other")
        cues.append(ReasonCue(group["problem"], patterns, _facts(group, path), detail))
    return tuple(cues)


@lru_cache(maxsize=1)
def load() -> Cues:
    data = yaml.safe_load((KNOWLEDGE_DIR / FILE).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise _fail("", "must be a mapping")
    return Cues(
        notices=_coverage_cues(data.get("notices"), "notices"),
        regulators=_coverage_cues(data.get("regulators"), "regulators"),
        boilerplate=phrase_pattern(_phrases(data.get("boilerplate"), "boilerplate")),
        reasons=_reason_cues(data.get("reasons")),
        service_labels=phrase_pattern(_phrases(data.get("service_labels"), "service_labels")),
        service_openers=phrase_pattern(_phrases(data.get("service_openers"), "service_openers")),
        service_stops=phrase_pattern(_phrases(data.get("service_stops"), "service_stops")),
        date_labels=phrase_pattern(_phrases(data.get("date_labels"), "date_labels")),
        other_dates=phrase_pattern(_phrases(data.get("other_dates"), "other_dates")),
        appeal_decided=_appeal_decided(data.get("appeal_decided")),
        dmhc_steps=_dmhc_steps(data.get("dmhc_steps")),
        **_plan_decision(data.get("plan_decision")),
        **_care_ends(data.get("care_ends")),
    )


def _appeal_decided(raw: object) -> "re.Pattern[str]":
    if not isinstance(raw, dict):
        raise _fail("appeal_decided", "must be a mapping with phrases and facts")
    _facts(raw, "appeal_decided")
    return phrase_pattern(_phrases(raw.get("phrases"), "appeal_decided.phrases"))


def _dmhc_steps(raw: object) -> Tuple[DmhcStep, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail("dmhc_steps", "must be a list of groups")
    topics = {t.key for t in followup_data.followups().topics}
    steps = []
    for i, group in enumerate(raw):
        path = f"dmhc_steps[{i}]"
        if group.get("topic") not in topics:
            raise _fail(f"{path}.topic", "must be a topic of followups.yml")
        patterns = _every_list(group.get("all_of") or [None], f"{path}.all_of")
        steps.append(DmhcStep(group["topic"], patterns, _facts(group, path)))
    return tuple(steps)


def _plan_decision(raw: object) -> dict:
    if not isinstance(raw, dict) or not isinstance(raw.get("days"), int) or raw["days"] <= 0:
        raise _fail("plan_decision.days", "must be a whole number of days")
    coverages = raw.get("coverages")
    if not isinstance(coverages, list) or not coverages or any(c not in COVERAGES for c in coverages):
        raise _fail("plan_decision.coverages", f"must be a list of {', '.join(COVERAGES)}")
    _facts(raw, "plan_decision")
    return {"plan_decision_days": raw["days"], "plan_decision_coverages": tuple(coverages)}


def _care_ends(raw: object) -> dict:
    if not isinstance(raw, dict):
        raise _fail("care_ends", "must be a mapping with labels, noon and facts")
    _facts(raw, "care_ends")
    return {
        "care_ends": phrase_pattern(_phrases(raw.get("labels"), "care_ends.labels")),
        "care_ends_noon": phrase_pattern(_phrases(raw.get("noon"), "care_ends.noon")),
    }
