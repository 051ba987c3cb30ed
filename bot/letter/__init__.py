"""Reading a plan's letter: a photo, a PDF or pasted text in, the case's fields out.

`read_upload(bytes)` checks the limits and reads the file in memory (bot.letter.intake, OCR in
bot.letter.ocr); `read_pasted(text)` tells a pasted letter from a message; bot.letter.fields turns
the letter's text into the fields the conversation uses. Nothing here keeps the file or its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from bot.letter.fields import LetterFields, looks_like_text, read_fields
from bot.letter.intake import LetterError, letter_text

# A pasted message is taken for a letter only when it is long and reads like one.
PASTED_MIN_CHARS = 250
LETTER_MARKERS = re.compile(
    r"\b(dear|sincerely|member id|member number|notice|estimad[oa]|atentamente|numero de miembro|aviso|"
    r"your (request|claim|appeal)|su (solicitud|reclamo|apelacion))\b"
)
# A plan's letter speaks to "you"; a person's own story says "I" and "my", even one written as a letter
# to an advice column ("Dear columnist: I buy my plan through... they sent a notice"): that stays the
# person's story, read for its kind of problem (issue 14), not a letter with the four reasons only.
FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|i'd|my|me|mine|myself|yo|mi|mis|conmigo)\b")
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|usted|ustedes)\b")


@dataclass
class Reading:
    """What was read (fields), or why nothing could be (error: a LetterError kind)."""

    fields: Optional[LetterFields] = None
    error: Optional[str] = None


def _as_letter(text: str, today: Optional[date]) -> Reading:
    fields = read_fields(text, today)
    if not (fields.plan or fields.coverage or fields.problem):
        return Reading(error="not_a_letter")
    return Reading(fields=fields)


def read_upload(data: bytes, today: Optional[date] = None) -> Reading:
    """Read a photo or PDF of a letter; the bytes are not kept."""
    try:
        return _as_letter(letter_text(data), today)
    except LetterError as error:
        return Reading(error=error.kind)


def read_pasted(text: str, today: Optional[date] = None) -> Optional[LetterFields]:
    """The fields of a letter pasted as a message, or None when the message is not one."""
    from bot.language import fold

    folded = fold(text or "").replace("\u2019", "'")
    if len(text or "") < PASTED_MIN_CHARS or not looks_like_text(text) or not LETTER_MARKERS.search(folded):
        return None
    if told_by_the_person(folded):
        return None
    reading = _as_letter(text, today)
    fields = reading.fields
    if fields is None or not (fields.letter_date or fields.problem):
        return None  # a long story that names a plan is still the person's story
    return fields


def told_by_the_person(folded: str) -> bool:
    """Whether a (folded) text is told in the first person more than it speaks to "you": a story."""
    first = len(FIRST_PERSON.findall(folded))
    return first >= 1 and first > len(SECOND_PERSON.findall(folded))


__all__ = ["LetterError", "LetterFields", "Reading", "read_fields", "read_pasted", "read_upload"]
