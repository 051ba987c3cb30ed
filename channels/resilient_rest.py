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
import contextlib
import logging
import os
import re
import signal
import time
from collections import deque
from typing import Any, AsyncContextManager, Awaitable, Callable, Deque, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, Sanic, response
from sanic.exceptions import InvalidUsage as BadRequest
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import log_privacy
from channels import api_guard
from bot.language import decide
from bot.replies import service_trouble
from channels import letters
from storage.lock_store import SQLiteLockStore

logger = logging.getLogger(__name__)


def _sigterm_ends_the_worker() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# A Sanic worker is forked after the main process set its SIGTERM handler, which only passes the
# signal on to the workers forked before it. A worker still starting would survive a stop (and the
# main process wait for it forever): from the fork on, SIGTERM ends it, until Sanic sets its own
# graceful handler once the worker serves.
os.register_at_fork(after_in_child=_sigterm_ends_the_worker)

MAX_MESSAGE_CHARS = 5000
# Without nginx in front, Sanic would accept 100 MB requests. A message is cut to MAX_MESSAGE_CHARS
# (at most 20 KB of UTF-8); a longer paste is still answered. A letter's photo or PDF may be 10 MB,
# about 13.4 MB in base64: anything past 16 MB is refused (413).
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", 16 * 1024 * 1024))
# Messages a minute from one client address (0: off, as behind nginx, which limits per client).
RATE_LIMIT_PER_MINUTE = int(os.environ.get("RATE_LIMIT_PER_MINUTE", 60))
MAX_SENDER_CHARS = 128
# A second request with the same X-Request-ID, sent at once, checks for the first one's answer this often.
REQUEST_LOCK_POLL_S = 0.1
# The id spaces of the SMS and Messenger channels (their pseudonyms). Any other id is the REST
# channel's own: Messenger users are stored under a keyed hash, so a raw Messenger id reaches nothing.
OTHER_CHANNELS_IDS = re.compile(r"^(?:sms-|fb-)", re.I)
# Loopback clients are this machine: the operator's own tools, or a local proxy that limits itself.
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def _json_body(request: Request) -> Dict[Text, Any]:
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - sanic raises its own error types for bad JSON
        body = None
    if not isinstance(body, dict):
        raise BadRequest('send a JSON object like {"sender": "abc", "message": "hi"}')
    return body


class _KeepLanguage(CollectingOutputChannel):
    """The REST collector, keeping the language each bot message was written in (actions/dispatch.py
    marks it): every JSON reply says it, so the web widget's own words follow the conversation."""

    def __init__(self, collector: CollectingOutputChannel) -> None:
        self.messages = collector.messages  # the same list: Rasa answers with the collector's messages

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        start, language = len(self.messages), message.get("language")
        await super().send_response(recipient_id, message)
        for sent in self.messages[start:] if language else ():
            sent["language"] = language


def stored_replies(tracker: Optional[DialogueStateTracker], message_id: Text) -> Optional[List[Dict[Text, Any]]]:
    """The bot's replies to the stored user turn `message_id`, or None if no such turn is stored."""
    events = list(tracker.events) if tracker else []
    for i, event in enumerate(events):
        if isinstance(event, UserUttered) and event.message_id == message_id:
            replies = []
            for later in events[i + 1 :]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    replies.append({"text": later.text, **{k: v for k, v in (later.data or {}).items() if v}})
            return replies
    return None


class RateLimit:
    """At most `per_minute` requests a minute per key, counted in a sliding window: in this process,
    or in `shared` (the lock store's file), which every worker of the server counts in."""

    def __init__(self, per_minute: int, shared: Optional[SQLiteLockStore] = None) -> None:
        self.per_minute = per_minute
        self.seen: Dict[Text, Deque[float]] = {}
        self.shared = shared

    def allows(self, key: Text, now: Optional[float] = None) -> bool:
        if self.per_minute <= 0:
            return True
        if self.shared is not None:
            return self.shared.allow_request(key, self.per_minute, time.time() if now is None else now)
        now = time.monotonic() if now is None else now
        times = self.seen.setdefault(key, deque())
        while times and times[0] <= now - 60:
            times.popleft()
        if len(times) >= self.per_minute:
            return False
        times.append(now)
        if len(self.seen) > 10000:  # forget quiet clients, so the table stays small
            self.seen = {k: v for k, v in self.seen.items() if v and v[-1] > now - 60}
        return True


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
            raise BadRequest('"sender" must be a non-empty string (a conversation id)')
        if OTHER_CHANNELS_IDS.match(str(sender)):
            # Another channel's conversation (an SMS or Messenger pseudonym, a raw Messenger id):
            # whoever knows the id must not continue it here and read the case summary back.
            raise BadRequest('"sender" is not a conversation id of this channel')
        return str(sender)

    def _extract_message(self, request: Request) -> Text:
        body = _json_body(request)
        message = body.get("message", "" if "attachment" in body else None)  # a letter may come alone
        if not isinstance(message, str):
            raise BadRequest('"message" must be a string')
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

    @staticmethod
    def _one_at_a_time(message: UserMessage) -> AsyncContextManager[Any]:
        """The same request sent twice at once (one `X-Request-ID`) is handled once: the second waits
        for the first, then is answered from the store (probe s10 M07). The lock store is the one the
        workers share, under its own key, so the conversation's own lock is untouched."""
        request_id = (message.metadata or {}).get("request_id")
        if not request_id:
            return contextlib.nullcontext()
        key = f"request:{message.sender_id}:{request_id}"
        return Sanic.get_app().ctx.agent.lock_store.lock(key, wait_time_in_seconds=REQUEST_LOCK_POLL_S)

    async def _answer(self, message: UserMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """Handle one message; whatever fails, the person gets a reply."""
        output = message.output_channel
        before = len(output.messages) if isinstance(output, CollectingOutputChannel) else 0
        if isinstance(output, CollectingOutputChannel):
            message.output_channel = _KeepLanguage(output)
        try:
            async with self._one_at_a_time(message):
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
            await output.send_text_message(
                message.sender_id, service_trouble(language=decide(message.text or "", None) or "en")["text"]
            )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's REST routes, with the receive path owned here: Rasa's logs the message text when
        the client goes away mid-turn. Here that turn finishes and is stored (a retry with the same
        X-Request-ID gets its replies), and the log line says only that the client left."""
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        limit = RateLimit(RATE_LIMIT_PER_MINUTE)
        api_guard.install(Sanic.get_app())  # the HTTP API's token check (channels/api_guard.py)

        @webhook.listener("before_server_start")
        async def request_size(app: Sanic, _: Any) -> None:
            app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES  # the whole server, every channel

        running: set = set()  # turns still going after their client left (kept from garbage collection)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            lock_store = getattr(getattr(request.app.ctx, "agent", None), "lock_store", None)
            if isinstance(lock_store, SQLiteLockStore):  # the workers count together
                limit.shared = lock_store
            if request.ip not in LOOPBACK and not limit.allows(request.ip):
                logger.warning("a client sent more than %d messages a minute; refused with 429", RATE_LIMIT_PER_MINUTE)
                return response.json({"error": "too many messages; wait a minute"}, status=429)
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            log_privacy.hold(text)
            collector = CollectingOutputChannel()
            message = UserMessage(
                text, collector, sender_id, input_channel=self.name(), metadata=self.get_metadata(request)
            )
            turn = asyncio.ensure_future(self._answer(message, on_new_message))
            running.add(turn)
            turn.add_done_callback(running.discard)
            try:
                await asyncio.shield(turn)
            except asyncio.CancelledError:
                logger.warning("the client left mid-turn; the turn is finished and stored without it")
                raise
            return response.json(collector.messages)

        return webhook
