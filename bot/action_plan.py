"""After the referral, a plan the person can act on: the steps in order, the deadlines (as dates
when the person gives the date on the plan's letter), and what to have ready.

Everything is read from bot/knowledge_data/next_steps.yml for the referral's agency, pathway, problem,
coverage and kind; this module only picks the entry and counts the dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional, Tuple

from bot import followup_data, problem_kinds
from bot.dates import add_days, add_months, format_date
from bot.knowledge import Clock, Knowledge, StepPlan, default
from bot.referral import Referral


@dataclass(frozen=True)
class Deadline:
    clock: Clock
    due: Optional[date]  # None when the date on the letter is not known
    passed: bool = False
    from_letter: bool = False  # the letter's own printed deadline, earlier than the clock's
    late_due: Optional[date] = None  # passed, but the clock's `late` day has not (F3.4)

    def text(self, language: str) -> str:
        if self.due is None:
            return self.clock.text
        dated = self.clock.dated.format(date=format_date(self.due, language))
        if self.from_letter:
            dated = f"{dated} {followup_data.followups(language).letter_deadline_note}"
        return dated


@dataclass(frozen=True)
class ActionPlan:
    steps: Tuple[str, ...]
    deadlines: Tuple[Deadline, ...]
    have_ready: Tuple[str, ...]
    letter_date: Optional[date]
    facts: Tuple[str, ...]
    sources: Tuple[str, ...]


def due_date(clock: Clock, start: date) -> date:
    """The last day to act: `months` later (clamped to the month's end) or `days` later."""
    return add_months(start, clock.months) if clock.months else add_days(start, clock.days)


def step_plan(referral: Referral, kb: Knowledge) -> StepPlan:
    """The most specific entry: a plan that never answered the person's complaint, the other-coverage
    kind, the program detail (Medi-Medi), then the problem, then the coverage."""
    kind_plan = problem_kinds.step_plan(referral, kb)
    if kind_plan is not None:
        return kind_plan
    plans = kb.step_plans[(referral.agency.key, referral.pathway)]
    case = referral.case
    if case.plan_silent and plans.plan_silent and case.problem != "experimental":
        return plans.plan_silent_by_coverage.get(case.coverage, plans.plan_silent)
    if referral.agency.key == "HEALTH_PLAN" and (case.coverage_detail or "other") in plans.by_kind:
        return plans.by_kind[case.coverage_detail or "other"]
    if case.coverage_detail in plans.by_detail and kb.program_details[case.coverage_detail].coverage == case.coverage:
        return plans.by_detail[case.coverage_detail]
    if case.problem in plans.by_problem:
        return plans.by_problem[case.problem]
    return plans.by_coverage.get(case.coverage, plans.default)


def build(
    referral: Referral,
    letter_date: Optional[date] = None,
    today: Optional[date] = None,
    kb: Optional[Knowledge] = None,
    letter_deadline: Optional[date] = None,
) -> ActionPlan:
    """The plan for a referral; deadlines are dated when `letter_date` is known.

    `letter_deadline`: the deadline printed on the person's letter. Where it is earlier than the
    date counted for the step with the plan, it is the one given: one date, the earlier (probe F18).
    """
    kb = kb or default()
    today = today or date.today()
    entry = step_plan(referral, kb)
    data = followup_data.followups(kb.language)
    own = data.letter_deadline_clocks
    deadlines = []
    for key in entry.clocks:
        clock = problem_kinds.clock(key, kb)
        # A clock that starts at a later letter (the State Hearing's 120 days run from the plan's
        # answer to the appeal, F10.1) is never counted from this one: its rule is said instead. Once
        # the plan said no to the appeal, the letter is that answer (or an earlier one: an earlier,
        # safer date), and the clock is counted (probe s13 13 c05).
        later = key in data.later_letter_clocks and not referral.case.plan_silent
        due = due_date(clock, letter_date) if letter_date and not later else None
        earlier = bool(due and letter_deadline and key in own and letter_deadline < due)
        due = letter_deadline if earlier else due
        passed = bool(due and due < today)
        late = add_days(letter_date, clock.late_days) if passed and clock.late_days and not earlier else None
        late = late if late and late >= today else None
        deadlines.append(Deadline(clock, due, passed=passed, from_letter=earlier, late_due=late))
    return ActionPlan(
        steps=entry.steps,
        deadlines=tuple(deadlines),
        have_ready=followup_data.have_ready(referral, kb),  # the lists of followups.yml
        letter_date=letter_date,
        facts=entry.facts + tuple(f for key in entry.clocks for f in problem_kinds.clock(key, kb).facts),
        sources=entry.sources + tuple(s for key in entry.clocks for s in problem_kinds.clock(key, kb).sources),
    )
