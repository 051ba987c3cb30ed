"""The REST channel, made to always answer.

If anything fails while handling a message (the action server is down or slow, an exception in
a policy), the person still gets a reply with the DMHC Help Center number and the 911 advice,
never silence. Nothing the person wrote is logged.
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from bot.replies import service_trouble

logger = logging.getLogger(__name__)


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

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def answered(message: UserMessage) -> None:
            output = message.output_channel
            before = len(output.messages) if isinstance(output, CollectingOutputChannel) else 0
            try:
                await asyncio.wait_for(on_new_message(message), timeout=self.turn_timeout)
            except asyncio.TimeoutError:
                logger.error("turn took longer than %s s; sent the fallback reply", self.turn_timeout)
            except Exception as error:  # noqa: BLE001 - whatever broke, the person gets a number
                logger.error("turn failed (%s); sent the fallback reply", type(error).__name__)
            if isinstance(output, CollectingOutputChannel) and len(output.messages) == before:
                await output.send_text_message(message.sender_id, service_trouble()["text"])

        return super().blueprint(answered)
