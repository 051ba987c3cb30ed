"""Route a problem that is not an IMR denial (problem `other` with a kind of problem_kinds.yml), and the
cases whose coverage and words decide their kind (problem_cues.yml `takeovers`). Builds on the
decision table for the kinds that go where the coverage sends them."""

from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Sequence

from bot import problem_kinds
from bot.decision_table import table_referral
from bot.knowledge import Contact, Knowledge
from bot.problem_kinds import Kind, KindRoute, Kinds, in_group
from bot.referral import Case, Referral, sources


def taken_over(case: Case, kinds: Optional[Kinds] = None) -> Case:
    """The case as routed because of its coverage and words (problem_cues.yml `takeovers`): with
    the kind of problem, or the program detail, they decide. The problem already read stays when
    it is in `unless` (or not in `only`)."""
    kinds = kinds or problem_kinds.default()
    current = case.problem if case.problem != "other" else case.problem_detail or "plan_service"
    for rule in kinds.takeovers:
        if (
            case.coverage not in rule.coverages
            or current in (rule.kind,) + rule.unless
            or (rule.only and current not in rule.only)
        ):
            continue
        if rule.coverage_detail and case.coverage_detail == rule.coverage_detail:
            continue
        if in_group(rule.when, case.problem_words, kinds):
            if rule.coverage_detail:
                return replace(case, coverage_detail=rule.coverage_detail)
            return replace(case, problem="other", problem_detail=rule.kind)
    return case


def _pick(kind: Kind, coverage: str, words: Optional[str], kinds: Kinds) -> KindRoute:
    for route in kind.routes:
        if route.coverages is not None and coverage not in route.coverages:
            continue
        if route.when and not in_group(route.when, words, kinds):
            continue
        return route
    raise AssertionError("the loader requires a last route that fits")  # pragma: no cover


def _after(first: Sequence[Contact], then: Sequence[Contact]) -> List[Contact]:
    """The base referral's contacts, then the kind's own that it does not have."""
    return list(first) + [c for c in then if c not in first]


def route_kind(case: Case, kb: Knowledge) -> Referral:
    """The referral for a problem that is not an IMR denial (problem `other` with a kind)."""
    kinds = problem_kinds.default(kb.language)
    kind = kinds.kinds[case.problem_detail]
    chosen = _pick(kind, case.coverage, case.problem_words, kinds)
    medi_cal = case.coverage == "medi_cal_managed_care"
    contacts = [kinds.contacts[c] for c in kind.also_call + (kind.medi_cal_also_call if medi_cal else ())]
    if chosen.table:
        base = table_referral(Case(case.coverage, "other", case.fair_hearing, case.coverage_detail, case.plan_name), kb)
        own = kind.first_step_of(case.coverage)
        # The other-coverage route's denial appeal first, unless the kind wrote its own step for that coverage
        written = case.coverage in dict(kind.first_step_for)
        step = own if base.agency.key != "HEALTH_PLAN" or written else f"{base.first_step} {own}"
        if base.agency.key == "HICAP" and kind.medicare_first_step:
            # California's plan rules (AB 72, the $250 cap) are not Medicare's (probe P52)
            step = kind.medicare_first_step
        contacts = _after(base.contacts, contacts)
        return replace(
            base, case=case, first_step=step, contacts=tuple(contacts), sources=sources(base.agency, contacts)
        )
    agency = kinds.agencies.get(chosen.agency) or kb.agencies[chosen.agency]
    first_step = (
        kind.medi_cal_first_step
        if medi_cal and kind.medi_cal_first_step and chosen.coverages
        else kind.first_step_of(case.coverage)
    )
    if agency.key == "HICAP" and kind.medicare_first_step:
        first_step = kind.medicare_first_step  # a Medicare bill after the stay: not "before you leave" (probe s9 10)
    if agency.key in ("DMHC", "CDI", "HICAP"):
        base = table_referral(Case(case.coverage if agency.key != "HICAP" else "medicare", "other"), kb)
        contacts = _after(base.contacts, contacts)
        return replace(
            base,
            case=case,
            agency=agency,
            pathway=chosen.pathway,
            first_step=first_step,
            contacts=tuple(contacts),
            sources=sources(agency, contacts),
        )
    return Referral(
        case=case,
        agency=agency,
        pathway=chosen.pathway,
        first_step=first_step,
        deadlines=(kind.deadline,) if kind.deadline else (),
        extras=(),
        contacts=tuple(contacts),
        sources=sources(agency, contacts),
    )
