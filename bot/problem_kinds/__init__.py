"""Problems that are not IMR denials (Covered California, Medi-Cal eligibility, bills, access, drug
costs, Medicare discharges, dental, workers' comp): where each goes, and the words that name it.

Reads bot/knowledge_data/problem_kinds.yml (destinations, steps, deadlines, with fact ids; Spanish text
in es/problem_kinds.yml) and problem_cues.yml (the words). The card keeps `problem: other` and names
the kind in `problem_detail`. Validated like the rest of the knowledge: a bad edit fails at load.
The model is in `model`, the loading in `loader` and `cues`, the reading of a message in `reading`;
routing a kind is bot/kind_routing.py. This module answers the small questions about a kind.
"""

from __future__ import annotations

from typing import Optional

from bot.knowledge import Clock, Knowledge, StepPlan
from bot.problem_kinds.loader import default, load
from bot.problem_kinds.model import CUES_FILE, FILE, REASONS, Kind, KindRoute, Kinds, Takeover
from bot.problem_kinds.reading import SENTENCE_END, Reading, in_group, names_kind, read, sentences, set_aside

__all__ = [
    "CUES_FILE",
    "FILE",
    "REASONS",
    "SENTENCE_END",
    "Kind",
    "KindRoute",
    "Kinds",
    "Reading",
    "Takeover",
    "asking",
    "card_detail",
    "clock",
    "default",
    "implied_coverage",
    "in_group",
    "label",
    "load",
    "names_kind",
    "set_aside",
    "needs_coverage",
    "read",
    "sentences",
    "service_kind",
    "step_plan",
]


def card_detail(detail: Optional[str], kinds: Optional[Kinds] = None) -> Optional[str]:
    """The card's `problem_detail` id for a kind (the shared taxonomy's id)."""
    kind = (kinds or default()).kinds.get(detail or "")
    return kind.card_detail or kind.key if kind else detail


def needs_coverage(detail: Optional[str], kinds: Optional[Kinds] = None) -> bool:
    """Whether the coverage question changes the answer for this kind (always, for no kind)."""
    kind = (kinds or default()).kinds.get(detail or "")
    return kind is None or kind.needs_coverage


# A plain service complaint ("plan_service": no kind named) about a Medicare plan is a Medicare problem
# that is not a denial (F12.43: Medicare Advantage and Part D complaints go to the plan's grievance
# process or the Medicare Complaint Form, with HICAP's help).
SERVICE_KIND_BY_COVERAGE = {"medicare": "medicare_non_denial"}


def service_kind(coverage: Optional[str]) -> Optional[str]:
    return SERVICE_KIND_BY_COVERAGE.get(coverage or "")


def implied_coverage(detail: Optional[str], kinds: Optional[Kinds] = None) -> Optional[str]:
    kind = (kinds or default()).kinds.get(detail or "")
    return kind.implies_coverage if kind else None


def step_plan(referral, kb: Knowledge) -> Optional[StepPlan]:
    """The steps for a kind's referral, or None to use the agency's usual steps."""
    kind = default(kb.language).kinds.get(referral.case.problem_detail or "")
    if kind is None:
        return None
    if kind.medicare_steps and referral.agency.key == "HICAP":
        return kind.medicare_steps  # a Medicare bill after the stay: the Summary Notice's appeal (probe s9 10)
    if (
        kind.medi_cal_steps
        and referral.case.coverage == "medi_cal_managed_care"
        and referral.agency.key not in ("DMHC", "CDI", "HICAP")
    ):
        return kind.medi_cal_steps
    if (
        kind.steps
        and (referral.agency.key, referral.pathway) not in kb.step_plans
        or kind.steps
        and referral.agency.key == "HICAP"
        and not kind.medicare_first_step  # a kind with its own Medicare first step takes HICAP's steps
    ):
        return kind.steps
    return None


def clock(key: str, kb: Knowledge) -> Clock:
    return kb.clocks.get(key) or default(kb.language).clocks[key]


def label(detail: Optional[str], kb: Knowledge) -> Optional[str]:
    kind = default(kb.language).kinds.get(detail or "")
    return kind.label if kind else None


def asking(detail: Optional[str], kb: Knowledge) -> Optional[str]:
    kind = default(kb.language).kinds.get(detail or "")
    return kind.asking if kind else None
