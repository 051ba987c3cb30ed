"""A message that is only a phone number or a member ID, or that asks the assistant to look up a claim
or an account (probe s11 M01): the assistant cannot look anything up and keeps no identifiers, so it
says so kindly, asks not to send them (as the greeting does), and goes on with what happened."""

from __future__ import annotations

import re

from typing import Optional

from bot.knowledge import Knowledge
from bot.messages import say
from bot.redact import MARK, redact
from bot.replies.common import problem_buttons, reply
from bot.reply_types import Reply
from bot.understanding.words import asks_lookup


def identifier_only(text: str) -> bool:
    """Whether the message is nothing but identifiers (a phone number, a member ID), as redact() sees them."""
    left = redact(text or "", keep_dates=True)
    return left != (text or "") and not re.sub(r"[\W_]+", "", left.replace(MARK, ""))


def note(text: str, kb: Knowledge, asking: bool = False) -> Optional[Reply]:
    """The kind "I can't look that up" for such a message, or None. `asking`: a question follows (the
    form's), so no "What happened?" and no buttons here."""
    if not (identifier_only(text) or asks_lookup(text)):
        return None
    if asking:
        return reply(kb, say(kb.language, "privacy_no_lookup"), None)
    words = f"{say(kb.language, 'privacy_no_lookup')} {say(kb.language, 'privacy_what_happened')}"
    return reply(kb, words, problem_buttons(kb))


def removed_line(text: str, kb: Knowledge) -> Optional[str]:
    """For a message that tells a story with a name, an ID, a phone number or an email in it: one line
    saying they were not kept and need not be sent (probe s12 8 c12, 9 c46: only the greeting said it),
    before the turn's first reply; None otherwise (a button, an identifier alone: note() says it)."""
    text = text or ""
    if text.startswith("/") or identifier_only(text) or asks_lookup(text) or redact(text, keep_dates=True) == text:
        return None  # note() says it
    return say(kb.language, "privacy_removed")
