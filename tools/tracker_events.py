"""Read the tracker store's `events` table for the operator's tools (report, review), fast.

Reads the table Rasa's SQLTrackerStore writes (SQLite, or PostgreSQL through DATABASE_URL as in
storage/), with SQLAlchemy alone: no Rasa import, so a report over 100,000 conversations starts at
once. Only the JSON the tools need is fetched (user messages, a few slots, the referral card, SMS
turns); the rest stays in the database.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import sqlalchemy as sa
import yaml

ROOT = Path(__file__).resolve().parents[1]
# Slots the tools read (the `action_name` column holds a slot event's slot name).
SLOTS = ("language", "requested_slot", "feedback")
# Below this intent confidence a message counts as "unsure" (the FallbackClassifier in config.yml
# answers with the fallback below 0.5; between 0.5 and this the guess was often wrong).
LOW_CONFIDENCE = 0.7
FALLBACK_INTENT = "nlu_fallback"
# The assistant's "I didn't understand" answers (actions/answers.py): whatever the NLU said, the
# message was not understood.
FALLBACK_ACTIONS = ("action_not_understood", "action_out_of_scope")
SMS_PREFIX = "sms-"  # channels/twilio_signed.py stores SMS conversations under sms-<pseudonym>
CHANNELS = {"rest": "web", "twilio": "sms", "facebook": "messenger"}
_INTENT = re.compile(r'"intent": (\{[^{}]*\})')
_CONFIDENCE = re.compile(r'"confidence": ([-+.0-9eE]+)')
_CHANNEL = re.compile(r'"input_channel": "([^"]*)"')
_TIMESTAMP = re.compile(r'"timestamp": [-+.0-9eE]+')
FETCH = 20_000


class _Parsed(dict):
    """Stored JSON, parsed once per distinct text (the same bot message or slot value recurs in
    thousands of conversations; only its timestamp differs)."""

    def __missing__(self, key: str) -> Dict[str, Any]:
        value = self[key] = json.loads(key)
        return value


def database_url(endpoints: Path = ROOT / "endpoints.yml") -> str:
    """DATABASE_URL if set (as the tracker store reads it), else the SQLite file in endpoints.yml."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return "postgresql://" + url[len("postgres://") :] if url.startswith("postgres://") else url
    store = yaml.safe_load(endpoints.read_text())["tracker_store"]
    path = Path(store.get("db", "rasa.db"))
    return f"sqlite:///{path if path.is_absolute() else (endpoints.parent / path)}"


def day_bounds(since: Optional[date], until: Optional[date]) -> Tuple[Optional[float], Optional[float]]:
    """UTC timestamps for a window of whole days, `until` included."""

    def ts(day: date) -> float:
        return datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()

    return (ts(since) if since else None, ts(until + timedelta(days=1)) if until else None)


def day_of(timestamp: float) -> str:
    return _day(int(timestamp // 86400))


@lru_cache(maxsize=4096)
def _day(days: int) -> str:
    return datetime.fromtimestamp(days * 86400, timezone.utc).date().isoformat()


@dataclass
class Message:
    """One user message: what the NLU made of it (text only when asked for)."""

    timestamp: float
    intent: Optional[str]
    confidence: float
    text: Optional[str] = None
    fallback_reply: bool = False  # answered with "I didn't understand"

    @property
    def fallback(self) -> bool:
        return self.intent == FALLBACK_INTENT or self.fallback_reply

    @property
    def unsure(self) -> bool:
        """Answered with the fallback, or guessed with low confidence (a payload never is)."""
        return self.fallback or self.confidence < LOW_CONFIDENCE


@dataclass
class Conversation:
    """What the operator's tools need from one conversation (one sender id)."""

    sender: str
    channel: str = "unknown"
    language: str = "en"
    started: Optional[float] = None
    messages: List[Message] = field(default_factory=list)
    referrals: List[Dict[str, Any]] = field(default_factory=list)  # the cards, in order
    referral_turns: Optional[int] = None  # user messages up to the first referral
    referral_seconds: Optional[float] = None
    last_question: Optional[str] = None  # the last form question asked
    feedback: Optional[str] = None
    # (time, the stored bot events of one SMS turn): shared parsed dicts, so equal turns are cheap to spot
    sms_turns: List[Tuple[float, List[Dict[str, Any]]]] = field(default_factory=list)


def _query(since: Optional[float], until: Optional[float]) -> str:
    """Only the rows the tools read, with the JSON only where it is needed."""
    slots = ", ".join(f"'{s}'" for s in SLOTS)
    actions = ", ".join(f"'{a}'" for a in ("action_give_referral", *FALLBACK_ACTIONS))
    conditions = [
        f"(type_name IN ('user', 'bot') OR (type_name = 'slot' AND action_name IN ({slots}))"
        f" OR (type_name = 'action' AND action_name IN ({actions})))",
        "timestamp >= :since" if since else "",
        "timestamp < :until" if until else "",
    ]
    data = f"CASE WHEN type_name = 'bot' AND NOT (data LIKE '%\"referral\"%' OR sender_id LIKE '{SMS_PREFIX}%') THEN NULL ELSE data END"
    return (
        f"SELECT sender_id, type_name, timestamp, intent_name, action_name, {data} FROM events "
        f"WHERE {' AND '.join(filter(None, conditions))} ORDER BY id"
    )


def _message(timestamp: float, intent: Optional[str], data: str, with_text: bool) -> Message:
    found = _INTENT.search(data)
    number = _CONFIDENCE.search(found.group(1)) if found else None
    confidence = float(number.group(1)) if number else 0.0
    text = json.loads(data).get("text") if with_text else None
    return Message(timestamp, intent, confidence, text)


class _Builder:
    """Builds one Conversation from its events, fed in the order they were stored."""

    def __init__(self, sender: str, with_text: bool, parsed: _Parsed) -> None:
        self.conv = Conversation(sender)
        self.parsed = parsed
        self.with_text = with_text
        self.sms = sender.startswith(SMS_PREFIX)
        self.turn: List[Dict[str, Any]] = []
        self.turn_time = 0.0
        self.referral_pending = False

    def add(
        self, kind: str, timestamp: float, intent: Optional[str], action: Optional[str], data: Optional[str]
    ) -> None:
        conv = self.conv
        if kind == "user":
            if conv.started is None:
                conv.started = timestamp
                found = _CHANNEL.search(data or "")
                conv.channel = CHANNELS.get(found.group(1), found.group(1)) if found else "unknown"
            self._end_turn()
            conv.messages.append(_message(timestamp, intent, data or "{}", self.with_text))
        elif kind == "slot" and data:
            value = self.parsed[_TIMESTAMP.sub('"timestamp": 0', data)].get("value")
            if action == "language" and value:
                conv.language = value
            elif action == "requested_slot" and value:
                conv.last_question = value
            elif action == "feedback" and value and conv.feedback in (None, "asked"):
                conv.feedback = value  # the first answer counts
        elif kind == "action" and action in FALLBACK_ACTIONS:
            if conv.messages:
                conv.messages[-1].fallback_reply = True
        elif kind == "action" and action == "action_give_referral":
            self.referral_pending = True
            if conv.referral_turns is None and conv.started is not None:
                conv.referral_turns = len(conv.messages)
                conv.referral_seconds = timestamp - conv.started
        elif kind == "bot" and data:
            message = self.parsed[_TIMESTAMP.sub('"timestamp": 0', data)]
            extra = message.get("data") or {}
            card = (extra.get("custom") or {}).get("referral")
            if card and self.referral_pending:
                conv.referrals.append(card)
                self.referral_pending = False
            if self.sms:
                self.turn_time = self.turn_time if self.turn else timestamp
                self.turn.append(message)

    def _end_turn(self) -> None:
        if self.turn:
            self.conv.sms_turns.append((self.turn_time, self.turn))
            self.turn = []

    def done(self) -> Conversation:
        self._end_turn()
        return self.conv


def conversations(
    url: str, since: Optional[date] = None, until: Optional[date] = None, with_text: bool = False
) -> Iterator[Conversation]:
    """Every conversation with an event in the window (only its events in the window count)."""
    start, end = day_bounds(since, until)
    engine = sa.create_engine(url)
    builders: Dict[str, _Builder] = {}
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("events"):
                return
            params = {k: v for k, v in (("since", start), ("until", end)) if v is not None}
            statement = sa.text(_query(start, end)).bindparams(**params).compile(connection)
            # The database driver's own cursor, in batches: SQLAlchemy's row objects cost more than
            # the rest of the report. In storage order: ordering by sender would read at random.
            cursor = connection.connection.cursor()
            cursor.execute(
                str(statement),
                statement.params
                if connection.dialect.paramstyle != "qmark"
                else [statement.params[name] for name in statement.positiontup],
            )
            parsed = _Parsed()
            while True:
                rows = cursor.fetchmany(FETCH)
                if not rows:
                    break
                for sender, kind, timestamp, intent, action, data in rows:
                    builder = builders.get(sender)
                    if builder is None:
                        builder = builders[sender] = _Builder(sender, with_text, parsed)
                    builder.add(kind, timestamp, intent, action, data)
            cursor.close()
    finally:
        engine.dispose()
    for builder in builders.values():
        yield builder.done()
