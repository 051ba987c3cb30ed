"""What to answer once the referral is given: the part of the plan asked for, a date that dates it,
or the routed number for anything else. Each function returns a `Turn`: the replies to send and
the slots to set, which the action sends and sets (actions/answers.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Optional

from bot import action_plan, followups, replies
from bot.context import typed_date
from bot.knowledge import Knowledge
from bot.replies import Reply
from bot.routing import Referral


@dataclass
class Turn:
    """The replies for one turn, the slots it sets, and whether "Did this help?" may follow."""

    replies: List[Reply] = field(default_factory=list)
    slots: Dict[str, Any] = field(default_factory=dict)
    ask_feedback: bool = False


def plan(referral: Referral, letter: Optional[date], kb: Knowledge) -> action_plan.ActionPlan:
    return action_plan.build(referral, letter, kb=kb)


def offer(referral: Referral, kb: Knowledge, given: Optional[str] = None) -> Reply:
    """The offer of the rest (steps, summary, dates when there is a deadline to count, a question);
    after one part of it (`given`), the other parts, one tap away again."""
    return replies.more(referral, kb, dates=bool(action_plan.step_plan(referral, kb).clocks), given=given)


def referral_turn(referral: Referral, kb: Knowledge) -> List[Reply]:
    """The short referral and the offer of the rest."""
    return [replies.referral(referral, kb), offer(referral, kb)]


def on_request(intent: Optional[str], referral: Referral, letter: Optional[date], words: Optional[str],
               kb: Knowledge, today: date) -> Turn:
    """The steps and deadlines, the case summary, the dates (asking for the letter's date when it is
    not known), or the invitation to ask a question."""
    the_plan = plan(referral, letter, kb)
    if intent == "ask_question":
        return Turn([replies.ask_question(referral, kb)])
    if intent == "ask_dates" and the_plan.letter_date is None and the_plan.deadlines:
        return Turn([replies.ask_letter_date(today, kb)], {"awaiting": "letter_date"})
    if intent == "ask_summary":
        answer = replies.case_summary(referral, the_plan, words, kb)
    elif intent == "ask_dates" and the_plan.deadlines:
        answer = replies.dates(the_plan, kb)
    else:  # the steps; also the dates when there is no deadline to count
        intent = "ask_steps"
        answer = replies.steps(referral, the_plan, kb)
    return Turn([answer, offer(referral, kb, intent)])


def letter_date_given(given: Optional[date], text: str, in_form: bool, referral: Optional[Referral],
                      kb: Knowledge, today: date) -> Turn:
    """The person gave the date on the plan's letter (`given`, from the slot): count the deadlines
    from it; in the questions, note it; a date in the future or unread is said back."""
    if given is None or given > today:
        if in_form:  # in the form, the open question is simply asked again
            return Turn()
        typed = typed_date(text, today, kb.language)
        future = typed is not None and typed > today
        return Turn([replies.letter_date_problem("future" if future else "unreadable", today, typed, kb)])
    if in_form:  # kept for the plan; the form asks its open question again
        return Turn([replies.date_noted(given, kb)])
    if referral is None:
        return Turn([replies.letter_date_problem("no_case", today, given, kb)])
    return Turn([replies.dates(plan(referral, given, kb), kb), offer(referral, kb, "ask_dates")], {"awaiting": None})


def unplaced(text: str, referral: Referral, letter: Optional[date], kb: Knowledge, today: date) -> Turn:
    """After the referral, a message the NLU did not place: a date (however it was classified)
    dates the plan; a question about the process is answered; anything else gets the routed
    number, not the start menu."""
    typed = typed_date(text, today, kb.language)
    if typed is not None and typed <= today:
        return Turn([replies.dates(plan(referral, typed, kb), kb), offer(referral, kb, "ask_dates")],
                    {"letter_date": typed.isoformat(), "awaiting": None})
    topic = followups.topic(text)
    answer = followups.answer(topic, referral, kb, letter) if topic else replies.after_referral(referral, kb)
    return Turn([answer], ask_feedback=True)
