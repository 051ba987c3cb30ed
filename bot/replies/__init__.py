"""What the assistant says: questions with buttons, referrals, plans, answers. Channel-neutral
replies (bot/reply_types.py: a `Reply` carries its text, options, card and language).

Wording is plain (grade 6-8) and short, in the conversation's language: the words come from
bot/messages/<language>.yml and every fact (agency, number, deadline, rule) from the knowledge data
in that language (`default(language)`); this module only arranges them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, List, Mapping, Optional

from bot import problem_kinds
from bot.action_plan import ActionPlan
from bot.dates import format_date
from bot.knowledge import Agency, Knowledge, default
from bot.messages import say
from bot.reply_types import Button, CaseSummary, ConversationDeleted, DeadlinesCard, ReferralCard, Reply, SummaryField
from bot.routing import Referral, human_line

_button = Button.to


def _kb(kb: Optional[Knowledge], language: str) -> Knowledge:
    return kb or default(language)


def _coverage_buttons(kb: Knowledge) -> List[Button]:
    buttons = [
        _button(label, "inform_coverage", coverage_type=key) for key, label in kb.coverages.items() if key != "unknown"
    ]
    no_insurance = _button(say(kb.language, "no_insurance"), "inform_coverage", coverage_type="uninsured")  # F14
    return buttons + [no_insurance, _button(say(kb.language, "not_sure"), "dont_know")]


def _problem_buttons(kb: Knowledge) -> List[Button]:
    return [_button(p.label, f"problem_{key}") for key, p in kb.problems.items()]


def _reply(kb: Knowledge, text: str, buttons: Optional[List[Button]] = None) -> Reply:
    return Reply(text, kb.language, tuple(buttons or ()))


def _call_line(agency: Agency, lang: str) -> str:
    number = f"{agency.phone_words} ({agency.phone})" if agency.phone_words else agency.phone
    line = say(
        lang, "call_line_tty" if agency.tty else "call_line", name=agency.name, number=number, tty=agency.tty or ""
    )
    if agency.hours:
        line += " " + say(lang, "hours", hours=agency.hours.rstrip("."))
    return line


def ask(
    slot: str,
    slots: Mapping[str, Any],
    kb: Optional[Knowledge] = None,
    after_denial: bool = False,
    language: str = "en",
) -> Reply:
    """The question for a form slot, reworded after a 'not sure' or an unclear answer.

    `after_denial`: the person just said the plan said no, so ask for the reason, not what happened.
    """
    kb = _kb(kb, language)
    lang = kb.language
    attempts = slots.get("attempts") or {}
    retry = attempts.get("slot") == slot and attempts.get("count", 0) > 0
    unsure = retry and attempts.get("reason") in ("unsure", "question")  # explain, don't apologise
    sorry = say(lang, "sorry_retry") + " " if retry and not unsure else ""
    if retry and attempts.get("reason") == "back":  # "go back": how to change an answer (probe F21)
        sorry = say(lang, "go_back_hint") + " "
    elif retry and attempts.get("reason") == "noted":  # another question's answer, kept: no "sorry"
        sorry = ""
    not_sure = say(lang, "not_sure")

    if slot == "problem":
        unsure_now = retry and attempts.get("reason") == "unsure"  # "That's OK" only after "I don't know"
        key = (
            "ask_problem_unsure"
            if unsure_now
            else "ask_problem_retry"
            if retry
            else "ask_problem_after_denial"
            if after_denial
            else "ask_problem"
        )
        return _reply(kb, say(lang, key, sorry=sorry), _problem_buttons(kb))
    if slot == "coverage":
        return _ask_coverage(slots, kb, retry, unsure, sorry)
    if slot == "coverage_detail":
        return _reply(
            kb,
            say(lang, "ask_coverage_detail", sorry=sorry),
            [_button(kind.label, "inform_coverage", coverage_type=key) for key, kind in kb.other_kinds.items()],
        )
    if slot == "fair_hearing":
        text = say(lang, "ask_fair_hearing_retry" if retry else "ask_fair_hearing", sorry=sorry)
        return _reply(
            kb,
            text,
            [
                _button(say(lang, "answer_yes"), "affirm"),
                _button(say(lang, "answer_no"), "deny"),
                _button(not_sure, "dont_know"),
            ],
        )
    raise ValueError(f"no question for slot {slot!r}")


def _ask_coverage(slots: Mapping[str, Any], kb: Knowledge, retry: bool, unsure: bool, sorry: str) -> Reply:
    """Which coverage: the PPO's company, HMO or PPO for a named plan, or the kind of coverage."""
    lang = kb.language
    not_sure = say(lang, "not_sure")
    pending = slots.get("coverage_pending")
    plan = kb.plan(slots.get("plan"))
    if pending == "ppo_company" and not retry:
        return _reply(
            kb,
            say(lang, "ask_ppo_company"),
            [
                _button(
                    say(lang, "ppo_anthem_or_blue_shield"), "inform_coverage", coverage_type="anthem_or_blue_shield_ppo"
                ),
                _button(say(lang, "ppo_other_company"), "inform_coverage", coverage_type="other_ppo_or_insurance"),
                _button(not_sure, "dont_know"),
            ],
        )
    if pending == "hmo_or_ppo" and plan and not retry:
        return _reply(
            kb,
            say(lang, "ask_hmo_or_ppo", plan=plan.name),
            [
                _button("HMO", "inform_coverage", coverage_type="hmo"),
                # a CalPERS PPO is other coverage of its own kind (F5.11): the button names that kind
                _button(
                    "PPO",
                    "inform_coverage",
                    coverage_type=plan.detail
                    if plan.ppo_coverage == "other_coverage" and plan.detail
                    else plan.ppo_coverage or "other_ppo_or_insurance",
                ),
                _button(not_sure, "dont_know"),
            ],
        )
    if unsure:
        return _reply(
            kb,
            say(lang, "ask_coverage_unsure", help=kb.faq["coverage_help"]),
            _coverage_buttons(kb)[:-1]
            + [_button(say(lang, "still_not_sure"), "inform_coverage", coverage_type="unknown")],
        )
    named = plan and pending == "plan_kind"
    subject = say(lang, "coverage_subject_plan", plan=plan.name) if named else say(lang, "coverage_subject")
    return _reply(kb, say(lang, "ask_coverage", sorry=sorry, subject=subject), _coverage_buttons(kb))


def _free_line(ref: Referral, kb: Knowledge) -> Optional[str]:
    """'It's free': the IMR costs nothing; otherwise the agency's own note that its help is free."""
    if ref.imr:
        return kb.faq["imr"]["cost"]
    return ref.agency.notes[0] if ref.agency.key != "HEALTH_PLAN" and ref.agency.notes else None


def confirm_problem(problem: str, detail: Optional[str], kb: Optional[Knowledge] = None, again: bool = False) -> Reply:
    """Say back the problem read from a long story, with buttons to confirm or correct it.
    `again`: asked before (a question came in between), so shorter, and saying what Yes does."""
    kb = kb or default()
    lang = kb.language
    label = problem_kinds.label(detail, kb)
    # The label as written, after a colon: "about: Medi-Cal denied..." keeps its names' capitals.
    what = say(lang, "confirm_kind", label=label) if label else say(lang, f"confirm_{problem}")
    return _reply(
        kb,
        say(lang, "confirm_problem_again") if again else say(lang, "confirm_problem", what=what),
        [_button(say(lang, "answer_yes"), "affirm"), _button(say(lang, "confirm_no"), "deny")],
    )


def changed(before: Mapping[str, Any], ref: Referral, kb: Optional[Knowledge] = None) -> Optional[str]:
    """After a correction, the line that says what changed in the case (None if nothing did)."""
    kb = kb or default()
    lang = kb.language

    def problem_name(problem: Optional[str], detail: Optional[str]) -> str:
        return problem_kinds.label(detail, kb) or (kb.problems[problem].label if problem in kb.problems else "?")

    changes = []
    if before.get("coverage") != ref.case.coverage and before.get("coverage") in kb.coverages:
        changes.append(
            say(lang, "changed_coverage", old=kb.coverages[before["coverage"]], new=kb.coverages[ref.case.coverage])
        )
    if (before.get("problem"), before.get("problem_detail")) != (ref.case.problem, ref.case.problem_detail):
        changes.append(
            say(
                lang,
                "changed_problem",
                old=problem_name(before.get("problem"), before.get("problem_detail")),
                new=problem_name(ref.case.problem, ref.case.problem_detail),
            )
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
    free = _free_line(ref, kb)
    if free:
        parts.append(free)
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
    if named and not given and kb.coverage_kinds[ref.case.coverage].tell_plan_name_guess:
        # The coverage came from the plan's name alone (Kaiser -> HMO): say so, and how to correct it.
        lead = say(lang, "plan_name_guess", plan=plan.name) + " "
    buttons = [
        _button(say(lang, label), intent)
        for intent, label in MORE
        if (dates or intent != "ask_dates") and intent != given
    ]
    return _reply(kb, lead + say(lang, "more_again" if given else "more_prompt"), buttons)


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
    extra.extend(ref.extras)
    extra.extend(note for note in agency.notes if note != _free_line(ref, kb))
    if agency.hours:
        extra.append(say(lang, "hours_of", name=agency.short_name, hours=agency.hours.rstrip(".")))
    link = agency.form or agency.website
    if link:
        extra.append(say(lang, "the_form" if agency.form else "more_info", url=link))
    for contact in ref.contacts:
        key = "also_contact_tty" if contact.tty else "also_contact"
        extra.append(say(lang, key, name=contact.name, phone=contact.phone, tty=contact.tty or ""))
    said = [line for line in extra if line not in text]  # nothing twice: the steps may already say it
    if said:
        text += f"\n\n{say(lang, 'good_to_know')}\n" + "\n".join(f"- {line}" for line in dict.fromkeys(said))
    return _reply(kb, text)


def dates(plan: ActionPlan, kb: Optional[Knowledge] = None) -> Reply:
    """The deadlines counted from the letter's date, and a `deadlines` card the widget turns into a
    calendar file on the person's device (the letter's date and each last day, ISO dates)."""
    kb = kb or default()
    lang = kb.language
    lines = []
    events = []
    for deadline in plan.deadlines:
        line = deadline.text(lang)
        lines.append(f"- {line} {say(lang, 'deadline_passed')}" if deadline.passed else f"- {line}")
        if deadline.due:
            events.append({"date": deadline.due.isoformat(), "title": line})
    text = f"{say(lang, 'plan_deadlines')}\n" + "\n".join(lines)
    if plan.letter_date:
        text += f"\n{say(lang, 'counted_from', date=format_date(plan.letter_date, lang))} {kb.newer_letter}"
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
    name = caller.short_name if isinstance(caller, Agency) else caller.name
    return _reply(kb, say(kb.language, "ask_your_question", agency=name, phone=caller.phone))


def action_plan(plan: ActionPlan, kb: Optional[Knowledge] = None) -> Reply:
    """The steps in order, the deadlines (dated when the letter's date is known), what to have ready."""
    kb = kb or default()
    lang = kb.language
    steps_text = "\n".join(f"{n}. {step}" for n, step in enumerate(plan.steps, 1))
    parts = [f"{say(lang, 'plan_title')}\n{steps_text}"]
    if plan.deadlines:
        parts.append(dates(plan, kb).text)
    parts.append(f"{say(lang, 'have_ready')}\n" + "\n".join(f"- {item}" for item in plan.have_ready))
    return _reply(kb, "\n\n".join(parts))


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
        name = caller.short_name if isinstance(caller, Agency) else caller.name
        tty = " " + say(lang, "tty_note", tty=caller.tty) if caller.tty else ""
        fields.append(("call", say(lang, "summary_call"), f"{name}, {caller.phone}{tty}"))
    coverage = kb.coverages[ref.case.coverage]
    if ref.case.coverage_detail and ref.case.coverage_detail in kb.other_kinds:
        coverage = kb.other_kinds[ref.case.coverage_detail].label
    named = kb.plan(ref.case.plan_name)
    if named and named.label == "plan" and ref.case.coverage == "anthem_or_blue_shield_ppo":
        coverage = say(lang, "summary_ppo_from", plan=named.name)  # not "Anthem ... or Blue Shield (Blue Shield)"
    elif named and named.label == "plan" and named.name.lower() not in coverage.lower():
        coverage = f"{coverage} ({named.name})"
    fields.append(("coverage", say(lang, "summary_coverage"), coverage))
    kind_label = problem_kinds.label(ref.case.problem_detail, kb)
    fields.append(("problem", say(lang, "summary_problem"), kind_label or kb.problems[ref.case.problem].label))
    if problem_words:
        fields.append(("words", say(lang, "summary_words"), f'"{problem_words}"'))
    if plan.letter_date:
        fields.append(("letter_date", say(lang, "summary_letter_date"), format_date(plan.letter_date, lang)))
    for deadline in plan.deadlines:
        if deadline.due:
            fields.append(("deadline", say(lang, "summary_deadline"), deadline.text(lang)))
    asking = problem_kinds.asking(ref.case.problem_detail, kb) or say(lang, f"asking_{ref.pathway}")
    fields.append(("asking", say(lang, "summary_asking"), asking))
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


def ask_letter_date(today: date, kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    lang = kb.language
    return _reply(
        kb, say(lang, "ask_letter_date", example=format_date(today, lang)), [_button(say(lang, "no_letter"), "deny")]
    )


def letter_date_problem(
    problem: str, today: date, given: Optional[date] = None, kb: Optional[Knowledge] = None
) -> Reply:
    """A date we cannot use: unreadable, in the future, or given before there is a case."""
    kb = kb or default()
    lang = kb.language
    example = format_date(today, lang)
    if problem == "future" and given:
        return _reply(kb, say(lang, "date_in_future", date=format_date(given, lang), example=example))
    if problem == "no_case":
        return _reply(kb, say(lang, "date_before_case"), _problem_buttons(kb))
    return _reply(kb, say(lang, "date_not_read", example=example), [_button(say(lang, "no_letter"), "deny")])


def request_before_case(kb: Optional[Knowledge] = None, asking: bool = False) -> Reply:
    """Steps, summary or dates asked for before there is a case: what happened first. `asking`: a
    question is open and is asked again next, so no options here."""
    kb = kb or default()
    return _reply(kb, say(kb.language, "request_before_case"), None if asking else _problem_buttons(kb))


def date_noted(given: date, kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    return _reply(kb, say(kb.language, "date_noted", date=format_date(given, kb.language)))


def no_letter(kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    return _reply(kb, say(kb.language, "no_letter_ok"))


def acknowledged(kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    return _reply(kb, say(kb.language, "acknowledged"))


def language_switched(kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    dmhc = kb.agencies["DMHC"]
    help_line = say(kb.language, "language_help", agency=dmhc.short_name, phone=dmhc.phone)
    return _reply(kb, f"{say(kb.language, 'language_switched')} {help_line}")


def after_referral(ref: Referral, kb: Optional[Knowledge] = None) -> Reply:
    """Something I can't answer after the referral: the routed number, not the start menu."""
    kb = kb or default()
    caller = ref.caller or kb.agencies["DMHC"]
    name = caller.short_name if isinstance(caller, Agency) else caller.name
    return _reply(kb, say(kb.language, "after_referral", agency=name[:1].upper() + name[1:], phone=caller.phone))


def imr_answer(topic: str, kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    """Answers to 'what is an IMR', 'does it cost', 'who reviews it'."""
    kb = _kb(kb, language)
    imr = kb.faq["imr"]
    texts = {
        "what": f"{imr['what']} {imr['when']}",
        "cost": f"{imr['cost']} {imr['effect']}",
        "who": f"{imr['who']} {imr['effect']}",
    }
    return _reply(kb, texts[topic])


def handoff(
    coverage: Optional[str], problem: Optional[str], kb: Optional[Knowledge] = None, language: str = "en"
) -> Reply:
    kb = _kb(kb, language)
    agency = human_line(coverage, problem, kb)
    return _reply(
        kb, say(kb.language, "handoff", line=_call_line(agency, kb.language), notes=" ".join(agency.notes)).strip()
    )


def emergency(kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    kb = _kb(kb, language)
    return _reply(kb, f"{kb.faq['emergency']} {say(kb.language, 'emergency_then')}")


def not_understood(kb: Optional[Knowledge] = None, out_of_scope: bool = False, language: str = "en") -> Reply:
    """For input outside a question: say what I can do, offer the options and a number to call."""
    kb = _kb(kb, language)
    dmhc = kb.agencies["DMHC"]
    opening = say(kb.language, "out_of_scope" if out_of_scope else "not_understood")
    text = say(kb.language, "what_i_do", opening=opening, agency=dmhc.short_name, phone=dmhc.phone)
    return _reply(kb, text, _problem_buttons(kb))


def greeting(kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    kb = _kb(kb, language)
    return _reply(kb, say(kb.language, "greeting"))


def deleted(kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    kb = _kb(kb, language)
    dmhc = kb.agencies["DMHC"]
    return _reply(kb, say(kb.language, "deleted", agency=dmhc.short_name, phone=dmhc.phone)).with_card(
        ConversationDeleted()
    )


def service_trouble(kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    """When something inside the assistant fails: still a number to call, and the 911 advice."""
    kb = _kb(kb, language)
    dmhc = kb.agencies["DMHC"]
    return _reply(
        kb,
        say(
            kb.language,
            "service_trouble",
            agency=dmhc.short_name,
            phone=dmhc.phone,
            tty=dmhc.tty,
            emergency=kb.faq["emergency"],
        ),
    )
