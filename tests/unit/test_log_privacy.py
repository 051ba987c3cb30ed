"""No log line carries what a person wrote, an identifier or a token (bot/log_privacy.py)."""

import asyncio
import json
import logging

import pytest

from bot import log_privacy

TEXT = "me llamo José Quimby y Kaiser me negó la resonancia"


@pytest.fixture
def lines(caplog):
    log_privacy.install()
    caplog.set_level(logging.DEBUG)
    return lambda: "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)


def test_the_turns_text_is_dropped_from_any_logger_however_quoted(lines):
    log_privacy.hold(TEXT)
    logging.getLogger("rasa.core.processor").debug("Received user message '%s'", TEXT)
    logging.getLogger("sanic.error").error("escaped %s", json.dumps({"message": TEXT}))  # "neg\\u00f3"
    logging.getLogger("x").info("json %s", '{"text": "' + TEXT + '"}')
    assert "Quimby" not in lines() and "Kaiser me neg" not in lines()


def test_structlog_text_fields_are_dropped(lines):
    log_privacy.hold(None)
    logging.getLogger("rasa.core.channels.rest").error(
        '{"text": "a text of another turn", "event": "rest.message.received.timeout", "level": "error"}'
    )
    assert "another turn" not in lines() and "rest.message.received.timeout" in lines()


def test_identifiers_tokens_and_tracebacks_are_cleaned(lines):
    logging.getLogger("x").error("GET https://graph.facebook.com/v23.0/me/messages?access_token=EAAB-page-token&a=1")
    try:
        raise ValueError("member id XJK4471298 call 415-555-0134")
    except ValueError:
        logging.getLogger("x").exception("failed")
    assert "EAAB-page-token" not in lines() and "XJK4471298" not in lines() and "555-0134" not in lines()
    assert "failed" in lines() and "v23.0/me/messages" in lines()


def test_the_held_text_follows_the_task_that_holds_it(lines):
    async def turn(text, logged):
        log_privacy.hold(text)
        await asyncio.sleep(0)
        logging.getLogger("x").warning("turn: %s", text)

    async def both():
        await asyncio.gather(turn("first private text", 1), turn("second private text", 2))

    asyncio.run(both())
    assert "private text" not in lines()
