"""The case the conversation found out, and the referral routing makes of it (plain values)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Tuple, Union

from bot.knowledge import Agency, Contact


@dataclass(frozen=True)
class Case:
    """What the conversation found out. `coverage_detail` is one of other_coverage_kinds, or a
    program detail (medi_medi, medi_cal_rx, county_run). `plan_silent`: the person already complained
    and the plan has not answered in time; `job_plan`: the coverage comes through a job;
    `reason_unknown`: the plan said no and the person can't tell why (the agency decides, F1.4)."""

    coverage: str
    problem: str
    fair_hearing: Optional[str] = None
    coverage_detail: Optional[str] = None
    plan_name: Optional[str] = None
    plan_silent: bool = False
    job_plan: bool = False
    reason_unknown: bool = False
    # Problems that are not IMR denials: the kind (problem "other"), and the person's words, which
    # some kinds' routes look at (a Medicare discharge goes to the QIO). See bot/problem_kinds/.
    problem_detail: Optional[str] = None
    problem_words: Optional[str] = None
    # The cases referred before this one in the same conversation (a second problem told after the
    # first one's referral, bot/new_problem.py): the case summary names them too.
    earlier: Tuple["Case", ...] = ()


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


def sources(agency: Agency, contacts: Iterable[Contact]) -> Tuple[str, ...]:
    """The pages a referral rests on: the agency's, then each contact's web site once."""
    found = list(agency.sources)
    for contact in contacts:
        if contact.website and contact.website not in found:
            found.append(contact.website)
    return tuple(found)
