"""The referral for a case from its row of the decision table (bot/knowledge_data/routing.yml `routes`):
a row says what the referral adds for it, so nothing here knows a phone number, a coverage or a line.
"""

from __future__ import annotations

from typing import List, Mapping, Optional

from bot.knowledge import FAIR_HEARING, Knowledge, ProgramDetail, Route, default
from bot.referral import Case, Referral, sources


class RoutingError(ValueError):
    """The case holds a value the knowledge data does not know."""


def needs_fair_hearing(
    coverage: Optional[str], problem: Optional[str], kb: Optional[Knowledge] = None, detail: Optional[str] = None
) -> bool:
    """Whether the hearing question changes the answer (only Medi-Cal IMR cases, per the table; not
    when a program detail such as Medi-Cal Rx decides the route)."""
    kb = kb or default()
    if _detail_route(coverage, detail, kb):
        return False
    return any(r.fair_hearing for r in kb.routes if r.coverage == coverage and problem in r.problems)


def _detail_route(coverage: Optional[str], detail: Optional[str], kb: Knowledge) -> Optional[ProgramDetail]:
    found = kb.program_details.get(detail or "")
    return found if found and found.agency and found.coverage == coverage else None


def _detail(case: Case, kb: Knowledge) -> Optional[str]:
    """The program detail that applies to this case's coverage, if any."""
    found = kb.program_details.get(case.coverage_detail or "")
    return found.key if found and found.coverage == case.coverage else None


def needs_coverage_detail(coverage: Optional[str], kb: Optional[Knowledge] = None) -> bool:
    """Whether the kind of coverage is asked (routing.yml: the coverage that `has_kinds`)."""
    found = (kb or default()).coverage_kinds.get(coverage or "")
    return bool(found and found.has_kinds)


def find_route(case: Case, kb: Optional[Knowledge] = None) -> Route:
    kb = kb or default()
    if case.coverage not in kb.coverages:
        raise RoutingError(f"unknown coverage {case.coverage!r}")
    if case.problem not in kb.problems:
        raise RoutingError(f"unknown problem {case.problem!r}")
    special = _detail_route(case.coverage, case.coverage_detail, kb)
    if special:
        return Route(
            case.coverage,
            (case.problem,),
            special.agency,
            special.pathway,
            None,
            special.facts,
            contacts=special.contacts,
        )
    hearing = case.fair_hearing if needs_fair_hearing(case.coverage, case.problem, kb) else None
    if hearing is not None and hearing not in FAIR_HEARING:
        raise RoutingError(f"unknown fair_hearing {case.fair_hearing!r}")
    if needs_fair_hearing(case.coverage, case.problem, kb) and hearing is None:
        hearing = "unsure"
    (row,) = [
        r for r in kb.routes if r.coverage == case.coverage and case.problem in r.problems and r.fair_hearing == hearing
    ]
    return row


def table_referral(case: Case, kb: Knowledge) -> Referral:
    """The referral for a case by its row of the decision table, and what the row says for this case."""
    row = find_route(case, kb)
    steps = kb.first_steps[(row.agency, row.pathway)]
    detail = _detail(case, kb)
    # A step for the problem (an experimental treatment needs no complaint first) wins over "the plan never answered".
    silent = case.plan_silent and "plan_silent" in steps and case.problem not in steps
    unknown = case.reason_unknown and not silent and steps.get("reason_unknown")
    first_step = (
        steps["plan_silent"]
        if silent
        else steps.get(f"detail:{detail}") or unknown or steps.get(case.problem, steps["default"])
    )
    facts = {"problem": case.problem, "detail": detail, "job_plan": case.job_plan, "plan": case.plan_name}
    adds, deadlines, contacts = list(row.adds), [], [kb.contacts[key] for key in row.contacts]
    kind = kb.other_kinds.get(case.coverage_detail or "other") if row.by_kind else None
    if kind is not None:
        first_step = f"{first_step} {kind.first_step}" if kind.first_step else first_step
        deadlines += [kind.deadline] if kind.deadline else []
        contacts += [kb.contacts[kind.contact]] if kind.contact else []
        adds = list(kind.adds) + adds
    deadlines = _with_agency_deadlines(deadlines, case, row, steps, silent, kb)
    extras = [kb.extras[a.key].replace("{plan}", plan_name(case, kb)) for a in adds if a.applies(facts)]
    agency = kb.agencies[row.agency]
    return Referral(
        case=case,
        agency=agency,
        pathway=row.pathway,
        first_step=first_step,
        deadlines=tuple(deadlines),
        extras=tuple(extras),
        contacts=tuple(contacts),
        sources=sources(agency, contacts),
    )


def _with_agency_deadlines(
    found: List[str], case: Case, row: Route, steps: Mapping[str, str], silent: bool, kb: Knowledge
) -> List[str]:
    """The deadlines found so far, then the agency's for the route; the plan's grievance deadline
    first of all where a grievance comes first (not for a problem with its own first step, nor when
    the plan never answered)."""
    deadlines = list(found)
    agency_deadline = kb.deadlines[(row.agency, row.pathway)]
    if agency_deadline:
        deadlines.append(agency_deadline)
    if (
        (row.agency, row.pathway) in kb.grievance_first
        and (case.problem not in steps or case.reason_unknown)
        and row.plan_grievance_deadline
        and not silent
    ):
        deadlines.insert(0, kb.plan_grievance_deadline)
    return deadlines


def plan_name(case: Case, kb: Knowledge) -> str:
    """The plan's own name, else its kind of coverage ("a Medi-Cal plan")."""
    entry = kb.plan(case.plan_name)
    return entry.name if entry else kb.coverages[case.coverage]
