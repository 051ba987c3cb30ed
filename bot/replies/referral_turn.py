"""The referral turn: where to go, the number, the first step and that it is free (one phone screen),
the offer of the rest, and what changed after a correction."""

from __future__ import annotations

from typing import Any, List, Mapping, Optional

from bot import problem_kinds
from bot.knowledge import FAIR_HEARING, Agency, Knowledge, default
from bot.decision_table import plan_name
from bot.messages import say
from bot.replies.common import button, free_line, reply
from bot.reply_types import ReferralCard, Reply
from bot.routing import Referral


def problem_name(problem: Optional[str], detail: Optional[str], kb: Knowledge) -> str:
    """The problem's label: its kind's, or the denial's."""
    return problem_kinds.label(detail, kb) or (kb.problems[problem].label if problem in kb.problems else "?")


def new_problem(ref: Referral, kb: Optional[Knowledge] = None) -> Reply:
    """Before the referral for a second problem told after the first one's: which problem it answers."""
    kb = kb or default()
    return reply(
        kb, say(kb.language, "new_problem_intro", problem=problem_name(ref.case.problem, ref.case.problem_detail, kb))
    )


def changed(before: Mapping[str, Any], ref: Referral, kb: Optional[Knowledge] = None) -> Optional[str]:
    """After a correction, the line that says what changed in the case (None if nothing did)."""
    kb = kb or default()
    lang = kb.language

    changes = []
    if before.get("coverage") != ref.case.coverage and before.get("coverage") in kb.coverages:
        # after "Uninsured", the old coverage is that button's label, not "I'm not sure" (probe en45)
        uninsured = before.get("problem_detail") == "uninsured"
        old = say(lang, "no_insurance") if uninsured else kb.coverages[before["coverage"]]
        changes.append(say(lang, "changed_coverage", old=old, new=kb.coverages[ref.case.coverage]))
    if (before.get("problem"), before.get("problem_detail")) != (ref.case.problem, ref.case.problem_detail):
        changes.append(
            say(
                lang,
                "changed_problem",
                old=problem_name(before.get("problem"), before.get("problem_detail"), kb),
                new=problem_name(ref.case.problem, ref.case.problem_detail, kb),
            )
        )
    hearing = (before.get("fair_hearing"), ref.case.fair_hearing)
    if "fair_hearing" in before and hearing[0] != hearing[1] and all(h in FAIR_HEARING for h in hearing):
        # "sorry, I have NOT asked for a hearing" (probe en44): the State Hearing answer, old and new
        changes.append(
            say(lang, "changed_hearing", old=say(lang, f"hearing_{hearing[0]}"), new=say(lang, f"hearing_{hearing[1]}"))
        )
    return say(lang, "changed_intro", changes="; ".join(changes)) if changes else None


def referral(ref: Referral, kb: Optional[Knowledge] = None) -> Reply:
    """The referral, short enough for one phone screen: where to go, the number to tap, the one
    first step and that it is free, with the card payload. The rest comes when asked (`steps`)."""
    kb = kb or default()
    lang = kb.language
    agency, caller = ref.agency, ref.caller
    tty = " " + say(lang, "tty_note", tty=caller.tty) if caller is not None and caller.tty else ""
    first = say(lang, "first_step", step=ref.first_step)
    if agency.key == "HEALTH_PLAN":
        # The person's own plan: the first step says how; then who else can help, with a number.
        if caller is not None:
            helper = say(lang, "also_call_short", name=caller.name, phone=caller.phone, tty=tty)
        else:
            dmhc = kb.agencies["DMHC"]
            helper = say(lang, "not_sure_who", agency=dmhc.short_name, phone=dmhc.phone)
        parts = [f"{say(lang, 'referral_intro')} {first}", helper]
    else:
        if caller is not agency:
            # The place has no one number (a hospital's billing office): the number given is a
            # helper's, said as such, never as the place's own (probe F11).
            where = (
                f"{say(lang, 'go_to_only', agency=agency.short_name)} "
                f"{say(lang, 'also_call_short', name=caller.name, phone=caller.phone, tty=tty)}"
            )
        else:
            number = (
                f"{caller.phone_words} ({caller.phone})"
                if isinstance(caller, Agency) and caller.phone_words
                else caller.phone
            )
            where = say(lang, "go_to", agency=agency.short_name, phone=number, tty=tty)
        parts = [f"{say(lang, 'referral_intro')} {where}", first]
    free = free_line(ref, kb)
    if free:
        parts.append(free)
    if ref.case.coverage_detail == "county_run" and agency.key == "DMHC" and ref.imr:
        # A county-run Medi-Cal plan may not be the DMHC's, and its IMR closed (F3.11, F10.9): said on the
        # first screen (probe s9); for a complaint it stays in the steps.
        parts.append(say(lang, "county_run_hint", plan=plan_name(ref.case, kb)))
    parts += eligibility_hints(ref, kb)
    # One paragraph a line, never a blank line: Rasa's REST channel sends each paragraph as its own message.
    return Reply("\n".join(parts), lang, card=ReferralCard.of(ref, lang))


# What the person can ask for after the referral: (intent, label key). One tap, keyword or question.
MORE = (
    ("ask_steps", "more_steps"),
    ("ask_summary", "more_summary"),
    ("ask_dates", "more_dates"),
    ("ask_question", "more_question"),
)


def more(ref: Referral, kb: Optional[Knowledge] = None, dates: bool = True, given: Optional[str] = None) -> Reply:
    """The offer of the rest, after the referral: steps and deadlines, the summary, the dates (when
    there is a deadline to count), a question. Says how the coverage was guessed, when it was.
    `given`: the request just answered; the offer comes again without it."""
    kb = kb or default()
    lang = kb.language
    lead = ""
    plan = kb.plan(ref.case.plan_name)
    named = plan and plan.coverage == ref.case.coverage
    # Only where the coverage changes the answer: not for workers' comp, Medi-Cal eligibility... (probe s7)
    depends = ref.case.problem != "other" or problem_kinds.needs_coverage(ref.case.problem_detail)
    if named and depends and not given and kb.coverage_kinds[ref.case.coverage].tell_plan_name_guess:
        # The coverage came from the plan's name alone (Kaiser -> HMO): say so, and how to correct it.
        lead = say(lang, "plan_name_guess", plan=plan.name) + " "
    buttons = [
        button(say(lang, label), intent)
        for intent, label in MORE
        if (dates or intent != "ask_dates") and intent != given
    ]
    return reply(kb, lead + say(lang, "more_again" if given else "more_prompt"), buttons)


def eligibility_hints(ref: Referral, kb: Knowledge) -> List[str]:
    """A plain complaint about the plan (DMHC or CDI) that names Medi-Cal or Covered California: the
    door for whether the person qualifies, in one line each, in case that is the real problem (issue 14:
    an eligibility problem must never end at the DMHC; the words may not have said it plainly)."""
    if (
        ref.case.problem != "other"
        or ref.case.problem_detail not in (None, "plan_service")
        or ref.agency.key not in ("DMHC", "CDI")
    ):
        return []
    words = ref.case.problem_words
    agencies = problem_kinds.default(kb.language).agencies
    hints = []
    if ref.case.coverage == "medi_cal_managed_care" or problem_kinds.in_group("names_medi_cal", words):
        hints.append(say(kb.language, "eligibility_hint_medi_cal", phone=agencies["COUNTY_MEDI_CAL"].phone))
    if problem_kinds.in_group("names_covered_california", words):
        hints.append(say(kb.language, "eligibility_hint_covered", phone=agencies["COVERED_CALIFORNIA"].phone))
    return hints
