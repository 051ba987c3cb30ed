"""SMS through Twilio: signed requests only, and replies that fit SMS.

Rasa's own twilio channel takes any POST as coming from any phone number, sends every paragraph and
every button as its own SMS, and crashes on a request without Body (../shared/notes/rasa-3.6.md).
This connector answers 403 to a request whose X-Twilio-Signature does not verify, before anything
is processed; collects the bot's whole turn and sends it as the few SMS that
bot.channel_format.sms_turn makes of it; maps a reply "1", "2", ... to the option offered; and
answers the keywords HELP/AYUDA and START/RESTART itself, and maps STEPS, SUMMARY, DATES (PASOS,
RESUMEN, FECHAS) to the requests they name. STOP and Twilio's other opt-out words are left
to Twilio, which confirms them and blocks further messages: nothing is processed or sent.

Privacy: the conversation is stored under a pseudonym of the phone number (an HMAC keyed with a
key of its own, PSEUDONYM_KEY, so rotating the auth token orphans nothing), never the number; the
logs carry neither numbers nor message text. A MessageSid already stored in the conversation (a
retried or replayed request) is acknowledged and not handled again.
"""

import asyncio
import hashlib
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import parse_qs, urlsplit, urlunsplit

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from bot import channel_format, log_privacy
from bot.knowledge import default
from bot.language import decide
from bot.replies import service_trouble
from channels import letters
from channels.conversation import TurnCollector, already_handled, resolve_number

logger = logging.getLogger(__name__)

START_WORDS = {"START", "RESTART"}
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
# Twilio's webhook expects TwiML; an empty response means "nothing to say here" (replies go out
# through the REST API, where they can be counted and retried).
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

# The Twilio library logs every API request at INFO; keep that out of the assistant's INFO log.
_http_logger = logging.getLogger(f"{__name__}.http")
_http_logger.setLevel(logging.WARNING)


class _BaseUrlHttpClient(TwilioHttpClient):
    """Sends the Twilio library's requests to another base URL (a local fake of the API in tests)."""

    def __init__(self, base_url: Text) -> None:
        super().__init__(logger=_http_logger)
        self.base = urlsplit(base_url)

    def request(self, method: Text, url: Text, *args: Any, **kwargs: Any) -> Any:
        redirected = urlsplit(url)._replace(scheme=self.base.scheme, netloc=self.base.netloc)
        return super().request(method, urlunsplit(redirected), *args, **kwargs)


def form_fields(body: bytes) -> Optional[RequestParameters]:
    """The fields of a form-encoded body with empty values kept; None if it is not UTF-8."""
    try:
        return RequestParameters(parse_qs(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return None


class SignedTwilioInput(TwilioInput):
    """Rasa's twilio channel with signature checks and SMS-shaped turns (see the module docstring).

    Credentials: account_sid, auth_token, twilio_number, pseudonym_key (the key of the pseudonyms
    conversations are stored under); optional webhook_url (the public URL Twilio posts to, needed
    behind a proxy because Twilio signs that URL) and api_base_url (tests only).
    """

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials or not credentials.get("auth_token") or not credentials.get("pseudonym_key"):
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("account_sid"),
            credentials["auth_token"],
            credentials.get("twilio_number"),
            webhook_url=credentials.get("webhook_url"),
            api_base_url=credentials.get("api_base_url"),
            pseudonym_key=credentials["pseudonym_key"],
        )

    def __init__(
        self,
        account_sid: Optional[Text],
        auth_token: Text,
        twilio_number: Optional[Text],
        webhook_url: Optional[Text] = None,
        api_base_url: Optional[Text] = None,
        pseudonym_key: Text = "",
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.pseudonym_key = pseudonym_key
        self.validator = RequestValidator(auth_token)
        self.webhook_url = webhook_url
        http_client = _BaseUrlHttpClient(api_base_url) if api_base_url else TwilioHttpClient(logger=_http_logger)
        self.client = Client(account_sid, auth_token, http_client=http_client)

    def get_output_channel(self) -> Optional[OutputChannel]:
        """None: conversations are stored under a pseudonym, so a message the bot starts on its own
        (an external event) has no number to go to."""
        return None

    def is_signed(self, request: Request) -> bool:
        """Whether X-Twilio-Signature signs the URL and every posted field, empty ones included.

        Twilio signs fields it sends empty (ToCity=, ToZip= for toll-free numbers), and Sanic's
        request.form drops them, so the fields are parsed here from the raw body, blanks kept, and
        the request's form is replaced by them: the check and the handler read the same fields."""
        signature = request.headers.get("X-Twilio-Signature", "")
        fields = form_fields(request.body)
        if not signature or fields is None:
            return False
        request.parsed_form = fields
        return self.validator.validate(self.webhook_url or request.url, fields, signature)

    def conversation_id(self, phone: Text) -> Text:
        digest = hmac.new(self.pseudonym_key.encode(), phone.encode(), hashlib.sha256).hexdigest()
        return f"sms-{digest[:32]}"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("twilio_signed_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.is_signed(request):
                logger.warning("twilio webhook: request without a valid signature refused")
                return response.text("invalid signature", status=403)
            phone, text = request.form.get("From"), request.form.get("Body")
            log_privacy.hold(text)
            if not phone or text is None:
                return response.text("From and Body are required", status=400)
            sid = request.form.get("MessageSid")
            if sid and await already_handled(request.app.ctx.agent, self.conversation_id(phone), sid):
                logger.info("twilio webhook: a request already handled was acknowledged, not handled again")
                return response.text(EMPTY_TWIML, content_type="text/xml")
            try:
                bodies = await self.answer(phone, text, request, on_new_message)
            except Exception as error:  # noqa: BLE001 - whatever broke, the person gets a number
                logger.error("twilio webhook: the turn failed (%s)", type(error).__name__)
                bodies = []
            if not bodies and text.strip().upper() not in STOP_WORDS:
                # Never silence: the Help Center number and the 911 advice (bot.replies).
                bodies = [service_trouble(language=decide(text, None) or "en")["text"]]
            await self.send(phone, bodies)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return webhook

    async def answer(
        self, phone: Text, text: Text, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> List[Text]:
        """The SMS bodies that answer one incoming text."""
        keyword = text.strip().upper()
        if keyword in STOP_WORDS:
            return []
        if keyword in channel_format.HELP_KEYWORDS:
            return [channel_format.sms_help(default(channel_format.HELP_KEYWORDS[keyword]))]
        conversation = self.conversation_id(phone)
        if keyword in START_WORDS:
            texts = ["/restart", "/greet"]
        else:
            # Some carriers turn @ into an inverted exclamation mark (as in Rasa's channel).
            texts = [
                channel_format.sms_keyword(text)
                or await resolve_number(request.app.ctx.agent, conversation, text.replace("\u00a1", "@"))
            ]
        turn = TurnCollector()
        # A photo of the plan's letter (MMS): read in letters.prepare, never stored.
        media = (
            {}
            if keyword in START_WORDS
            else await letters.twilio_media(request.form, (self.account_sid, self.auth_token))
        )
        for n, said in enumerate(texts):
            sid = request.form.get("MessageSid") if n == len(texts) - 1 else None  # the id marks the person's own turn
            said_message = UserMessage(
                said,
                turn,
                conversation,
                input_channel=self.name(),
                metadata={**(self.get_metadata(request) or {}), **media} or None,
                message_id=sid,
            )
            await letters.prepare(said_message)
            await on_new_message(said_message)
        return channel_format.sms_turn(turn.messages)

    async def send(self, phone: Text, bodies: List[Text]) -> None:
        """Send each body through Twilio's REST API, off the event loop (the library blocks)."""
        for body in bodies:
            try:
                await asyncio.to_thread(self.client.messages.create, to=phone, from_=self.twilio_number, body=body)
            except TwilioRestException as error:
                logger.error("twilio send failed: status=%s code=%s", error.status, error.code)
                return
