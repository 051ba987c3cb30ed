"""Route a case (coverage + problem + the few facts that matter) to a referral.

Pure lookups in the decision table of bot/knowledge_data/routing.yml: a row says what the referral
adds for it, so nothing here knows a phone number, a coverage or a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple, Union

from bot.knowledge import FAIR_HEARING, Agency, Contact, Knowledge, ProgramDetail, Route, default


@dataclass(frozen=True)
class Case:
    """What the conversation found out. `coverage_detail` is one of other_coverage_kinds, or a
    program detail (medi_medi, medi_cal_rx, county_run). `plan_silent`: the person already complained
    and the plan has not answered in time; `job_plan`: the coverage comes through a job."""

    coverage: str
    problem: str
    fair_hearing: Optional[str] = None
    coverage_detail: Optional[str] = None
    plan_name: Optional[str] = None
    plan_silent: bool = False
    job_plan: bool = False
    # Problems that are not IMR denials: the kind (problem "other"), and the person's words, which
    # some kinds' routes look at (a Medicare discharge goes to the QIO). See bot/problem_kinds.py.
    problem_detail: Optional[str] = None
    problem_words: Optional[str] = None


@dataclass(frozen=True)
class Referral:
    case: Case
    agency: Agency
    pathway: str
    first_step: str
    deadlines: Tuple[str, ...]
    extras: Tuple[str, ...]
    contacts: Tuple[Contact, ...]
    sources: Tuple[str, ...]

    @property
    def imr(self) -> bool:
        return self.pathway == "imr"

    @property
    def caller(self) -> Optional[Union[Agency, Contact]]:
        """Who answers the one number to call first: the agency, or the other-coverage contact."""
        if self.agency.phone:
            return self.agency
        return self.contacts[0] if self.contacts else None

    @property
    def phone(self) -> Optional[str]:
        """The one number to call first: the agency's, or the other-coverage contact's."""
        return self.caller.phone if self.caller else None

    @property
    def website(self) -> Optional[str]:
        """The one web address to go to: the agency's form, else its site, else the contact's site."""
        if self.agency.form or self.agency.website:
            return self.agency.form or self.agency.website
        return self.contacts[0].website if self.contacts else None


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


def route(case: Case, kb: Optional[Knowledge] = None) -> Referral:
    """The referral for a case: its row of the decision table, and what the row says for this case."""
    kb = kb or default()
    from bot.problem_kinds import route_kind, taken_over  # it builds on this module

    case = taken_over(case)  # the coverage and the words may decide (problem_cues.yml `takeovers`)
    if case.problem == "other" and case.problem_detail not in (None, "plan_service"):
        return route_kind(case, kb)
    row = find_route(case, kb)
    steps = kb.first_steps[(row.agency, row.pathway)]
    detail = _detail(case, kb)
    # A step for the problem (an experimental treatment needs no complaint first) wins over "the plan never answered".
    silent = case.plan_silent and "plan_silent" in steps and case.problem not in steps
    first_step = (
        steps["plan_silent"] if silent else steps.get(f"detail:{detail}") or steps.get(case.problem, steps["default"])
    )
    facts = {"problem": case.problem, "detail": detail, "job_plan": case.job_plan, "plan": case.plan_name}
    adds, deadlines, contacts = list(row.adds), [], [kb.contacts[key] for key in row.contacts]
    kind = kb.other_kinds.get(case.coverage_detail or "other") if row.by_kind else None
    if kind is not None:
        first_step = f"{first_step} {kind.first_step}" if kind.first_step else first_step
        deadlines += [kind.deadline] if kind.deadline else []
        contacts += [kb.contacts[kind.contact]] if kind.contact else []
        adds = list(kind.adds) + adds
    agency_deadline = kb.deadlines[(row.agency, row.pathway)]
    if agency_deadline:
        deadlines.append(agency_deadline)
    if (
        (row.agency, row.pathway) in kb.grievance_first
        and case.problem not in steps
        and row.plan_grievance_deadline
        and not silent
    ):
        deadlines.insert(0, kb.plan_grievance_deadline)
    extras = [kb.extras[a.key].replace("{plan}", _plan_name(case, kb)) for a in adds if a.applies(facts)]
    agency = kb.agencies[row.agency]
    sources = list(agency.sources)
    for contact in contacts:
        if contact.website and contact.website not in sources:
            sources.append(contact.website)
    return Referral(
        case=case,
        agency=agency,
        pathway=row.pathway,
        first_step=first_step,
        deadlines=tuple(deadlines),
        extras=tuple(extras),
        contacts=tuple(contacts),
        sources=tuple(sources),
    )


def _plan_name(case: Case, kb: Knowledge) -> str:
    entry = kb.plan(case.plan_name)
    return entry.name if entry else kb.coverages[case.coverage]


def human_line(coverage: Optional[str], problem: Optional[str] = None, kb: Optional[Knowledge] = None) -> Agency:
    """The agency whose people to call when someone asks for a person: the routed one if it has a
    phone line, else the DMHC Help Center (which can tell anyone where to go, facts F7.6)."""
    kb = kb or default()
    if coverage in kb.coverages:
        agency = kb.agencies[find_route(Case(coverage, problem or "other"), kb).agency]
        if agency.phone:
            return agency
    return kb.agencies["DMHC"]
