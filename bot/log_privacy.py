"""Keeps what people write out of every log line, Rasa's and the libraries' included.

Rasa logs the raw message in places this project does not own: a turn cancelled by a client
disconnect is logged at error level with its text, debug lines quote it, and structlog events carry
it in fields such as `text=`. So every log record is cleaned as it is made (a record factory, which
covers every logger and every handler, even ones configured later): the text of the turn in
progress is replaced, structlog's text-carrying fields are replaced, tokens in URLs are replaced,
and whatever looks like an identifier is redacted (bot.redact). The connectors call `hold(text)` when a message arrives.
"""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from typing import Any, Optional

from bot.redact import redact

HIDDEN = "[message text]"
# Shorter texts ("hi", "2", "yes") are not private, and replacing them would garble log lines.
MIN_HELD_CHARS = 4
# The structlog fields that carry conversation text in Rasa 3.6 (rasa.utils.log_utils._anonymizer).
TEXT_FIELDS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
    }
)

# Secrets in URLs and key=value pairs (the Graph API takes its page token as ?access_token=...).
_SECRET_PARAM = re.compile(r"\b((?:access_|auth_|api_)?token|api_key|secret|password|signature)=([^&\s'\"]+)", re.I)

_turn_text: ContextVar[Optional[str]] = ContextVar("turn_text", default=None)


def hold(text: Optional[str]) -> None:
    """Mark `text` as the message of the turn in progress (this task and the tasks it starts)."""
    _turn_text.set(text)


def clean(line: str) -> str:
    """`line` without the turn's text, structlog text fields or identifiers."""
    text = (_turn_text.get() or "").strip()
    if len(text) >= MIN_HELD_CHARS:
        for form in {text, json.dumps(text)[1:-1], repr(text)[1:-1]}:
            line = line.replace(form, HIDDEN)
    if line.startswith("{") and any(f'"{field}"' in line for field in TEXT_FIELDS):
        try:
            fields = json.loads(line)
        except ValueError:
            fields = None
        if isinstance(fields, dict):
            line = json.dumps({k: (HIDDEN if k in TEXT_FIELDS else v) for k, v in fields.items()})
    return redact(_SECRET_PARAM.sub(r"\1=[secret]", line))


class PrivateLogFilter(logging.Filter):
    """Rewrites a record's message (and traceback text) through `clean`; drops no record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: keep its template only
            message = str(record.msg)
        record.msg, record.args = clean(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = clean(logging.Formatter().formatException(record.exc_info))
        return True


_FILTER = PrivateLogFilter()


def install() -> None:
    """Clean every log record of this process from now on (idempotent)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "private", False):
        return

    def private_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        _FILTER.filter(record)
        return record

    private_record.private = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(private_record)
