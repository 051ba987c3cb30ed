"""The REST channel, made to always answer and to refuse what is not a message.

If anything fails while handling a message (the action server is down or slow, an exception in
a policy), the person still gets a reply with the DMHC Help Center number and the 911 advice,
never silence. A request without a sender or a text message gets 400 (a missing sender would
otherwise mix strangers into one "default" conversation); a very long message is cut to
MAX_MESSAGE_CHARS. Nothing the person wrote is logged.

Retries are answered once: a request carrying an `X-Request-ID` header (nginx sets one that stays
the same when it retries on another server) whose message is already stored gets the stored
replies back instead of being handled a second time, so a turn is never stored twice.
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, Sanic
from sanic.exceptions import InvalidUsage as BadRequest
from sanic.request import Request

from bot.language import decide
from bot.replies import service_trouble
from channels import letters

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000
MAX_SENDER_CHARS = 128


def _json_body(request: Request) -> Dict[Text, Any]:
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - sanic raises its own error types for bad JSON
        body = None
    if not isinstance(body, dict):
        raise BadRequest("send a JSON object like {\"sender\": \"abc\", \"message\": \"hi\"}")
    return body


def stored_replies(tracker: Optional[DialogueStateTracker], message_id: Text) -> Optional[List[Dict[Text, Any]]]:
    """The bot's replies to the stored user turn `message_id`, or None if no such turn is stored."""
    events = list(tracker.events) if tracker else []
    for i, event in enumerate(events):
        if isinstance(event, UserUttered) and event.message_id == message_id:
            replies = []
            for later in events[i + 1:]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    replies.append({"text": later.text, **{k: v for k, v in (later.data or {}).items() if v}})
            return replies
    return None


class ResilientRestInput(RestInput):
    """Same URL and payload as Rasa's REST channel (/webhooks/rest/webhook)."""

    def __init__(self, turn_timeout: float = float(os.environ.get("TURN_TIMEOUT_SECONDS", 20))) -> None:
        self.turn_timeout = turn_timeout

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Dict[Text, Any]) -> "ResilientRestInput":
        credentials = credentials or {}
        return cls(float(credentials.get("turn_timeout", os.environ.get("TURN_TIMEOUT_SECONDS", 20))))

    async def _extract_sender(self, request: Request) -> Text:
        sender = _json_body(request).get("sender")
        if not isinstance(sender, (str, int)) or not str(sender).strip() or len(str(sender)) > MAX_SENDER_CHARS:
            raise BadRequest("\"sender\" must be a non-empty string (a conversation id)")
        return str(sender)

    def _extract_message(self, request: Request) -> Text:
        body = _json_body(request)
        message = body.get("message", "" if "attachment" in body else None)  # a letter may come alone
        if not isinstance(message, str):
            raise BadRequest("\"message\" must be a string")
        return message[:MAX_MESSAGE_CHARS]

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        request_id = request.headers.get("X-Request-ID")
        metadata = {"request_id": request_id[:MAX_SENDER_CHARS]} if request_id else {}
        body = _json_body(request)
        if "attachment" in body:  # read in letters.prepare, never stored
            metadata.update(letters.pending(*letters.from_json(body["attachment"]), self._extract_message(request)))
        return metadata or None

    async def _replayed(self, message: UserMessage) -> bool:
        """Answer a retried request from the stored conversation; True if it was one."""
        request_id = (message.metadata or {}).get("request_id")
        if not request_id:
            return False
        message.message_id = request_id
        tracker = await Sanic.get_app().ctx.agent.tracker_store.retrieve(message.sender_id)
        replies = stored_replies(tracker, request_id)
        if replies is None:
            return False
        logger.info("retried request answered from the stored conversation (%d replies)", len(replies))
        for reply in replies:
            await message.output_channel.send_response(message.sender_id, reply)
        return True

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def answered(message: UserMessage) -> None:
            output = message.output_channel
            before = len(output.messages) if isinstance(output, CollectingOutputChannel) else 0
            try:
                if await self._replayed(message):
                    return
                await letters.prepare(message)
                await asyncio.wait_for(on_new_message(message), timeout=self.turn_timeout)
            except asyncio.TimeoutError:
                logger.error("turn took longer than %s s; sent the fallback reply", self.turn_timeout)
            except Exception as error:  # noqa: BLE001 - whatever broke, the person gets a number
                logger.error("turn failed (%s); sent the fallback reply", type(error).__name__)
            if isinstance(output, CollectingOutputChannel) and len(output.messages) == before:
                # The conversation's language is unknown here: judge it from this message.
                await output.send_text_message(message.sender_id, service_trouble(language=decide(message.text or "", None) or "en")["text"])

        return super().blueprint(answered)
