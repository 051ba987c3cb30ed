"""The kinds of problem that are not IMR denials, as loaded from problem_kinds.yml and problem_cues.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Optional, Pattern, Tuple

from bot.knowledge import Agency, Clock, Contact, StepPlan

FILE = "problem_kinds.yml"
CUES_FILE = "problem_cues.yml"
# Tried in this order: "experimental" often also says "not necessary", and an emergency story often
# says the ER or the ambulance "wasn't needed".
REASONS = ("experimental", "emergency_payment", "medical_necessity")


@dataclass(frozen=True)
class KindRoute:
    coverages: Optional[Tuple[str, ...]]  # None: any coverage
    table: bool  # use the decision table's row for problem "other"
    agency: Optional[str]
    pathway: Optional[str]
    when: Optional[str]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    routes: Tuple[KindRoute, ...]
    first_step: str
    deadline: Optional[str]
    steps: Optional[StepPlan]
    medi_cal_steps: Optional[StepPlan]
    also_call: Tuple[str, ...]
    medi_cal_also_call: Tuple[str, ...]
    implies_coverage: Optional[str]
    asking: str
    medi_cal_first_step: Optional[str] = None  # the first step on the kind's own Medi-Cal route
    # the first step when a Medicare coverage sends the kind to HICAP (no California plan rule there)
    medicare_first_step: Optional[str] = None
    medicare_steps: Optional[StepPlan] = None  # the steps when the kind's own route is HICAP (a Medicare bill)
    card_detail: Optional[str] = (
        None  # the card's problem_detail id, when the shared taxonomy files the kind under another
    )
    # The first step for one coverage (`unknown`: also when none was told), instead of `first_step`: an
    # employer PPO's drug cost needs no Medi-Cal Rx line (probe s11 7).
    first_step_for: Tuple[Tuple[str, str], ...] = ()

    def first_step_of(self, coverage: Optional[str]) -> str:
        return dict(self.first_step_for).get(coverage or "unknown", self.first_step)

    @property
    def needs_coverage(self) -> bool:
        return any(r.table or r.coverages for r in self.routes)


@dataclass(frozen=True)
class Takeover:
    """A case with this coverage whose words are in the `when` group is routed as `kind` (or, keeping
    its problem, with the program detail `coverage_detail`), whatever its problem was read as (a
    Medicare discharge must not become a 60-day appeal)."""

    kind: Optional[str]
    coverages: Tuple[str, ...]
    when: str
    unless: Tuple[str, ...]  # problems or kinds already read that keep their own route
    only: Tuple[str, ...] = ()  # if given, only these problems or kinds are taken over
    coverage_detail: Optional[str] = None


@dataclass(frozen=True)
class Kinds:
    agencies: Dict[str, Agency]
    contacts: Dict[str, Contact]
    clocks: Dict[str, Clock]
    kinds: Dict[str, Kind]
    strong: frozenset
    cues: Dict[str, Tuple[Pattern[str], ...]]
    strong_cues: Dict[str, Tuple[Pattern[str], ...]]
    strong_together: Dict[str, Tuple[Tuple[Pattern[str], ...], ...]]
    unless: Dict[str, Tuple[Pattern[str], ...]]
    together: Dict[str, Tuple[Tuple[Pattern[str], ...], ...]]
    reasons: Dict[str, Tuple[Pattern[str], ...]]
    groups: Dict[str, Tuple[Pattern[str], ...]]
    takeovers: Tuple[Takeover, ...] = ()
    ruled_out: Dict[str, Tuple[Pattern[str], ...]] = field(default_factory=dict)
    not_guessed: Dict[str, Tuple[Pattern[str], ...]] = field(default_factory=dict)
    guessed_with: Dict[str, Tuple[Pattern[str], ...]] = field(default_factory=dict)
    close_to: Dict[str, FrozenSet[str]] = field(default_factory=dict)
