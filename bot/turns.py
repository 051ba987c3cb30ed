"""The decisions of one turn: the part of the plan asked for, a date that dates it, the routed
number for anything else after the referral, a question about the process or the IMR. Each
function returns a `Turn`: the replies to send, the slots to set, and whether the questions go on,
which the action sends and sets (actions/answers.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Dict, List, Mapping, Optional, Sequence

from bot import action_plan, followups, named_numbers, privacy_note, problem_kinds, replies
from bot.context import typed_date
from bot.dates import money
from bot.knowledge import Knowledge
from bot.language import fold
from bot.reply_types import Reply
from bot.routing import Referral
from bot.understanding import IMR_WORDS
from bot.understanding.intents import asks_aside
from bot.understanding.words import UNSURE_WORDS, process_question


# The line for a job plan told after the referral, on a route whose referral has no self-funded line.
JOB_PLAN_TOLD = "job_plan_told"
# What happens after an IMR (followups.yml): "if I win", "if I lose", "I won but the plan has not approved it".
IMR_OUTCOMES = ("imr_yes", "imr_no", "imr_won")
# Follow-up topics that are also facts of the story: answered with the referral when told before it.
TOLD_TOPICS = ("imr_won",)
# "What if we miss the deadline?" (followups.yml `missed_deadline`): after the dates when a date is typed with it.
LATE = "missed_deadline"


@dataclass
class Turn:
    """The replies for one turn, the slots it sets, whether "Did this help?" may follow, and whether
    the questions go on (the form asks what it still needs)."""

    replies: List[Reply] = field(default_factory=list)
    slots: Dict[str, Any] = field(default_factory=dict)
    ask_feedback: bool = False
    questions: bool = False


def plan(
    referral: Referral, letter: Optional[date], kb: Knowledge, letter_deadline: Optional[date] = None
) -> action_plan.ActionPlan:
    """The plan; `letter_deadline`: the deadline printed on the person's letter (the earlier date is given)."""
    return action_plan.build(referral, letter, kb=kb, letter_deadline=letter_deadline)


def _dates(dated: action_plan.ActionPlan, referral: Referral, kb: Knowledge) -> Reply:
    """The dates counted from the letter; a route with no dated deadline gets its steps, never an empty
    "When to act:" (probe s13 11 e36)."""
    return replies.dates(dated, kb) if dated.deadlines else replies.steps(referral, dated, kb)


def offer(referral: Referral, kb: Knowledge, given: Optional[str] = None) -> Reply:
    """The offer of the rest (steps, summary, dates when there is a deadline to count, a question);
    after one part of it (`given`), the other parts, one tap away again."""
    return replies.more(referral, kb, dates=bool(action_plan.step_plan(referral, kb).clocks), given=given)


def referral_turn(
    referral: Referral, kb: Knowledge, said: Sequence[str] = (), asked: Optional[str] = None
) -> List[Reply]:
    """The short referral and the offer of the rest. `said`: what the person wrote; "THIS IS
    URGENT" in it puts the urgent way on the first screen, not "wait 30 days" (probe F17).
    `asked`: a question in the message that ended the questions, answered for the route (probe s9 5)."""
    referral = replace(referral, first_step=followups.first_step(referral, kb, followups.urgent(list(said))))
    topic = followups.topic(asked) if asked and followups.is_question(asked) else None
    # "We won the IMR and Anthem still hasn't approved it", told as the story: its answer with the referral.
    topic = topic or next((t for t in map(followups.topic, said) if t in TOLD_TOPICS), None)
    answer = [followups.answer(topic, referral, kb)] if topic else []
    return [replies.referral(referral, kb), *answer, offer(referral, kb)]


def on_request(
    intent: Optional[str],
    referral: Referral,
    letter: Optional[date],
    words: Optional[str],
    kb: Knowledge,
    today: date,
    letter_deadline: Optional[date] = None,
    said: str = "",
) -> Turn:
    """The steps and deadlines, the case summary, the dates (asking for the letter's date when it is
    not known), or the invitation to ask a question. A typed question (`said`) the NLU read as one of
    these ("can he ask for a hearing after that?" as the steps) is answered for the route instead."""
    asked = followups.topic(said) if said and not said.startswith("/") and followups.is_question(said) else None
    the_plan = plan(referral, letter, kb, letter_deadline)
    # "How long do I have to ask for the hearing?" read as the dates: with no date to count (Medi-Cal
    # Dental), the route's own rule, never the steps without it (probe s7 es25).
    if asked and not (asked == "deadline" and intent == "ask_dates" and the_plan.deadlines):
        return Turn([followups.answer(asked, referral, kb, letter, letter_deadline=letter_deadline)])
    if intent == "ask_question":
        return Turn([replies.ask_question(referral, kb)])
    if intent == "ask_dates" and the_plan.letter_date is None and the_plan.deadlines:
        # The route's own time rules first ("within 90 days of the decision"), then the offer to date them.
        rules = Reply(" ".join(d.text(kb.language) for d in the_plan.deadlines), kb.language)
        return Turn([rules, replies.ask_letter_date(today, kb)], {"awaiting": "letter_date"})
    if intent == "ask_summary":
        answer = replies.case_summary(referral, the_plan, words, kb)
    elif intent == "ask_dates" and the_plan.deadlines:
        answer = replies.dates(the_plan, kb)
    else:  # the steps; also the dates when there is no deadline to count
        intent = "ask_steps"
        answer = replies.steps(referral, the_plan, kb)
    return Turn([answer, offer(referral, kb, intent)])


def letter_date_given(
    given: Optional[date],
    text: str,
    in_form: bool,
    referral: Optional[Referral],
    kb: Knowledge,
    today: date,
    letter_deadline: Optional[date] = None,
) -> Turn:
    """The person gave the date on the plan's letter (`given`, from the slot): count the deadlines
    from it; in the questions, note it; a date in the future or unread is said back."""
    if given is None or given > today:
        if in_form:  # in the form, the open question is simply asked again
            return Turn()
        typed = typed_date(text, today, kb.language)
        topic = followups.topic(text) if typed is None and referral is not None else None
        if topic:  # "¿tengo que esperar 30 días?" is a question, not a date left unread (probe3 es25)
            return Turn(
                [followups.answer(topic, referral, kb, None, letter_deadline=letter_deadline)], ask_feedback=True
            )
        if typed is None and referral is not None and money(text):  # "I make about 1800 a month" (probe s10 E27)
            return unplaced(text, referral, None, kb, today, letter_deadline)
        private = privacy_note.note(text, kb, asking=referral is not None) if typed is None else None
        if private is not None:  # a phone number alone is not a date (probe s11 M01), nor "call me at ..." (s12 10 e07)
            number = [followups.answer("repeat_number", referral, kb)] if referral is not None else []
            return Turn([private, *number])
        future = typed is not None and typed > today
        return Turn([replies.letter_date_problem("future" if future else "unreadable", today, typed, kb)])
    if in_form:  # kept for the plan; the form asks its open question again
        return Turn([replies.date_noted(given, kb)])
    if referral is None:
        return Turn([replies.letter_date_problem("no_case", today, given, kb)])
    dated = plan(referral, given, kb, letter_deadline)  # "the letter came 3 weeks ago, am I too late?": no or yes first
    first = followups.too_late(text, dated, referral, kb, today)
    return Turn(
        [_said_first(first, _dates(dated, referral, kb)), *_late(text, referral, kb), offer(referral, kb, "ask_dates")],
        {"awaiting": None},
    )


def _late(text: str, referral: Referral, kb: Knowledge) -> List[Reply]:
    """After the dates, for "what if we miss it? the letter was June 3": what the route's sources say about
    asking late (followups.yml `missed_deadline`, probe s11 C01, C06); nothing for another message."""
    return [followups.answer(LATE, referral, kb)] if followups.topic(text) == LATE else []


def asked_for(
    text: str,
    referral: Referral,
    letter: Optional[date],
    words: Optional[str],
    kb: Knowledge,
    today: date,
    letter_deadline: Optional[date] = None,
) -> Optional[Turn]:
    """A part of the plan asked for in words the NLU did not place ("what do I say when I call?": the
    case summary, probe s7), or None."""
    asked = followups.request(text) if text and not text.startswith("/") else None
    return on_request(f"ask_{asked}", referral, letter, words, kb, today, letter_deadline) if asked else None


def unplaced(
    text: str,
    referral: Referral,
    letter: Optional[date],
    kb: Knowledge,
    today: date,
    letter_deadline: Optional[date] = None,
    words: Optional[str] = None,
) -> Turn:
    """After the referral, a message the NLU did not place: a date (however it was classified)
    dates the plan; a question about the process is answered; a part of the plan asked for in
    words is given; anything else gets the routed number, not the start menu."""
    topic = followups.topic(text)
    # "she's still in the hospital today" asks about something else: its "today" is no letter's date (probe s14 15 en11)
    typed = None if topic not in (None, "deadline", LATE) else typed_date(text, today, kb.language)
    if typed is not None and typed <= today:
        moved = letter not in (None, typed)  # the letter's own deadline was counted from the old date
        letter_deadline = None if moved else letter_deadline
        dated = plan(referral, typed, kb, letter_deadline)
        return Turn(
            [
                _said_first(followups.too_late(text, dated, referral, kb, today), _dates(dated, referral, kb)),
                *_late(text, referral, kb),
                offer(referral, kb, "ask_dates"),
            ],
            {"letter_date": typed.isoformat(), "awaiting": None, **({"letter_deadline": None} if moved else {})},
        )
    named = named_numbers.answer(text, kb, referral)
    requested = None if topic or named else asked_for(text, referral, letter, words, kb, today, letter_deadline)
    if requested is not None:
        return requested
    answer = named or (
        followups.answer(topic, referral, kb, letter, letter_deadline=letter_deadline)
        if topic
        else replies.after_referral(referral, kb)
    )
    if topic in ("deadline", LATE) and letter is not None:  # "am I too late?", the letter's date known: yes or no first
        answer = _said_first(
            followups.too_late(text, plan(referral, letter, kb, letter_deadline), referral, kb, today), answer
        )
    return Turn([answer], ask_feedback=True)


def _said_first(line: Optional[str], reply: Reply) -> Reply:
    """`line` before the reply's text ("No, it's not too late: ..." before the dates), or the reply."""
    return replace(reply, text=f"{line}\n{reply.text}") if line else reply


def acknowledge(
    text: str, referral: Referral, kb: Knowledge, letter: Optional[date] = None, letter_deadline: Optional[date] = None
) -> Turn:
    """A bare yes, no or "not sure" after the referral: "OK". But a question read as one ("what's
    a TTY" as "not sure") is answered for the route, or gets the routed number with a kind line:
    never "OK. Tap a button above" (probe F3, F10)."""
    topic = followups.topic(text)
    named = named_numbers.answer(text, kb, referral)
    if named is not None:
        answer = named
    elif topic:
        answer = followups.answer(topic, referral, kb, letter, letter_deadline=letter_deadline)
    elif followups.is_question(text):
        answer = replies.after_referral(referral, kb)
    else:
        answer = replies.acknowledged(kb, unsure=bool(UNSURE_WORDS.search(fold(text))))
    return Turn([answer], ask_feedback=True)


def side_question(
    text: str,
    answering: bool,
    coverage: Optional[str],
    kb: Knowledge,
    problem: Optional[str] = None,
    detail: Optional[str] = None,
    tentative: Optional[Referral] = None,
    kind: Optional[str] = None,
) -> Optional[Reply]:
    """A question about the process asked at one of the questions ("what's a TTY?", "what if the IMR
    says no?"), the NLU having read it as an answer: its answer, for the case known so far
    (`tentative`: where it leads, when it is complete enough to route; `kind`: the kind of problem told)."""
    if answering and asks_aside(text):
        return named_numbers.answer(text, kb, tentative) or followups.answer(
            followups.topic(text), tentative, kb, coverage=coverage, problem=problem, detail=detail, kind=kind
        )
    return None


def followup(
    topic: Optional[str],
    runner_up: Optional[str],
    referral: Optional[Referral],
    letter: Optional[date],
    coverage: Optional[str],
    problem: Optional[str],
    in_form: bool,
    kb: Knowledge,
    letter_deadline: Optional[date] = None,
    text: str = "",
    detail: Optional[str] = None,
    words: Optional[str] = None,
    tentative: Optional[Referral] = None,
    kind: Optional[str] = None,
) -> Turn:
    """A question about the process ("how long?", "can my son file it?"), answered for the route
    given, or before it for the case known so far (`detail`: the coverage detail, TRICARE...);
    `runner_up`: the NLU's next guess, when no topic was found; a number asked by name
    (`text`: "what's the ombudsman number?") is that place's; after the referral, a part of the
    plan asked for in words ("what do I say when I call?") is given (`words`: the person's own)."""
    named = named_numbers.answer(text, kb, referral or tentative)
    if named is not None:
        return Turn([named], questions=referral is None and not in_form)
    if topic is None and runner_up == "medical_emergency" and not process_question(text):
        # Not a question about the process after all: danger comes first, whatever the NLU ranked first.
        return Turn([replies.emergency(kb)])
    if topic is None and runner_up == "human_handoff":
        return Turn([replies.handoff(coverage, problem, kb)])
    requested = asked_for(text, referral, letter, words, kb, date.today()) if referral and not topic else None
    if requested is not None:
        return requested
    if topic is not None:  # before the referral, for the coverage known so far (a Medi-Cal member: the hearing)
        answers = [
            followups.answer(topic, referral or tentative, kb, letter, coverage, letter_deadline, problem, detail, kind)
        ]
    else:
        answers = [replies.after_referral(referral, kb)] if referral is not None else []
    # No topic before the referral: most likely the story itself ("they say I don't need it"), so
    # the questions simply go on (the referral will give the number to call).
    return Turn(answers, questions=referral is None and not in_form)


def imr_question(
    text: str,
    topic: str,
    referral: Optional[Referral],
    kb: Knowledge,
    coverage: Optional[str] = None,
    problem: Optional[str] = None,
    kind: Optional[str] = None,
) -> Turn:
    """What an IMR is, costs, who reviews it (`topic`); what happens if it says yes or no, for the
    route given; or, when the words tell a problem rather than ask about the IMR, the questions."""
    if not IMR_WORDS.search(fold(text)) and problem_kinds.read(text).problem:
        # "I can't afford my share of the drug" is a problem to route, not a question about the IMR.
        return Turn(questions=True)
    # "What happens if the IMR says yes?" is asked like "what is an IMR", and "can someone help me
    # for free" like "does the IMR cost": answered for the route (no IMR text on a route without
    # one), or before it for the coverage known so far (a Medi-Cal member: the State Hearing).
    asked = followups.topic(text)
    routed = followups.routed_answer(asked, referral, kb)
    routed = routed or followups.outside_imr(asked, topic, referral, kb)
    if routed is not None:  # "is it free?" on a workers' comp route: the DWC's answer, not the IMR's
        return Turn([routed])
    if asked in IMR_OUTCOMES or (asked and not IMR_WORDS.search(fold(text))):
        return Turn([followups.answer(asked, referral, kb, coverage=coverage, problem=problem, kind=kind)])
    return Turn([replies.imr_answer(topic, kb)])


def job_plan_news(
    before: Mapping[str, Any], slots: Mapping[str, Any], referral: Referral, kb: Knowledge
) -> Optional[Reply]:
    """Told only after the referral that the plan comes through a job: what that may change (a
    self-funded plan has no state IMR, F5.1, F10.13), where the route says so; elsewhere (an HMO, a
    dental plan) one line on whether it changes anything (probe s10 E15, S27: not the referral again)."""
    if not slots.get("job_plan") or before.get("job_plan"):
        return None
    note = kb.extras.get("job_plan")
    if note in referral.extras:
        return Reply(note, kb.language)
    return followups.answer(JOB_PLAN_TOLD, referral, kb)
