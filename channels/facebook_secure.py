"""Messenger through the Facebook Graph API: webhook checks done properly, replies shaped for Messenger.

Rasa's own facebook channel compares the X-Hub-Signature with `==` (a timing leak), answers a
mismatch with 200 "not validated", and sends options as at most three postback buttons. This
connector compares in constant time (hmac.compare_digest), checks X-Hub-Signature-256 (or the older
SHA-1 header), answers 403 to a bad signature or verify token before anything is processed, and
sends each bot message as bot.channel_format.messenger shapes it: quick replies for options, the
referral as a button template with a call button. A typed number picks an offered option too.
The Graph API client blocks, so its calls run in a thread, off Rasa's event loop.
"""
import asyncio
import hashlib
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from fbmessenger import MessengerClient
from fbmessenger.sender_actions import SenderAction
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import channel_format
from channels import letters
from channels.conversation import resolve_number

logger = logging.getLogger(__name__)

SIGNATURE_HEADERS = (("X-Hub-Signature-256", "sha256"), ("X-Hub-Signature", "sha1"))


class MessengerOutput(MessengerBot):
    """Sends whole bot messages in the Messenger shapes of bot.channel_format."""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        for payload in channel_format.messenger(message):
            await asyncio.to_thread(self.messenger_client.send, payload, recipient_id, "RESPONSE")

    async def send_action(self, recipient_id: Text, sender_action: Text) -> None:
        await asyncio.to_thread(self.messenger_client.send_action, SenderAction(sender_action).to_dict(), recipient_id)


class _Messenger(Messenger):
    """Rasa's webhook-event parser, answering through MessengerOutput and mapping typed numbers."""

    def __init__(self, client: MessengerClient, on_new_message: Callable[[UserMessage], Awaitable[Any]], agent: Any) -> None:
        super().__init__(client.page_access_token, on_new_message)
        self.client, self.agent = client, agent

    async def message(self, message: Dict[Text, Any], metadata: Optional[Dict[Text, Any]]) -> None:
        """An image or file is a letter to read (Rasa's parser would pass on its URL as text)."""
        media = await letters.messenger_media(message)
        if media is None:
            return await super().message(message, metadata)
        await self._handle_user_message("", self.get_user_id(), {**(metadata or {}), **media})

    async def _handle_user_message(self, text: Text, sender_id: Text, metadata: Optional[Dict[Text, Any]]) -> None:
        out = MessengerOutput(self.client)
        await out.send_action(sender_id, "mark_seen")
        await out.send_action(sender_id, "typing_on")
        try:
            text = await resolve_number(self.agent, sender_id, text)
            said = UserMessage(text, out, sender_id, input_channel=self.name(), metadata=metadata)
            await letters.prepare(said)  # a letter's photo or a pasted letter: only the fields read go on
            await self.on_new_message(said)
        except Exception:
            logger.exception("facebook webhook: the turn failed")
        finally:
            await out.send_action(sender_id, "typing_off")


class SecureFacebookInput(FacebookInput):
    """Rasa's facebook channel with constant-time checks and 403s (see the module docstring).

    Credentials: verify, secret, page-access-token; optional graph_api_url (tests only).
    """

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials or not credentials.get("verify") or not credentials.get("secret"):
            cls.raise_missing_credentials_exception()
        return cls(credentials["verify"], credentials["secret"], credentials.get("page-access-token"),
                   graph_api_url=credentials.get("graph_api_url"))

    def __init__(self, fb_verify: Text, fb_secret: Text, fb_access_token: Text, graph_api_url: Optional[Text] = None) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.graph_api_url = graph_api_url

    def client(self) -> MessengerClient:
        client = MessengerClient(self.fb_access_token)
        if self.graph_api_url:
            client.graph_url = f"{self.graph_api_url.rstrip('/')}/v{client.api_version}"
        return client

    def get_output_channel(self) -> MessengerOutput:
        return MessengerOutput(self.client())

    @staticmethod
    def validate_hub_signature(app_secret: Text, request_payload: bytes, hub_signature_header: Text) -> bool:
        """Whether `sha256=<hex>` (or `sha1=<hex>`) is the HMAC of the body with the app secret,
        compared in constant time."""
        method, _, signature = hub_signature_header.partition("=")
        if method not in ("sha256", "sha1") or not signature:
            return False
        expected = hmac.new(app_secret.encode("utf-8"), request_payload, getattr(hashlib, method)).hexdigest()
        return hmac.compare_digest(expected, signature)

    def is_signed(self, request: Request) -> bool:
        for header, method in SIGNATURE_HEADERS:
            if request.headers.get(header):
                value = request.headers[header]
                return value.startswith(f"{method}=") and self.validate_hub_signature(self.fb_secret, request.body, value)
        return False

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("facebook_secure_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if hmac.compare_digest(token.encode("utf-8"), self.fb_verify.encode("utf-8")):
                return response.text(request.args.get("hub.challenge") or "")
            logger.warning("facebook webhook: wrong verify token refused")
            return response.text("invalid verify token", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.is_signed(request):
                logger.warning("facebook webhook: request without a valid signature refused")
                return response.text("invalid signature", status=403)
            payload = request.json
            # Only messaging events are conversation; other page events (or none) are acknowledged.
            entries = [e for e in payload.get("entry") or [] if e.get("messaging")] if isinstance(payload, dict) else []
            messenger = _Messenger(self.client(), on_new_message, request.app.ctx.agent)
            await messenger.handle({"entry": entries}, self.get_metadata(request))
            return response.text("success")

        return webhook
