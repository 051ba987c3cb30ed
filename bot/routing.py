"""Route a case (coverage + problem + the few facts that matter) to a referral.

The coverage and the person's words may decide the kind first (problem_cues.yml `takeovers`); a
problem that is not an IMR denial goes by its kind (bot/kind_routing.py), every other case by its
row of the decision table (bot/decision_table.py). Nothing here knows a phone number or a coverage.
"""

from __future__ import annotations

from typing import Optional

from bot.decision_table import RoutingError, find_route, needs_coverage_detail, needs_fair_hearing, table_referral
from bot.kind_routing import route_kind, taken_over
from bot.knowledge import Agency, Knowledge, default
from bot.referral import Case, Referral

__all__ = [
    "Case",
    "Referral",
    "RoutingError",
    "find_route",
    "human_line",
    "needs_coverage_detail",
    "needs_fair_hearing",
    "route",
]


def route(case: Case, kb: Optional[Knowledge] = None) -> Referral:
    """The referral for a case: by its kind, or by its row of the decision table."""
    kb = kb or default()
    case = taken_over(case)  # the coverage and the words may decide (problem_cues.yml `takeovers`)
    if case.problem == "other" and case.problem_detail not in (None, "plan_service"):
        return route_kind(case, kb)
    return table_referral(case, kb)


def human_line(coverage: Optional[str], problem: Optional[str] = None, kb: Optional[Knowledge] = None) -> Agency:
    """The agency whose people to call when someone asks for a person: the routed one if it has a
    phone line, else the DMHC Help Center (which can tell anyone where to go, facts F7.6)."""
    kb = kb or default()
    if coverage in kb.coverages:
        agency = kb.agencies[find_route(Case(coverage, problem or "other"), kb).agency]
        if agency.phone:
            return agency
    return kb.agencies["DMHC"]
