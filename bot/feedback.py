"""'Did this help?': asked once after the referral, answered with a button (or 1/2 by SMS).

The question never blocks: it is a plain message with two buttons, and any other message goes on
as usual. The answer is kept as the `feedback` slot ("asked", then "yes" or "no"), an event in the
tracker store that the operator's report counts (tools/report.py). Pure Python, no Rasa imports.
"""

from __future__ import annotations

from typing import Optional

from bot.knowledge import Agency, Knowledge, default
from bot.messages import say
from bot.reply_types import Button, Reply
from bot.routing import Referral

SLOT = "feedback"
ASKED, YES, NO = "asked", "yes", "no"
# Button payloads: intents with no other meaning, so a tap is never mistaken for anything else.
INTENTS = {"feedback_yes": YES, "feedback_no": NO}


def question(kb: Optional[Knowledge] = None) -> Reply:
    lang = (kb or default()).language
    return Reply(
        say(lang, "feedback_question"),
        lang,
        (Button(say(lang, "feedback_yes"), "/feedback_yes"), Button(say(lang, "feedback_no"), "/feedback_no")),
    )


def thanks(answer: str, referral: Optional[Referral], kb: Optional[Knowledge] = None) -> Reply:
    """Thanks for the answer; after a "no", the number to call again (nobody is left without one)."""
    kb = kb or default()
    if answer == YES:
        return Reply(say(kb.language, "feedback_glad"), kb.language)
    caller = (referral.caller if referral else None) or kb.agencies["DMHC"]
    name = caller.short_name if isinstance(caller, Agency) else caller.name
    return Reply(
        say(kb.language, "feedback_sorry", agency=name[:1].upper() + name[1:], phone=caller.phone), kb.language
    )
