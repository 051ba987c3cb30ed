"""What the assistant says: questions with buttons, referrals, plans, answers. Channel-neutral
replies (bot/reply_types.py: a `Reply` carries its text, options, card and language).

Wording is plain (grade 6-8) and short, in the conversation's language: the words come from
bot/messages/<language>.yml and every fact (agency, number, deadline, rule) from the knowledge data
in that language (`default(language)`); this package only arranges them: the questions in
`questions`, the referral turn in `referral_turn`, what comes after it in `plan`, the short answers
in `short`, the shared pieces in `common`.
"""

from __future__ import annotations

from bot.replies.plan import action_plan, ask_question, case_summary, dates, steps
from bot.replies.questions import ask, ask_letter_date, confirm_problem, letter_date_problem, request_before_case
from bot.replies.referral_turn import MORE, changed, more, new_problem, referral
from bot.replies.short import (
    acknowledged,
    after_referral,
    date_noted,
    deleted,
    emergency,
    foreign_language,
    greeting,
    handoff,
    imr_answer,
    language_switched,
    no_letter,
    not_understood,
    service_trouble,
)

__all__ = [
    "MORE",
    "acknowledged",
    "action_plan",
    "after_referral",
    "ask",
    "ask_letter_date",
    "ask_question",
    "case_summary",
    "changed",
    "confirm_problem",
    "date_noted",
    "dates",
    "deleted",
    "emergency",
    "foreign_language",
    "greeting",
    "handoff",
    "imr_answer",
    "language_switched",
    "letter_date_problem",
    "more",
    "new_problem",
    "no_letter",
    "not_understood",
    "referral",
    "request_before_case",
    "service_trouble",
    "steps",
]
