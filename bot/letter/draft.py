"""The letter to the plan (an appeal of a denial, or a complaint), written from the case, and the
answers the DMHC or CDI form can take from it.

Only the case's facts go in: the plan, the service, the reason the plan gave, the date on its
letter, the person's own words. What must never be stored (name, address, member ID) is a clearly
marked blank. No law is cited: the only rule used is the plan's time to decide (F0.3, in
bot/knowledge_data/letters.yml). Nothing here is stored; the conversation keeps only its case summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import List, Optional, Tuple

from bot.dates import format_date
from bot.knowledge import Knowledge, default
from bot.letter import cues as letter_cues
from bot.letter.reply import say
from bot.messages import say as bot_say
from bot.reply_types import DraftLetterCard, Reply
from bot.routing import Referral

FORM_AGENCIES = ("DMHC", "CDI")
DENIALS = ("medical_necessity", "experimental", "emergency_payment")


@dataclass
class Draft:
    language: str
    letter: str
    english: Optional[str] = None  # the same letter in English, when the person writes Spanish
    form: List[Tuple[str, str]] = field(default_factory=list)  # (label, answer) for the DMHC/CDI form
    form_title: Optional[str] = None

    def card(self) -> DraftLetterCard:
        return DraftLetterCard(
            self.language,
            self.letter,
            self.english,
            [{"label": label, "value": value} for label, value in self.form],
            self.form_title,
        )


def _letter(
    referral: Referral, service: Optional[str], letter_date: Optional[date], words: Optional[str], lang: str
) -> str:
    case = referral.case
    entry = default(lang).plan(case.plan_name)
    plan = entry.name if entry is not None and entry.label == "plan" else say(lang, "draft.your_plan")
    what = service or say(lang, "draft.blank_service")
    when = format_date(letter_date, lang) if letter_date else say(lang, "draft.blank_decision_date")
    denial = case.problem in DENIALS
    lines = [
        say(lang, "draft.blank_name"),
        say(lang, "draft.blank_address"),
        say(lang, "draft.blank_member_id"),
        say(lang, "draft.blank_date"),
        "",
        say(lang, "draft.to", plan=plan),
        "",
        say(lang, "draft.subject_appeal", date=when) if denial else say(lang, "draft.subject_complaint"),
        "",
    ]
    body = [
        say(lang, "draft.denied", date=when, service=what, reason=say(lang, f"draft.reasons.{case.problem}"))
        if denial
        else say(lang, "draft.complaint", service=what)
    ]
    if not denial and letter_date:
        body[0] += " " + say(lang, "draft.complaint_dated", date=when)
    if words:
        body.append(say(lang, "draft.words", words=words))
    ask = {"emergency_payment": "ask_pay", "other": "ask_fix"}.get(case.problem, "ask_approve")
    body.append(say(lang, f"draft.{ask}", service=what))
    if case.problem in ("medical_necessity", "experimental"):
        body.append(say(lang, "draft.urgent"))
    rules = letter_cues.load()
    if case.coverage in rules.plan_decision_coverages:
        body.append(say(lang, "draft.decide_in", days=rules.plan_decision_days))
    if letter_date:
        body.append(say(lang, "draft.copy_attached"))
    return (
        "\n".join(lines)
        + "\n"
        + "\n\n".join(body)
        + "\n\n"
        + say(lang, "draft.closing")
        + "\n"
        + say(lang, "draft.blank_name")
    )


def _form(
    referral: Referral, service: Optional[str], letter_date: Optional[date], words: Optional[str], kb: Knowledge
) -> List[Tuple[str, str]]:
    lang = kb.language
    entry = kb.plan(referral.case.plan_name)
    answers = []
    if entry is not None and entry.label == "plan":
        answers.append((say(lang, "draft.form_plan"), entry.name))
    answers.append((say(lang, "draft.form_problem"), kb.problems[referral.case.problem].label))
    if service:
        answers.append((say(lang, "draft.form_service"), service))
    if letter_date:
        answers.append((say(lang, "draft.form_date"), format_date(letter_date, lang)))
    if words:
        answers.append((say(lang, "draft.form_words"), words))
    answers.append((say(lang, "draft.form_asking"), bot_say(lang, f"asking_{referral.pathway}")))
    return answers


def draft(
    referral: Referral,
    service: Optional[str] = None,
    letter_date: Optional[date] = None,
    words: Optional[str] = None,
    kb: Optional[Knowledge] = None,
) -> Draft:
    """The letter in the conversation's language (and in English when that is Spanish), and the
    form's answers when the referral is to DMHC or CDI."""
    kb = kb or default()
    lang = kb.language
    result = Draft(language=lang, letter=_letter(referral, service, letter_date, words, lang))
    if lang != "en":
        result.english = _letter(referral, service, letter_date, words, "en")
    if referral.agency.key in FORM_AGENCIES:
        result.form = _form(referral, service, letter_date, words, kb)
        result.form_title = say(lang, "draft.form_title", agency=referral.agency.key)
    return result


def reply(result: Draft) -> List[Reply]:
    """The messages that give the draft: the letter (and its English copy), then the form's answers."""
    lang = result.language
    messages = [Reply(f"{say(lang, 'draft.intro')}\n\n{result.letter}", lang, card=result.card())]
    if result.english:
        messages.append(Reply(f"{say(lang, 'draft.english_intro')}\n\n{result.english}", lang))
    if result.form:
        lines = "\n".join(f"{label}: {value}" for label, value in result.form)
        messages.append(Reply(f"{result.form_title}\n{lines}", lang))
    return messages
