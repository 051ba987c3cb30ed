"""Remove identifiers a person may type (SSN, member ID, date of birth, phone, email) from text.

Used before a conversation is stored: the assistant never needs them, and health conversations
must not keep them. Conservative on purpose: a plan name or "30 days" stays; anything that looks
like an identifier goes.
"""
from __future__ import annotations

import re
from typing import List, Tuple

MARK = "[removed]"

_PATTERNS: List[Tuple[str, "re.Pattern[str]"]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")),
    ("ssn", re.compile(r"\b\d{3}[-\s.]\d{2}[-\s.]\d{4}\b|\b(?<!\d)\d{9}(?!\d)\b")),
    ("phone", re.compile(r"(?<!\w)(\+?1[\s.-]?)?(\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?!\w)")),
    # Dates such as 4/12/1980, 04-12-80, 1980-04-12 (a date of birth or a claim date: neither is needed).
    ("date", re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})\b|\b\d{4}-\d{1,2}-\d{1,2}\b")),
    ("date", re.compile(
        r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)"
        r"\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}\b", re.I)),
    # Member, subscriber, policy or group numbers: a word with at least 5 digits, or what follows "ID".
    ("id", re.compile(r"\b(?:member|subscriber|policy|group|medi-?cal|cin|id)\s*(?:id|number|no\.?|#)?\s*[:#]?\s*([A-Z0-9-]*\d[A-Z0-9-]{3,})\b", re.I)),
    ("id", re.compile(r"\b(?=[A-Z0-9-]*\d{5})[A-Z0-9][A-Z0-9-]{4,}\b", re.I)),
]


def redact(text: str) -> str:
    """`text` with every identifier-looking part replaced by [removed]."""
    if not text:
        return text
    for _, pattern in _PATTERNS:
        text = pattern.sub(MARK, text)
    return text
