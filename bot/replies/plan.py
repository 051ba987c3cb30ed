"""What comes after the referral when asked: the steps and deadlines, the dates counted from the
letter, the case summary, the invitation to ask a question."""

from __future__ import annotations

from typing import List, Optional

from bot import followup_data, problem_kinds
from bot.action_plan import ActionPlan, Deadline
from bot.dates import format_date
from bot.knowledge import Knowledge, default
from bot.context import SUMMARY_WORDS
from bot.messages import say
from bot.replies.common import caller_name, free_line, reply
from bot.reply_types import CaseSummary, DeadlinesCard, Reply, SummaryField
from bot.replies.referral_turn import problem_name
from bot.routing import Referral, RoutingError, route


def steps(ref: Referral, plan: ActionPlan, kb: Optional[Knowledge] = None) -> Reply:
    """On request: the plan (steps, deadlines, what to have ready), then what the short referral
    left out (the lines that apply to this case, hours, other numbers), each said once."""
    kb = kb or default()
    lang = kb.language
    text = action_plan(plan, kb).text
    agency = ref.agency
    extra: List[str] = []
    if not plan.deadlines and ref.deadlines:
        extra.append(say(lang, "deadlines", deadlines=" ".join(ref.deadlines)))
    if ref.imr:
        extra.append(kb.faq["imr"]["effect"])
    covered = followup_data.covered_extras(ref, kb)  # what the steps already say (Medi-Cal's 60/120 days)
    extra.extend(line for line in ref.extras if line not in covered)
    extra.extend(note for note in agency.notes if note != free_line(ref, kb))
    if agency.hours:
        extra.append(say(lang, "hours_of", name=agency.short_name, hours=agency.hours.rstrip(".")))
    link = agency.form or agency.website
    if link and link not in text:  # a step that links the form already gives it
        extra.append(say(lang, "the_form" if agency.form else "more_info", url=link))
    for contact in ref.contacts:
        key = "also_contact_tty" if contact.tty else "also_contact"
        extra.append(say(lang, key, name=contact.name, phone=contact.phone, tty=contact.tty or ""))
    said = [line for line in extra if line not in text]  # nothing twice: the steps may already say it
    if said:
        text += f"\n\n{say(lang, 'good_to_know')}\n" + "\n".join(f"- {line}" for line in dict.fromkeys(said))
    return reply(kb, text)


def _passed(deadline: Deadline, lang: str) -> str:
    """What follows a date that has passed: the later day still taken for now, or "call anyway"."""
    if deadline.late_due:
        return f"{say(lang, 'deadline_passed_late')} {deadline.clock.late.format(date=format_date(deadline.late_due, lang))}"
    return say(lang, "deadline_passed")


def dates(plan: ActionPlan, kb: Optional[Knowledge] = None) -> Reply:
    """The deadlines counted from the letter's date, and a `deadlines` card the widget turns into a
    calendar file on the person's device (the letter's date and each last day, ISO dates)."""
    kb = kb or default()
    lang = kb.language
    lines = []
    events = []
    for deadline in plan.deadlines:
        line = deadline.text(lang)
        lines.append(f"- {line} {_passed(deadline, lang)}" if deadline.passed else f"- {line}")
        if deadline.due:
            events.append({"date": deadline.due.isoformat(), "title": line})
    text = f"{say(lang, 'plan_deadlines')}\n" + "\n".join(lines)
    if plan.letter_date:
        text += f"\n{say(lang, 'counted_from', date=format_date(plan.letter_date, lang))}"
        # "If your plan sends you a newer written decision...": only where a dated clock runs from a
        # plan's or insurer's decision, never on a workers' comp or county notice (probe s9 16).
        renewed = followup_data.followups(lang).newer_letter_clocks
        if any(d.due and d.clock.key in renewed for d in plan.deadlines):
            text += f" {kb.newer_letter}"
    card = DeadlinesCard(
        language=lang,
        title=say(lang, "calendar_title"),
        letter_date=plan.letter_date.isoformat() if plan.letter_date else None,
        letter_title=say(lang, "calendar_letter"),
        events=events,
    )
    return Reply(text, lang, card=card)


def ask_question(ref: Referral, kb: Optional[Knowledge] = None) -> Reply:
    """'Ask a question': invite it, and give the routed number for anything I can't answer."""
    kb = kb or default()
    caller = ref.caller or kb.agencies["DMHC"]
    name = caller_name(caller)
    return reply(kb, say(kb.language, "ask_your_question", agency=name, phone=caller.phone))


def action_plan(plan: ActionPlan, kb: Optional[Knowledge] = None) -> Reply:
    """The steps in order, the deadlines (dated when the letter's date is known), what to have ready."""
    kb = kb or default()
    lang = kb.language
    steps_text = "\n".join(f"{n}. {step}" for n, step in enumerate(plan.steps, 1))
    parts = [f"{say(lang, 'plan_title')}\n{steps_text}"]
    if plan.deadlines:
        parts.append(dates(plan, kb).text)
    parts.append(f"{say(lang, 'have_ready')}\n" + "\n".join(f"- {item}" for item in plan.have_ready))
    return reply(kb, "\n\n".join(parts))


def _coverage(ref: Referral, kb: Knowledge) -> str:
    coverage = kb.coverages[ref.case.coverage]
    if ref.case.coverage_detail and ref.case.coverage_detail in kb.other_kinds:
        coverage = kb.other_kinds[ref.case.coverage_detail].label
    named = kb.plan(ref.case.plan_name)
    if named and named.label == "plan" and ref.case.coverage == "anthem_or_blue_shield_ppo":
        return say(kb.language, "summary_ppo_from", plan=named.name)  # not "Anthem ... or Blue Shield (Blue Shield)"
    if named and named.label == "plan" and named.name.lower() not in coverage.lower():
        return f"{coverage} ({named.name})"
    return coverage


def _problem(ref: Referral, kb: Knowledge) -> str:
    if ref.case.reason_unknown:  # not "as not medically necessary": the person could not say (probe P54)
        return say(kb.language, "summary_reason_unknown")
    return problem_kinds.label(ref.case.problem_detail, kb) or kb.problems[ref.case.problem].label


def _earlier(ref: Referral, kb: Knowledge) -> List[str]:
    """Each earlier problem of the conversation, with where it goes: "<problem>: <agency>, <phone>"."""
    lines = []
    for case in ref.case.earlier:
        try:
            earlier = route(case, kb)
        except RoutingError:
            continue
        caller = earlier.caller
        where = f"{caller_name(caller)}, {caller.phone}" if caller is not None else earlier.agency.name
        lines.append(f"{problem_name(case.problem, case.problem_detail, kb)}: {where}")
    return lines


def _start(words: str) -> str:
    """The start of a long story, cut at a word, for the summary (the whole is kept for routing)."""
    if len(words) <= SUMMARY_WORDS:
        return words
    return words[:SUMMARY_WORDS].rsplit(" ", 1)[0] + "…"


def case_summary(
    ref: Referral, plan: ActionPlan, problem_words: Optional[str], kb: Optional[Knowledge] = None
) -> Reply:
    """A short summary to copy, save or send: who to call, the case in the person's words, the dates.

    Text for every channel (SMS shows it as is) and a `case_summary` card for the web widget.
    """
    kb = kb or default()
    lang = kb.language
    caller = ref.caller
    fields = []
    if caller is not None:
        name = caller_name(caller)
        tty = " " + say(lang, "tty_note", tty=caller.tty) if caller.tty else ""
        fields.append(("call", say(lang, "summary_call"), f"{name}, {caller.phone}{tty}"))
    fields.append(("coverage", say(lang, "summary_coverage"), _coverage(ref, kb)))
    fields.append(("problem", say(lang, "summary_problem"), _problem(ref, kb)))
    if problem_words:
        fields.append(("words", say(lang, "summary_words"), f'"{_start(problem_words)}"'))
    if plan.letter_date:
        fields.append(("letter_date", say(lang, "summary_letter_date"), format_date(plan.letter_date, lang)))
    for deadline in plan.deadlines:
        if deadline.due:
            fields.append(("deadline", say(lang, "summary_deadline"), deadline.text(lang)))
    asking = problem_kinds.asking(ref.case.problem_detail, kb) or say(
        lang, "asking_imr_or_complaint" if ref.case.reason_unknown and ref.imr else f"asking_{ref.pathway}"
    )
    fields.append(("asking", say(lang, "summary_asking"), asking))
    fields.extend(("earlier", say(lang, "summary_earlier"), line) for line in _earlier(ref, kb))
    title = say(lang, "summary_title")
    text = title + "\n" + "\n".join(f"{label}: {value}" for _, label, value in fields)
    card = CaseSummary(
        title=title,
        language=lang,
        agency=ref.agency.key,
        phone=ref.phone,
        fields=tuple(SummaryField(key, label, value) for key, label, value in fields),
        text=text,
    )
    return Reply(text, lang, card=card)
