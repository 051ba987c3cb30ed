"""next_steps.yml: what to have ready, the countable deadlines, and the steps for every route."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from bot.knowledge.model import Clock, OtherKind, ProgramDetail, StepPlan, StepPlans
from bot.knowledge.reader import _Reader, _sources

Fill = Callable[[Optional[str], str], Optional[str]]


def next_steps(
    r: _Reader,
    fill: Fill,
    destinations: List[Tuple[str, str]],
    kinds: Dict[str, OtherKind],
    coverages: Tuple[str, ...],
    details: Dict[str, ProgramDetail],
    problems: Tuple[str, ...],
) -> Dict[str, Any]:
    have_ready = []
    for i, raw in enumerate(r.get(r.data, "have_ready", "", list)):
        path = f"have_ready[{i}]"
        r.facts(raw, path)
        _sources(r, raw, path)
        have_ready.append(fill(r.text(raw, "text", path), path))
    found = _clocks(r, fill)
    r.facts({"facts": r.get(r.data, "newer_letter_facts", "", list)}, "newer_letter")
    return {
        "have_ready": tuple(have_ready),
        "clocks": found,
        "newer_letter": r.text(r.data, "newer_letter", ""),
        "step_plans": _plans(r, fill, destinations, found, (tuple(kinds), problems, coverages, tuple(details))),
    }


def _clocks(r: _Reader, fill: Fill) -> Dict[str, Clock]:
    clocks = {}
    for key, raw in r.get(r.data, "clocks", "", dict).items():
        path = f"clocks.{key}"
        months = r.get(raw, "months", path, int, optional=True) or 0
        days = r.get(raw, "days", path, int, optional=True) or 0
        if (months > 0) == (days > 0):
            raise r.fail(path, "give either months or days (a whole number above 0)")
        dated = r.text(raw, "dated", path)
        if "{date}" not in dated:
            raise r.fail(f"{path}.dated", "must say {date}")
        clocks[key] = Clock(
            key,
            months,
            days,
            fill(r.text(raw, "text", path), path),
            fill(dated, path),
            r.facts(raw, path),
            _sources(r, raw, path),
            *late_window(r, raw, path, days, fill),
        )
    return clocks


def late_window(r: _Reader, raw: Mapping, path: str, days: int, fill: Fill) -> Tuple[int, str]:
    """A clock's optional later day (`late_days`, more than its `days`) and what is said of it (`late`,
    with {date}): said only once the first day has passed (bot/action_plan.py)."""
    late_days = r.get(raw, "late_days", path, int, optional=True) or 0
    if not late_days:
        return 0, ""
    late = fill(r.text(raw, "late", path), path)
    if not days or late_days <= days or "{date}" not in late:
        raise r.fail(path, "`late_days` must be more than `days`, with a `late` text with {date}")
    return late_days, late


def _plans(
    r: _Reader,
    fill: Fill,
    destinations: List[Tuple[str, str]],
    clocks: Dict[str, Clock],
    allowed: Tuple[Tuple[str, ...], ...],
) -> Dict[Tuple[str, str], StepPlans]:
    """The steps of every destination: a default, and the ones that replace it for a kind, a problem,
    a coverage or a program detail; a destination without steps is refused."""

    def entry(raw: Any, path: str) -> StepPlan:
        steps = tuple(
            fill(r.text({"step": step}, "step", f"{path}.steps"), f"{path}.steps")
            for step in r.get(raw, "steps", path, list)
        )
        if not steps:
            raise r.fail(f"{path}.steps", "needs at least one step")
        use = tuple(r.get(raw, "use_clocks", path, list))
        for clock in use:
            r.one_of(clock, tuple(clocks), f"{path}.use_clocks")
        return StepPlan(steps, use, r.facts(raw, path), _sources(r, raw, path))

    plans = {}
    node = r.get(r.data, "plans", "", dict)
    for agency, pathway in destinations:
        path = f"plans.{agency}.{pathway}"
        raw = r.get(r.get(node, agency, "plans", dict), pathway, f"plans.{agency}", dict)
        silent = r.get(raw, "plan_silent", path, dict, optional=True)
        groups: Dict[str, Any] = {"plan_silent": entry(silent, f"{path}.plan_silent") if silent else None}
        silent_by = r.get(silent, "by_coverage", f"{path}.plan_silent", dict, optional=True) if silent else None
        groups["plan_silent_by_coverage"] = {
            r.one_of(key, allowed[2], f"{path}.plan_silent.by_coverage"): entry(
                value, f"{path}.plan_silent.by_coverage.{key}"
            )
            for key, value in (silent_by or {}).items()
        }
        for group, keys in zip(("by_kind", "by_problem", "by_coverage", "by_detail"), allowed):
            found = r.get(raw, group, path, dict, optional=True) or {}
            groups[group] = {
                r.one_of(key, keys, f"{path}.{group}"): entry(value, f"{path}.{group}.{key}")
                for key, value in found.items()
            }
        plans[(agency, pathway)] = StepPlans(
            default=entry(r.get(raw, "default", path, dict), f"{path}.default"), **groups
        )
    return plans
