"""What every reply is made of: buttons, the conversation's knowledge, the call line."""

from __future__ import annotations

from typing import List, Optional, Tuple, Union

from bot.knowledge import Agency, Contact, Knowledge, default
from bot.messages import say
from bot.reply_types import Button, Reply
from bot.routing import Referral

button = Button.to


def kb_for(kb: Optional[Knowledge], language: str) -> Knowledge:
    return kb or default(language)


def coverage_buttons(kb: Knowledge, ruled_out: Tuple[str, ...] = ()) -> List[Button]:
    """The kinds of coverage to pick from, without those the person said it is not (`ruled_out`)."""
    buttons = [
        button(label, "inform_coverage", coverage_type=key)
        for key, label in kb.coverages.items()
        if key != "unknown" and key not in ruled_out
    ]
    no_insurance = button(say(kb.language, "no_insurance"), "inform_coverage", coverage_type="uninsured")  # F14
    return buttons + [no_insurance, button(say(kb.language, "not_sure"), "dont_know")]


def problem_buttons(kb: Knowledge) -> List[Button]:
    return [button(p.label, f"problem_{key}") for key, p in kb.problems.items()]


def reply(kb: Knowledge, text: str, buttons: Optional[List[Button]] = None) -> Reply:
    return Reply(text, kb.language, tuple(buttons or ()))


def call_line(agency: Agency, lang: str) -> str:
    number = f"{agency.phone_words} ({agency.phone})" if agency.phone_words else agency.phone
    line = say(
        lang, "call_line_tty" if agency.tty else "call_line", name=agency.name, number=number, tty=agency.tty or ""
    )
    if agency.hours:
        line += " " + say(lang, "hours", hours=agency.hours.rstrip("."))
    return line


def caller_name(caller: Union[Agency, Contact]) -> str:
    """How the texts name who answers: an agency's short name, a contact's name."""
    return caller.short_name if isinstance(caller, Agency) else caller.name


def free_line(ref: Referral, kb: Knowledge) -> Optional[str]:
    """'It's free': the IMR costs nothing; otherwise the agency's own note that its help is free."""
    if ref.imr:
        return kb.faq["imr"]["cost"]
    return ref.agency.notes[0] if ref.agency.key != "HEALTH_PLAN" and ref.agency.notes else None
