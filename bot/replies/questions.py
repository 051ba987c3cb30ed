"""The questions: which coverage, which problem, the State Fair Hearing, the kind of other coverage,
the problem said back to confirm, the letter's date; reworded after a 'not sure' or an unclear answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Mapping, Optional

from bot import problem_kinds
from bot.dates import format_date
from bot.knowledge import Knowledge, default
from bot.messages import say
from bot.replies.common import button, coverage_buttons, kb_for, problem_buttons, reply
from bot.reply_types import Reply
from bot.understanding.coverage import NOT_HMO

# Why a question is asked again without "sorry": another answer was kept ("noted": a plan named that
# leaves its kind open, the coverage said at the problem question; "story": the problem told at the
# coverage question). The coverage question then stays the one for the plan named ("HMO or PPO?").
QUIET_REASONS = ("noted", "story")
# A question answered on the side after it was asked again this many times is not shown a third time.
ASKED_TWICE = 2


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
    kb = kb_for(kb, language)
    lang = kb.language
    attempts = slots.get("attempts") or {}
    if attempts.get("slot") == slot and attempts.get("reason") == "answered":
        # A question was answered on the side: the same question again, no "sorry" (probe P9).
        if slot == "problem" and attempts.get("count", 0) >= ASKED_TWICE:
            return _problem_left_open(kb, after_denial)
        question = ask(slot, {**slots, "attempts": None}, kb, after_denial)
        if slot == "problem" and after_denial:  # "I'm sorry" was said once already
            question = replace(question, text=say(lang, "ask_problem_reason"))
        return again_after_aside(question, kb)
    retry = attempts.get("slot") == slot and attempts.get("count", 0) > 0
    unsure = retry and attempts.get("reason") in ("unsure", "question")  # explain, don't apologise
    sorry = _sorry(lang, retry, unsure, attempts.get("reason"))
    not_sure = say(lang, "not_sure")
    if slot == "problem":
        unsure_now = retry and attempts.get("reason") == "unsure"  # "That's OK" only after "I don't know"
        return reply(kb, say(lang, _problem_key(unsure_now, retry, after_denial), sorry=sorry), problem_buttons(kb))
    if slot == "coverage":
        return _ask_coverage(slots, kb, retry and attempts.get("reason") not in QUIET_REASONS, unsure, sorry)
    if slot == "coverage_detail":
        return reply(
            kb,
            say(lang, "ask_coverage_detail", sorry=sorry),
            [button(kind.label, "inform_coverage", coverage_type=key) for key, kind in kb.other_kinds.items()],
        )
    if slot == "fair_hearing":
        text = say(lang, "ask_fair_hearing_retry" if retry else "ask_fair_hearing", sorry=sorry)
        return reply(
            kb,
            text,
            [
                button(say(lang, "answer_yes"), "affirm"),
                button(say(lang, "answer_no"), "deny"),
                button(not_sure, "dont_know"),
            ],
        )
    raise ValueError(f"no question for slot {slot!r}")


def _problem_left_open(kb: Knowledge, after_denial: bool = False) -> Reply:
    """ "What happened?" (or, after "they said no", "why?") not asked a third time: the person may tell it
    whenever they are ready, or call."""
    dmhc = kb.agencies["DMHC"]
    key = "problem_reason_left_open" if after_denial else "problem_left_open"
    return reply(kb, say(kb.language, key, agency=dmhc.short_name, phone=dmhc.phone), [])


def again_after_aside(question: Reply, kb: Knowledge) -> Reply:
    """The open question asked again after a side answer: "Now, back to my question: ..."."""
    return replace(question, text=say(kb.language, "question_again", question=question.text))


def _sorry(lang: str, retry: bool, unsure: bool, reason: Optional[str]) -> str:
    """What opens a question asked again: sorry, how to go back, or nothing."""
    if retry and reason == "back":  # "go back": how to change an answer (probe F21)
        return say(lang, "go_back_hint") + " "
    if retry and reason in QUIET_REASONS:  # another question's answer, kept: no "sorry"
        return ""
    return say(lang, "sorry_retry") + " " if retry and not unsure else ""


def _problem_key(unsure_now: bool, retry: bool, after_denial: bool) -> str:
    if unsure_now:
        return "ask_problem_unsure"
    if retry:
        return "ask_problem_retry"
    return "ask_problem_after_denial" if after_denial else "ask_problem"


def _ask_coverage(slots: Mapping[str, Any], kb: Knowledge, retry: bool, unsure: bool, sorry: str) -> Reply:
    """Which coverage: the PPO's company, HMO or PPO for a named plan, or the kind of coverage."""
    lang = kb.language
    not_sure = say(lang, "not_sure")
    pending = slots.get("coverage_pending")
    plan = kb.plan(slots.get("plan"))
    if pending == "ppo_company" and not retry:
        return reply(
            kb,
            say(lang, "ask_ppo_company"),
            [
                button(
                    say(lang, "ppo_anthem_or_blue_shield"), "inform_coverage", coverage_type="anthem_or_blue_shield_ppo"
                ),
                button(say(lang, "ppo_other_company"), "inform_coverage", coverage_type="other_ppo_or_insurance"),
                button(not_sure, "dont_know"),
            ],
        )
    if pending == "hmo_or_ppo" and plan and not retry:
        return reply(
            kb,
            say(lang, "ask_hmo_or_ppo", plan=plan.name),
            [
                button("HMO", "inform_coverage", coverage_type="hmo"),
                # a CalPERS PPO is other coverage of its own kind (F5.11): the button names that kind
                button(
                    "PPO",
                    "inform_coverage",
                    coverage_type=plan.detail
                    if plan.ppo_coverage == "other_coverage" and plan.detail
                    else plan.ppo_coverage or "other_ppo_or_insurance",
                ),
                button(not_sure, "dont_know"),
            ],
        )
    if unsure:
        return reply(
            kb,
            say(lang, "ask_coverage_unsure", help=kb.faq["coverage_help"]),
            coverage_buttons(kb)[:-1]
            + [button(say(lang, "still_not_sure"), "inform_coverage", coverage_type="unknown")],
        )
    named = plan and pending == "plan_kind"
    subject = say(lang, "coverage_subject_plan", plan=plan.name) if named else say(lang, "coverage_subject")
    # "It's not an HMO" (probe en37): only what is left is offered
    ruled_out = ("hmo",) if pending == NOT_HMO else ()
    return reply(kb, say(lang, "ask_coverage", sorry=sorry, subject=subject), coverage_buttons(kb, ruled_out))


def confirm_problem(
    problem: str,
    detail: Optional[str],
    kb: Optional[Knowledge] = None,
    again: bool = False,
    reason: Optional[str] = None,
) -> Reply:
    """Say back the problem read from a long story, with buttons to confirm or correct it.
    `again`: asked before (a question came in between), so shorter, and saying what Yes does.
    `reason`: why it is asked again ("unsure": how to tell; "answered": after a side answer)."""
    kb = kb or default()
    lang = kb.language
    label = problem_kinds.label(detail, kb)
    # The label as written, after a colon: "about: Medi-Cal denied..." keeps its names' capitals.
    what = say(lang, "confirm_kind", label=label) if label else say(lang, f"confirm_{problem}")
    if reason == "unsure":  # "I don't know" is never a yes (probe P48): how to tell, then ask again
        text = say(lang, "confirm_problem_unsure")
    else:
        text = say(lang, "confirm_problem_again") if again else say(lang, "confirm_problem", what=what)
    question = reply(kb, text, [button(say(lang, "answer_yes"), "affirm"), button(say(lang, "confirm_no"), "deny")])
    return again_after_aside(question, kb) if reason == "answered" else question


def ask_letter_date(today: date, kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    lang = kb.language
    return reply(
        kb, say(lang, "ask_letter_date", example=format_date(today, lang)), [button(say(lang, "no_letter"), "deny")]
    )


def letter_date_problem(
    problem: str, today: date, given: Optional[date] = None, kb: Optional[Knowledge] = None
) -> Reply:
    """A date we cannot use: unreadable, in the future, or given before there is a case."""
    kb = kb or default()
    lang = kb.language
    example = format_date(today, lang)
    if problem == "future" and given:
        return reply(kb, say(lang, "date_in_future", date=format_date(given, lang), example=example))
    if problem == "no_case":
        return reply(kb, say(lang, "date_before_case"), problem_buttons(kb))
    return reply(kb, say(lang, "date_not_read", example=example), [button(say(lang, "no_letter"), "deny")])


def request_before_case(kb: Optional[Knowledge] = None, asking: bool = False, known: bool = False) -> Reply:
    """Steps, summary or dates asked for before there is a case: what happened first. `asking`: a
    question is open and is asked again next, so no options here; `known`: what happened is known
    already (told, or read from a letter), so only the open question is missing (probe P16)."""
    kb = kb or default()
    if asking and known:
        return reply(kb, say(kb.language, "request_one_more_question"), None)
    return reply(kb, say(kb.language, "request_before_case"), None if asking else problem_buttons(kb))
