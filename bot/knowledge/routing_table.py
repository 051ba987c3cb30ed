"""routing.yml: problems, coverages, the decision table, and what each route says.

A route row names its destination and everything the referral adds for it (lines, contacts, the
kind's details), so routing code only looks rows up. The table must cover every coverage x problem
(x fair_hearing where rows use it) exactly once, and every destination must have a first step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product
from typing import Any, Callable, Dict, List, Optional, Tuple

from bot.knowledge.model import (
    CONDITIONS,
    FAIR_HEARING,
    NAMED_PATHWAYS,
    NAMED_PROBLEMS,
    Addition,
    Contact,
    Coverage,
    OtherKind,
    Problem,
    ProgramDetail,
    Route,
)
from bot.knowledge.reader import _Reader

Fill = Callable[[Optional[str], str], Optional[str]]
ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Names:
    """The ids a row may name: the agencies of agencies.yml, the pathways and problems of routing.yml."""

    agencies: Tuple[str, ...]
    pathways: Tuple[str, ...]
    problems: Tuple[str, ...]


def problems(r: _Reader) -> Dict[str, Problem]:
    """The problems, in the order the buttons offer them; the ones the code names must be there."""
    found = {
        key: Problem(key, r.text(raw, "label", f"problems.{key}"), r.get(raw, "imr_eligible", f"problems.{key}", bool))
        for key, raw in r.get(r.data, "problems", "", dict).items()
    }
    missing = [key for key in NAMED_PROBLEMS if key not in found]
    if missing:
        raise r.fail("problems", f"must define {', '.join(missing)} (the code names them)")
    return found


def pathways(r: _Reader) -> Tuple[str, ...]:
    """`pathways`: every pathway a referral can name (the card's `pathway`), each once."""
    found = tuple(r.get(r.data, "pathways", "", list))
    for i, key in enumerate(found):
        if not isinstance(key, str) or not ID.match(key) or key in found[:i]:
            raise r.fail(f"pathways[{i}]", f"{key!r} is not a new id of lower-case letters, digits and _")
    missing = [key for key in NAMED_PATHWAYS if key not in found]
    if missing:
        raise r.fail("pathways", f"must list {', '.join(missing)} (the code names them)")
    return found


def coverages(r: _Reader) -> Dict[str, Coverage]:
    """The kinds of coverage, in the order they are offered."""
    found = {}
    for key, raw in r.get(r.data, "coverages", "", dict).items():
        path = f"coverages.{key}"
        flags = [
            r.get(raw, name, path, bool, optional=True)
            for name in ("beats_plan_names", "has_kinds", "tell_plan_name_guess")
        ]
        found[key] = Coverage(key, r.text(raw, "label", path), bool(flags[0]), bool(flags[1]), flags[2] is not False)
    if not found:
        raise r.fail("coverages", "needs at least one coverage")
    if sum(c.has_kinds for c in found.values()) > 1:
        raise r.fail("coverages", "only one coverage can have kinds (other_coverage_kinds)")
    return found


def additions(
    r: _Reader, raw: Any, path: str, extras: Tuple[str, ...], details: Tuple[str, ...], problems: Tuple[str, ...]
) -> Tuple[Addition, ...]:
    """`adds`: extras keys, each alone or as {add: key, when: {...}, unless: {...}}."""
    allowed = {"problem": problems, "detail": details, "job_plan": (True, False), "plan": None}  # plan: a plans.yml key
    found = []
    for i, item in enumerate(r.get(raw, "adds", path, list, optional=True) or []):
        here = f"{path}.adds[{i}]"
        item = {"add": item} if isinstance(item, str) else item
        key = r.one_of(r.get(item, "add", here), extras, f"{here}.add")
        tests = []
        for part in ("when", "unless"):
            node = r.get(item, part, here, dict, optional=True) or {}
            for name, value in node.items():
                r.one_of(name, CONDITIONS, f"{here}.{part}")
                if (
                    allowed[name] is not None
                    and value not in allowed[name]
                    or allowed[name] is None
                    and not isinstance(value, str)
                ):
                    raise r.fail(
                        f"{here}.{part}.{name}", f"{value!r} is not one of {', '.join(map(str, allowed[name]))}"
                    )
            tests.append(tuple(node.items()))
        found.append(Addition(key, *tests))
    return tuple(found)


def other_kinds(
    r: _Reader, contacts: Dict[str, Contact], extras: Tuple[str, ...], problems: Tuple[str, ...]
) -> Dict[str, OtherKind]:
    kinds = {}
    for key, raw in r.get(r.data, "other_coverage_kinds", "", dict).items():
        path = f"other_coverage_kinds.{key}"
        r.facts(raw, path)
        contact = r.get(raw, "contact", path, str, optional=True)
        if contact is not None and contact not in contacts:
            raise r.fail(f"{path}.contact", f"{contact!r} is not in agencies.yml contacts")
        kinds[key] = OtherKind(
            key=key,
            label=r.text(raw, "label", path),
            contact=contact,
            deadline=r.text(raw, "deadline", path, optional=True),
            first_step=r.text(raw, "first_step", path, optional=True),
            adds=additions(r, raw, path, extras, (), problems),
        )
    return kinds


def program_details(
    r: _Reader, covered: Tuple[str, ...], contacts: Dict[str, Contact], names: Names
) -> Dict[str, ProgramDetail]:
    details = {}
    for key, raw in (r.get(r.data, "program_details", "", dict, optional=True) or {}).items():
        path = f"program_details.{key}"
        target = r.get(raw, "route", path, dict, optional=True) or {}
        details[key] = ProgramDetail(
            key=key,
            coverage=r.one_of(r.get(raw, "coverage", path), covered, f"{path}.coverage"),
            agency=r.one_of(target["agency"], names.agencies, f"{path}.route.agency") if target else None,
            pathway=r.one_of(target["pathway"], names.pathways, f"{path}.route.pathway") if target else None,
            facts=r.facts(raw, path),
            contacts=r.keys(raw, "also_call", path, tuple(contacts)),
            named_with=r.keys(raw, "named_with", path, covered),
        )
    return details


def routes(
    r: _Reader,
    covered: Tuple[str, ...],
    contacts: Dict[str, Contact],
    extras: Tuple[str, ...],
    details: Tuple[str, ...],
    names: Names,
) -> Tuple[Route, ...]:
    rows = []
    for i, raw in enumerate(r.get(r.data, "routes", "", list)):
        path = f"routes[{i}]"
        problems_ = r.get(raw, "problems", path, list)
        for problem in problems_:
            r.one_of(problem, names.problems, f"{path}.problems")
        hearing = r.get(raw, "fair_hearing", path, str, optional=True)
        rows.append(
            Route(
                coverage=r.one_of(r.get(raw, "coverage", path), covered, f"{path}.coverage"),
                problems=tuple(problems_),
                agency=r.one_of(r.get(raw, "agency", path), names.agencies, f"{path}.agency"),
                pathway=r.one_of(r.get(raw, "pathway", path), names.pathways, f"{path}.pathway"),
                fair_hearing=None if hearing is None else r.one_of(hearing, FAIR_HEARING, f"{path}.fair_hearing"),
                facts=r.facts(raw, path),
                adds=additions(r, raw, path, extras, details, names.problems),
                contacts=r.keys(raw, "also_call", path, tuple(contacts)),
                by_kind=bool(r.get(raw, "by_kind", path, bool, optional=True)),
                plan_grievance_deadline=r.get(raw, "plan_grievance_deadline", path, bool, optional=True) is not False,
            )
        )
    _check_table_is_complete(r, rows, covered, names.problems)
    return tuple(rows)


def _check_table_is_complete(
    r: _Reader, rows: List[Route], covered: Tuple[str, ...], problems: Tuple[str, ...]
) -> None:
    """Every coverage x problem (x fair_hearing where rows use it) matches exactly one row."""
    for coverage, problem in product(covered, problems):
        matching = [x for x in rows if x.coverage == coverage and problem in x.problems]
        uses_hearing = any(x.fair_hearing for x in matching)
        for hearing in FAIR_HEARING if uses_hearing else (None,):
            matches = [x for x in matching if x.fair_hearing == hearing]
            case = f"coverage={coverage}, problem={problem}" + (f", fair_hearing={hearing}" if hearing else "")
            if not matches:
                raise r.fail("routes", f"no row for {case}")
            if len(matches) > 1:
                raise r.fail("routes", f"{len(matches)} rows for {case}")


def extras(r: _Reader, fill: Fill) -> Dict[str, str]:
    node = r.get(r.data, "extras", "", dict)
    return {key: fill(r.text(node, key, "extras"), f"extras.{key}") for key in node}


def first_steps(
    r: _Reader, fill: Fill, destinations: List[Tuple[str, str]], details: Tuple[str, ...], problems: Tuple[str, ...]
) -> Dict[str, Any]:
    """The first step of every destination (by problem, program detail, or a plan that never answered)
    and its deadline."""
    steps_by, deadlines, grievance_first = {}, {}, set()
    steps_node = r.get(r.data, "first_steps", "", dict)
    deadline_node = r.get(r.data, "deadlines", "", dict)
    for agency, pathway in destinations:
        path = f"first_steps.{agency}.{pathway}"
        raw = r.get(r.get(steps_node, agency, "first_steps", dict), pathway, f"first_steps.{agency}", dict)
        r.facts(raw, path)
        steps = {"default": fill(r.text(raw, "default", path), path)}
        for group, allowed, prefix in (("by_problem", problems, ""), ("by_detail", details, "detail:")):
            for key, text in (r.get(raw, group, path, dict, optional=True) or {}).items():
                r.one_of(key, allowed, f"{path}.{group}")
                steps[prefix + key] = fill(" ".join(str(text).split()), f"{path}.{group}.{key}")
        for situation in ("plan_silent", "reason_unknown"):
            text = r.text(raw, situation, path, optional=True)
            if text:
                steps[situation] = fill(text, f"{path}.{situation}")
        steps_by[(agency, pathway)] = steps
        if r.get(raw, "grievance_first", path, bool, optional=True):
            grievance_first.add((agency, pathway))
        dpath = f"deadlines.{agency}"
        deadlines[(agency, pathway)] = fill(
            r.text(r.get(deadline_node, agency, "deadlines", dict), pathway, dpath, optional=True), dpath
        )
    return {
        "first_steps": steps_by,
        "deadlines": deadlines,
        "grievance_first": frozenset(grievance_first),
        "plan_grievance_deadline": fill(
            r.text(deadline_node, "plan_grievance", "deadlines"), "deadlines.plan_grievance"
        ),
    }
