"""Messenger through the Facebook Graph API: webhook checks done properly, replies shaped for Messenger.

Rasa's own facebook channel compares the X-Hub-Signature with `==` (a timing leak), answers a
mismatch with 200 "not validated", and sends options as at most three postback buttons. This
connector compares in constant time (hmac.compare_digest), checks X-Hub-Signature-256 (or the older
SHA-1 header), answers 403 to a bad signature or verify token before anything is processed, and
sends each bot message as bot.channel_format.messenger shapes it: quick replies for options, the
referral as a button template with a call button. A typed number picks an offered option too.
The Graph API client blocks, so its calls run in a thread, off Rasa's event loop.

A signed delivery is acknowledged at once and answered in the background, with bounded retries
of the Graph API; a failure is logged by kind, never with its URL (which holds the page token).
Privacy: conversations are stored under a keyed hash of the person's page-scoped id (the key is
PSEUDONYM_KEY), and only what a person wrote or tapped reaches Rasa.
"""

import asyncio
import hashlib
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Set, Text

from fbmessenger import MessengerClient
from fbmessenger.sender_actions import SenderAction
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import channel_format, log_privacy
from channels import letters
from channels.conversation import already_handled, resolve_number

logger = logging.getLogger(__name__)

SIGNATURE_HEADERS = (("X-Hub-Signature-256", "sha256"), ("X-Hub-Signature", "sha1"))
# The one place for the Graph API version (Meta retires each about two years after its release).
GRAPH_API_VERSION = "23.0"
SEND_ATTEMPTS = 3
RETRY_SECONDS = 0.5  # doubled after each failed attempt


class GraphCallFailed(Exception):
    """A Graph API call that failed; its message names the kind of failure only (the errors of
    `requests` carry the URL, and with it the page access token)."""


def _graph_call(call: Callable[..., Any], *args: Any) -> Any:
    try:
        result = call(*args)
    except Exception as error:  # noqa: BLE001 - whatever it was, its text may hold the token
        raise GraphCallFailed(type(error).__name__) from None
    if isinstance(result, dict) and result.get("error"):
        raise GraphCallFailed(f"Graph API error code {result['error'].get('code')}")
    return result


class MessengerOutput(MessengerBot):
    """Sends whole bot messages to one person in the Messenger shapes of bot.channel_format, with
    bounded retries. Conversations are stored under a pseudonym, so the person's page-scoped id
    is given here rather than taken from the conversation id."""

    def __init__(self, messenger_client: MessengerClient, psid: Text) -> None:
        super().__init__(messenger_client)
        self.psid = psid

    async def _call(self, attempts: int, call: Callable[..., Any], *args: Any) -> None:
        delay = RETRY_SECONDS
        for attempt in range(1, attempts + 1):
            try:
                await asyncio.to_thread(_graph_call, call, *args)
                return
            except GraphCallFailed as error:
                if attempt == attempts:
                    logger.error("messenger: a Graph API call failed %d time(s) (%s)", attempt, error)
                    return
                await asyncio.sleep(delay)
                delay *= 2

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        for payload in channel_format.messenger(message):
            await self._call(SEND_ATTEMPTS, self.messenger_client.send, payload, self.psid, "RESPONSE")

    async def send_action(self, recipient_id: Text, sender_action: Text) -> None:
        # "Seen" and "typing" are courtesies: one attempt, never a reason to hold up the turn.
        await self._call(1, self.messenger_client.send_action, SenderAction(sender_action).to_dict(), self.psid)


def said(event: Dict[Text, Any]) -> Optional[Text]:
    """What a person wrote or tapped in one messaging event; None for anything else."""
    message = event.get("message") or {}
    if message.get("is_echo"):
        return None
    payload = (message.get("quick_reply") or {}).get("payload") or (event.get("postback") or {}).get("payload")
    if isinstance(payload, str) and payload:
        return payload
    text = message.get("text")
    return text if isinstance(text, str) else None


def event_kind(event: Dict[Text, Any]) -> Text:
    """A label for the log (never the content)."""
    message = event.get("message") or {}
    if message.get("is_echo"):
        return "echo"
    if message.get("attachments"):
        return "attachment"
    return next((k for k in ("read", "delivery", "reaction", "optin", "referral", "postback") if k in event), "other")


class _Messenger(Messenger):
    """Every messaging event of a delivery in order, answered through MessengerOutput, with typed
    numbers mapped to options. Only what a person wrote or tapped goes on: echoes of the page's own
    messages (the case summary), reads, locations, links and other events are dropped here, before
    Rasa's parser, which logs whole events it cannot handle. A message id already stored in the
    conversation (a retried or replayed delivery) is skipped."""

    def __init__(
        self,
        client: MessengerClient,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any,
        conversation_id: Callable[[Text], Text],
    ) -> None:
        super().__init__(client.page_access_token, on_new_message)
        self.client, self.agent, self.conversation_id = client, agent, conversation_id

    async def handle(self, payload: Dict, metadata: Optional[Dict[Text, Any]]) -> None:
        for entry in payload.get("entry") or []:
            for event in entry.get("messaging") or []:
                psid, text = (event.get("sender") or {}).get("id"), said(event)
                # An image or file is a letter to read: only the fields read go on (channels/letters.py).
                media = (
                    await letters.messenger_media(event)
                    if psid and text is None and not (event.get("message") or {}).get("is_echo")
                    else None
                )
                if media is not None:
                    mid = (event.get("message") or {}).get("mid")
                    await self._handle_user_message("", psid, {**(metadata or {}), **media}, mid)
                    continue
                if not psid or text is None:
                    logger.info("messenger: a %s event was not processed", event_kind(event))
                    continue
                mid = (event.get("message") or event.get("postback") or {}).get("mid")
                await self._handle_user_message(text, psid, metadata, mid)

    async def _handle_user_message(
        self, text: Text, psid: Text, metadata: Optional[Dict[Text, Any]], mid: Optional[Text] = None
    ) -> None:
        log_privacy.hold(text)
        conversation = self.conversation_id(psid)
        if mid and await already_handled(self.agent, conversation, mid):
            logger.info("messenger: a delivery already handled was skipped")
            return
        out = MessengerOutput(self.client, psid)
        await out.send_action(psid, "mark_seen")
        await out.send_action(psid, "typing_on")
        try:
            text = await resolve_number(self.agent, conversation, text)
            message = UserMessage(text, out, conversation, input_channel=self.name(), metadata=metadata, message_id=mid)
            await letters.prepare(message)  # a pasted letter: only the fields read go on
            await self.on_new_message(message)
        except Exception as error:  # noqa: BLE001 - logged by kind only: a traceback can carry the text
            logger.error("facebook webhook: the turn failed (%s)", type(error).__name__)
        finally:
            await out.send_action(psid, "typing_off")


class SecureFacebookInput(FacebookInput):
    """Rasa's facebook channel with constant-time checks and 403s (see the module docstring).

    Credentials: verify, secret, page-access-token, pseudonym_key (the key of the keyed hash that
    conversations are stored under); optional graph_api_url (tests only).
    """

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials or not all(credentials.get(k) for k in ("verify", "secret", "pseudonym_key")):
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["verify"],
            credentials["secret"],
            credentials.get("page-access-token"),
            graph_api_url=credentials.get("graph_api_url"),
            pseudonym_key=credentials["pseudonym_key"],
        )

    def __init__(
        self,
        fb_verify: Text,
        fb_secret: Text,
        fb_access_token: Text,
        graph_api_url: Optional[Text] = None,
        pseudonym_key: Text = "",
    ) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.graph_api_url = graph_api_url
        self.pseudonym_key = pseudonym_key
        self.running: Set[asyncio.Future] = set()  # turns answered after the webhook was acknowledged

    def client(self) -> MessengerClient:
        client = MessengerClient(self.fb_access_token, api_version=GRAPH_API_VERSION)
        if self.graph_api_url:
            client.graph_url = f"{self.graph_api_url.rstrip('/')}/v{GRAPH_API_VERSION}"
        return client

    def get_output_channel(self) -> None:
        """None: conversations are stored under a pseudonym, so a message the bot starts on its own
        (an external event) has no one to go to."""
        return None

    def conversation_id(self, psid: Text) -> Text:
        """The keyed hash a Messenger user's conversation is stored under (never the raw id)."""
        return "fb-" + hmac.new(self.pseudonym_key.encode(), psid.encode(), hashlib.sha256).hexdigest()[:32]

    @staticmethod
    def validate_hub_signature(app_secret: Text, request_payload: bytes, hub_signature_header: Text) -> bool:
        """Whether `sha256=<hex>` (or `sha1=<hex>`) is the HMAC of the body with the app secret,
        compared in constant time."""
        method, _, signature = hub_signature_header.partition("=")
        if method not in ("sha256", "sha1") or not signature:
            return False
        expected = hmac.new(app_secret.encode("utf-8"), request_payload, getattr(hashlib, method)).hexdigest()
        # As bytes: compare_digest raises on a str that is not ASCII (a forged header), which was a 500.
        return hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "surrogateescape"))

    def is_signed(self, request: Request) -> bool:
        for header, method in SIGNATURE_HEADERS:
            if request.headers.get(header):
                value = request.headers[header]
                return value.startswith(f"{method}=") and self.validate_hub_signature(
                    self.fb_secret, request.body, value
                )
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
            try:
                payload = request.json
            except Exception:  # noqa: BLE001 - sanic's own error types for bad JSON
                payload = None
            # Only messaging events are conversation; other page events (or none) are acknowledged.
            entries = [e for e in payload.get("entry") or [] if e.get("messaging")] if isinstance(payload, dict) else []
            messenger = _Messenger(self.client(), on_new_message, request.app.ctx.agent, self.conversation_id)
            # Acknowledged at once, answered in the background: Meta retries a delivery that fails
            # or is slow (duplicate turns) and disables a webhook that keeps failing.
            turn = asyncio.ensure_future(messenger.handle({"entry": entries}, self.get_metadata(request)))
            self.running.add(turn)
            turn.add_done_callback(self.running.discard)
            return response.text("success")

        return webhook
