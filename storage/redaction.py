"""Redact every field of a conversation's events that can carry what a person wrote.

The person's own messages (text, entities, metadata), every slot (the `problem_words` description
is kept for the case summary, so it is redacted like the text), and the assistant's messages and
cards (the case summary quotes the person: whatever was removed from their words is removed from
the quote too). Kept: intent names and identifiers the store needs (message ids), and the slots in
KEEP_SLOTS, which the assistant needs as they are (the letter's date counts the deadlines, if it
is recent: an old one is a date of birth taken for the letter's, and is dropped).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, List, Set

from rasa.shared.core.events import BotUttered, EntitiesAdded, Event, SlotSet, UserUttered

from bot.redact import MARK, find, recent, redact

LETTER_DATE = "letter_date"
# The deadline printed on a letter (a date the bot counted from the letter's, never a birth date).
KEEP_SLOTS = frozenset({LETTER_DATE, "language", "letter_deadline"})
# Keys whose values are labels or ids, never what a person wrote (message_id answers retries).
KEEP_KEYS = frozenset({"intent", "intent_ranking", "message_id", "request_id", "extractor", "entity"})
# Labels Rasa itself puts in a message's metadata, kept when they look like one: the model's id is 32
# hex digits, which the redaction of identifiers would remove (probe P50); anything else is redacted.
KEEP_LABELS = {"model_id": re.compile(r"[0-9a-f]{32}")}


class EventRedactor:
    """Redacts events in place; remembers what it removed from people's words for the quotes."""

    def __init__(self) -> None:
        self.removed: Set[str] = set()

    def text(self, text: str) -> str:
        self.removed.update(text[start:end] for start, end, _ in find(text))
        return redact(text)

    def known(self, text: str, keep_dates: bool = False) -> str:
        """A field that may quote the person (an entity, a slot, the case summary): whatever was
        removed from their words is removed here too, then the field is redacted itself."""
        for piece in sorted(self.removed, key=len, reverse=True):
            text = text.replace(piece, MARK)
        return self.text(text) if not keep_dates else redact(text, keep_dates=True)

    def quote(self, text: str) -> str:
        """The assistant's own words: dates stay (they are the deadlines it counted)."""
        return self.known(text, keep_dates=True)

    def value(self, value: Any, clean: Any) -> Any:
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, dict):
            return {k: (v if _kept(k, v) else self.value(v, clean)) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.value(v, clean) for v in value]
        return value

    def events(self, events: Iterable[Event]) -> None:
        events = list(events)
        for event in events:  # people's words first, so the quotes of them are known
            if isinstance(event, UserUttered):
                event.text = self.text(event.text) if event.text else event.text
                event.entities = self.value(event.entities, self.known)
                event.parse_data = self.value(event.parse_data, self.known)
                event.metadata = self.value(event.metadata, self.known)
            elif isinstance(event, SlotSet) and event.key == LETTER_DATE and not recent(str(event.value or "")):
                event.value = None  # a date of birth taken for the letter's date: not kept
            elif isinstance(event, SlotSet) and event.key not in KEEP_SLOTS:
                event.value = self.value(event.value, self.known)
            elif isinstance(event, EntitiesAdded):
                event.entities = self.value(event.entities, self.known)
        for event in events:
            if isinstance(event, BotUttered):
                event.text = self.quote(event.text) if event.text else event.text
                event.data = self.value(event.data, self.quote)


def _kept(key: str, value: Any) -> bool:
    label = KEEP_LABELS.get(key)
    return key in KEEP_KEYS or (label is not None and isinstance(value, str) and bool(label.fullmatch(value)))


def redact_events(events: Iterable[Event]) -> List[str]:
    """Redact `events` in place; returns the pieces removed from people's words."""
    redactor = EventRedactor()
    redactor.events(events)
    return sorted(redactor.removed)
