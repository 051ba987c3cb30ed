"""A message that is only a phone number or a member ID, or that asks the assistant to look up a claim
or an account (probe s11 M01): the assistant cannot look anything up and keeps no identifiers, so it
says so kindly, asks not to send them (as the greeting does), and goes on with what happened."""

from __future__ import annotations

import re

from typing import Optional

from bot.knowledge import Knowledge
from bot.language import fold
from bot.messages import say
from bot.redact import redact
from bot.replies.common import problem_buttons, reply
from bot.reply_types import Reply

REMOVED = "[removed]"
# "can you look up my claim?", "check my account", "¿puede buscar mi reclamo?", "that's my member id"
LOOKUP = re.compile(
    r"\b(can|could|would|will) you\b.{0,15}\b(look\w*|pull\w*|check\w*|find|access|see)\b.{0,30}"
    r"\b(claims?|accounts?|records?|file)\b"
    r"|\b(puede|podria|pueden|podrian)\b.{0,15}\b(buscar?\w*|revis\w*|chec\w*|consult\w*|ver)\b.{0,30}"
    r"\b(reclamos?|reclamacion\w*|cuentas?|expediente|archivo)\b"
    r"|\b(that'?s|this is|here'?s|it'?s) my (member|id|policy|subscriber)\b"
    r"|\b(ese es|este es|aqui esta|es) mi (numero de miembro|id|identificacion|poliza)\b"
)


def identifier_only(text: str) -> bool:
    """Whether the message is nothing but identifiers (a phone number, a member ID), as redact() sees them."""
    left = redact(text or "", keep_dates=True)
    return left != (text or "") and not re.sub(r"[\W_]+", "", left.replace(REMOVED, ""))


def asks_lookup(text: str) -> bool:
    """Whether the message asks to look up a claim or an account, or gives an ID as one to look up."""
    return bool(LOOKUP.search(fold(text or "")))


def note(text: str, kb: Knowledge, asking: bool = False) -> Optional[Reply]:
    """The kind "I can't look that up" for such a message, or None. `asking`: a question follows (the
    form's), so no "What happened?" and no buttons here."""
    if not (identifier_only(text) or asks_lookup(text)):
        return None
    if asking:
        return reply(kb, say(kb.language, "privacy_no_lookup"), None)
    words = f"{say(kb.language, 'privacy_no_lookup')} {say(kb.language, 'privacy_what_happened')}"
    return reply(kb, words, problem_buttons(kb))
