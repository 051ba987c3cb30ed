"""The knowledge data's model: what the loaders build from bot/knowledge_data/*.yml.

The agencies (agencies.yml), pathways, problems and coverage kinds (routing.yml) are data, so a new
agency, pathway or kind of coverage is a data change; the loaders check that the ones the code names
are there (`NAMED_*`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

# What the code names, so the data must have it: the Help Center every fallback gives (F7.6), the
# person's own plan, and the agencies a problem kind's route builds on (bot/kind_routing.py); the
# problems the NLU's intents name (bot/understanding/intents.py); the IMR (Referral.imr).
NAMED_AGENCIES = ("DMHC", "CDI", "HICAP", "HEALTH_PLAN")
NAMED_PROBLEMS = ("medical_necessity", "experimental", "emergency_payment", "other")
NAMED_PATHWAYS = ("imr",)
FAIR_HEARING = ("requested", "not_requested", "unsure")
# What a route's line may depend on (routing.yml `adds: {add, when, unless}`).
CONDITIONS = ("problem", "detail", "job_plan", "plan")


class KnowledgeError(ValueError):
    """The knowledge data is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Agency:
    key: str
    name: str
    short_name: str
    phone: Optional[str]
    phone_words: Optional[str]
    tty: Optional[str]
    website: Optional[str]
    form: Optional[str]
    hours: Optional[str]
    notes: Tuple[str, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Contact:
    key: str
    name: str
    phone: str
    tty: Optional[str]
    website: Optional[str]
    fax: Optional[str] = None  # {state_hearings.fax}: a fax number, written once like the phones


@dataclass(frozen=True)
class Problem:
    key: str
    label: str
    imr_eligible: bool


@dataclass(frozen=True)
class Coverage:
    """A kind of coverage (routing.yml `coverages`) and how the words for it are read."""

    key: str
    label: str
    beats_plan_names: bool  # "Kaiser Medicare" is Medicare: the program word decides
    has_kinds: bool  # its kind is asked (other_coverage_kinds)
    tell_plan_name_guess: bool  # coverage read from a plan's name alone is said to be a guess


@dataclass(frozen=True)
class Addition:
    """A line a route adds (an `extras` key), when the case fits `when` and does not fit `unless`."""

    key: str
    when: Tuple[Tuple[str, Any], ...] = ()
    unless: Tuple[Tuple[str, Any], ...] = ()

    def applies(self, facts: Dict[str, Any]) -> bool:
        fits = all(facts.get(name) == value for name, value in self.when)
        return fits and not (self.unless and all(facts.get(name) == value for name, value in self.unless))


@dataclass(frozen=True)
class OtherKind:
    key: str
    label: str
    contact: Optional[str]
    deadline: Optional[str]
    first_step: Optional[str]
    adds: Tuple[Addition, ...] = ()


@dataclass(frozen=True)
class ProgramDetail:
    """A kind of Medicare or Medi-Cal coverage that changes the answer (Medi-Medi, Medi-Cal Rx,
    county-run plans); `agency`/`pathway`, when set, replace the decision table's row."""

    key: str
    coverage: str
    agency: Optional[str]
    pathway: Optional[str]
    facts: Tuple[str, ...]
    contacts: Tuple[str, ...] = ()
    named_with: Tuple[str, ...] = ()  # other coverages that, named beside this one, mean this detail


@dataclass(frozen=True)
class Route:
    """A row of the decision table, with everything the referral says for it."""

    coverage: str
    problems: Tuple[str, ...]
    agency: str
    pathway: str
    fair_hearing: Optional[str]
    facts: Tuple[str, ...]
    adds: Tuple[Addition, ...] = ()
    contacts: Tuple[str, ...] = ()
    by_kind: bool = False  # the kind of other coverage adds its step, deadline, contact and lines
    plan_grievance_deadline: bool = True  # a grievance-first step also says the plan's deadline


@dataclass(frozen=True)
class GazetteerEntry:
    """A word or name people use for their coverage, and what it tells us."""

    key: str
    label: str  # "coverage_type" or "plan": the spaCy entity label
    name: str
    aliases: Tuple[str, ...]
    coverage: Optional[str]
    detail: Optional[str] = None
    ppo_coverage: Optional[str] = None
    needs: Optional[str] = None
    exact_case: Tuple[str, ...] = ()  # matched only written exactly so ("VA", not the Spanish "va")


@dataclass(frozen=True)
class Clock:
    """A deadline that can be counted: `months` or `days` after the date on the plan's letter."""

    key: str
    months: int
    days: int
    text: str
    dated: str  # with {date}
    facts: Tuple[str, ...]
    sources: Tuple[str, ...]
    # A later day the same request is still taken for now (`late`, with {date}): said when the first has
    # passed and this one has not (the county's 120-day window for eligibility hearings, F3.4).
    late_days: int = 0
    late: str = ""


@dataclass(frozen=True)
class StepPlan:
    """The steps in order for one kind of case, and the deadlines that apply to it."""

    steps: Tuple[str, ...]
    clocks: Tuple[str, ...]
    facts: Tuple[str, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class StepPlans:
    default: StepPlan
    by_kind: Dict[str, StepPlan]
    by_problem: Dict[str, StepPlan]
    by_coverage: Dict[str, StepPlan]
    by_detail: Dict[str, StepPlan]
    plan_silent: Optional[StepPlan]  # the plan did not answer the person's complaint in time
    # ... or said no to the appeal, for a coverage with its own next steps (a Medi-Cal plan: the hearing too)
    plan_silent_by_coverage: Dict[str, StepPlan] = field(default_factory=dict)


@dataclass(frozen=True)
class Knowledge:
    agencies: Dict[str, Agency]
    contacts: Dict[str, Contact]
    problems: Dict[str, Problem]
    coverages: Dict[str, str]  # key -> label, in the order the buttons show them
    other_kinds: Dict[str, OtherKind]
    routes: Tuple[Route, ...]
    first_steps: Dict[Tuple[str, str], Dict[str, str]]
    deadlines: Dict[Tuple[str, str], Optional[str]]
    plan_grievance_deadline: str
    extras: Dict[str, str]
    faq: Dict[str, Any]
    gazetteer: Tuple[GazetteerEntry, ...]
    grievance_first: frozenset  # (agency, pathway) whose default first step is a plan grievance
    have_ready: Tuple[str, ...]
    clocks: Dict[str, Clock]
    newer_letter: str
    step_plans: Dict[Tuple[str, str], StepPlans]
    program_details: Dict[str, ProgramDetail]
    language: str = "en"
    pathways: Tuple[str, ...] = ()  # routing.yml `pathways`: every pathway a referral can name
    coverage_kinds: Dict[str, Coverage] = field(default_factory=dict)
    # Alias or key -> entry (coverage keys and other-coverage kinds too: buttons send keys), built at load.
    names: Dict[str, GazetteerEntry] = field(default_factory=dict)

    def plan(self, key: Optional[str]) -> Optional[GazetteerEntry]:
        """The gazetteer entry that a stored `plan` slot (or any recognised word) names."""
        return self.names.get(key or "")
