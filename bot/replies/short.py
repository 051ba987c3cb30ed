"""The short answers: a date noted, OK, the language switched, a person to talk to, an emergency,
not understood, hello, deleted, and the answer when something inside fails (always with a number)."""

from __future__ import annotations

from datetime import date
from typing import Optional

from bot.dates import format_date
from bot.knowledge import Knowledge
from bot.messages import say
from bot.replies.common import call_line, caller_name, kb_for, problem_buttons, reply
from bot.reply_types import ConversationDeleted, Reply
from bot.routing import Referral, human_line
from bot.knowledge import default


def date_noted(given: date, kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    return reply(kb, say(kb.language, "date_noted", date=format_date(given, kb.language)))


def no_letter(kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    return reply(kb, say(kb.language, "no_letter_ok"))


def acknowledged(kb: Optional[Knowledge] = None, unsure: bool = False) -> Reply:
    """ "ok" after the referral; `unsure`: "I don't know" gets "That's OK", never "Very good" (probe P36)."""
    kb = kb or default()
    return reply(kb, say(kb.language, "acknowledged_unsure" if unsure else "acknowledged"))


def language_switched(kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    dmhc = kb.agencies["DMHC"]
    help_line = say(kb.language, "language_help", agency=dmhc.short_name, phone=dmhc.phone)
    return reply(kb, f"{say(kb.language, 'language_switched')} {help_line}")


def after_referral(ref: Referral, kb: Optional[Knowledge] = None) -> Reply:
    """Something I can't answer after the referral: the routed number, not the start menu."""
    kb = kb or default()
    caller = ref.caller or kb.agencies["DMHC"]
    name = caller_name(caller)
    return reply(kb, say(kb.language, "after_referral", agency=name[:1].upper() + name[1:], phone=caller.phone))


def imr_answer(topic: str, kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    """Answers to 'what is an IMR', 'does it cost', 'who reviews it'."""
    kb = kb_for(kb, language)
    imr = kb.faq["imr"]
    texts = {
        "what": f"{imr['what']} {imr['when']}",
        "cost": f"{imr['cost']} {imr['effect']}",
        "who": f"{imr['who']} {imr['effect']}",
    }
    return reply(kb, texts[topic])


def handoff(
    coverage: Optional[str], problem: Optional[str], kb: Optional[Knowledge] = None, language: str = "en"
) -> Reply:
    kb = kb_for(kb, language)
    agency = human_line(coverage, problem, kb)
    return reply(
        kb, say(kb.language, "handoff", line=call_line(agency, kb.language), notes=" ".join(agency.notes)).strip()
    )


def emergency(kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    kb = kb_for(kb, language)
    return reply(kb, f"{kb.faq['emergency']} {say(kb.language, 'emergency_then')}")


def not_understood(
    kb: Optional[Knowledge] = None,
    out_of_scope: bool = False,
    language: str = "en",
    again: bool = False,
    offer_language: bool = False,
    frustrated: bool = False,
) -> Reply:
    """For input outside a question: say what I can do, offer the options and a number to call;
    `again`: said already, so shorter and in other words; `offer_language`: nothing has shown the
    conversation's language yet (an emoji first), so the other language is offered, as the greeting does;
    `frustrated`: anger and nothing else ("this is useless"), met with kind words, not "I didn't understand"."""
    kb = kb_for(kb, language)
    dmhc = kb.agencies["DMHC"]
    if again and not frustrated:
        return reply(
            kb, say(kb.language, "not_understood_again", agency=dmhc.short_name, phone=dmhc.phone), problem_buttons(kb)
        )
    opening = say(kb.language, "out_of_scope" if out_of_scope else "not_understood")
    if frustrated:
        opening = say(kb.language, "not_understood_frustrated")
    text = say(kb.language, "what_i_do", opening=opening, agency=dmhc.short_name, phone=dmhc.phone)
    if offer_language:
        text = f"{text} {say(kb.language, 'other_language')}"
    return reply(kb, text, problem_buttons(kb))


def foreign_language(kb: Knowledge) -> str:
    """For a message in a language the assistant does not speak: the languages it does, and the Help
    Center, which helps in many (F1.23)."""
    dmhc = kb.agencies["DMHC"]
    return say(kb.language, "foreign_language", agency=dmhc.short_name, phone=dmhc.phone)


def greeting(kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    kb = kb_for(kb, language)
    return reply(kb, say(kb.language, "greeting"))


def deleted(kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    kb = kb_for(kb, language)
    dmhc = kb.agencies["DMHC"]
    return reply(kb, say(kb.language, "deleted", agency=dmhc.short_name, phone=dmhc.phone)).with_card(
        ConversationDeleted()
    )


def service_trouble(kb: Optional[Knowledge] = None, language: str = "en") -> Reply:
    """When something inside the assistant fails: still a number to call, and the 911 advice."""
    kb = kb_for(kb, language)
    dmhc = kb.agencies["DMHC"]
    return reply(
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
