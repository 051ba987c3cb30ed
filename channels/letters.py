"""A letter sent on any channel becomes one message: `/share_letter`, with only the fields read in
its metadata (bot/letter/case.py). The file or pasted letter never reaches Rasa, the tracker store
or the logs; it is read in memory, off the event loop, and dropped.

The connectors' hooks are small: REST passes the JSON `attachment`, SMS and Messenger pass the
bytes they fetched (fetch_media). A long pasted letter is recognised in any channel's text.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
from typing import Any, Dict, Optional, Text, Tuple

import requests
from rasa.core.channels.channel import UserMessage

from bot.letter import read_pasted, read_upload
from bot.context import WORDS_LIMIT
from bot.letter.case import LETTER, LETTER_ERROR, LETTER_NOTE, stored_fields
from bot.redact import redact
from bot.letter.intake import MAX_BYTES

logger = logging.getLogger(__name__)

SHARE = "/share_letter"
UPLOAD = "_letter_upload"  # metadata key between a connector's parsing and prepare(); popped there
FETCH_TIMEOUT = 15


def from_json(attachment: Any) -> Tuple[Optional[bytes], Optional[str]]:
    """(bytes, None) from the REST contract's {"name", "content_type", "data": base64}, or (None, error kind)."""
    if not isinstance(attachment, dict) or not isinstance(attachment.get("data"), str):
        return None, "unreadable"
    encoded = attachment["data"]
    if len(encoded) > MAX_BYTES * 4 // 3 + 8:
        return None, "too_large"
    try:
        return base64.b64decode(encoded, validate=False), None
    except (binascii.Error, ValueError):
        return None, "unreadable"


def fetch_media(
    url: Text, auth: Optional[Tuple[str, str]] = None, params: Optional[Dict[str, str]] = None
) -> Tuple[Optional[bytes], Optional[str]]:
    """Download a channel's media (Twilio MediaUrl0, a Messenger attachment URL), at most MAX_BYTES."""
    try:
        with requests.get(url, auth=auth, params=params, timeout=FETCH_TIMEOUT, stream=True) as response:
            if response.status_code != 200:
                logger.info("letter media not fetched (HTTP %s)", response.status_code)
                return None, "unreadable"
            data = b""
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > MAX_BYTES:
                    return None, "too_large"
            return data, None
    except requests.RequestException as error:
        logger.info("letter media not fetched (%s)", type(error).__name__)
        return None, "unreadable"


def pending(data: Optional[bytes], error: Optional[str], note: Text = "") -> Dict[str, Any]:
    """Metadata that hands an upload (or why there is none) to prepare()."""
    return {UPLOAD: {"data": data, "error": error, "note": note}}


async def twilio_media(form: Any, auth: Tuple[str, str]) -> Dict[str, Any]:
    """An MMS's first picture (MediaUrl0, fetched with the account's credentials), for prepare()."""
    url = form.get("MediaUrl0")
    if not url:
        return {}
    data, error = await asyncio.to_thread(fetch_media, url, auth)
    return pending(data, error, form.get("Body") or "")


async def messenger_media(event: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """A Messenger image or file attachment (its URL fetched), for prepare(); None when there is none."""
    attachments = (event.get("message") or {}).get("attachments") or []
    picked = next(
        (
            a
            for a in attachments
            if isinstance(a, dict)
            and a.get("type") in ("image", "file")
            and isinstance(a.get("payload"), dict)
            and a["payload"].get("url")
        ),
        None,
    )
    if picked is None:
        return None
    data, error = await asyncio.to_thread(fetch_media, picked["payload"]["url"])
    return pending(data, error)


async def prepare(message: UserMessage) -> None:
    """Turn a message carrying a letter (uploaded or pasted) into /share_letter with the fields read.

    Runs before the message reaches Rasa: the upload is popped from the metadata whatever happens.
    """
    metadata = message.metadata if isinstance(message.metadata, dict) else {}
    upload = metadata.pop(UPLOAD, None)
    loop = asyncio.get_running_loop()
    if upload is None:
        text = message.text or ""
        if text.startswith("/"):
            return
        fields = await loop.run_in_executor(None, read_pasted, text)
        if fields is None:
            return
        metadata[LETTER] = stored_fields(fields.as_dict())
        logger.info("pasted letter read (coverage=%s problem=%s)", fields.coverage, fields.problem)
    else:
        reading = None
        if upload.get("data") is not None:
            reading = await loop.run_in_executor(None, read_upload, upload["data"])
        upload["data"] = None
        if reading is not None and reading.fields is not None:
            metadata[LETTER] = stored_fields({**reading.fields.as_dict(), "note": upload.get("note") or ""})
            logger.info("letter read (coverage=%s problem=%s)", reading.fields.coverage, reading.fields.problem)
        else:
            metadata[LETTER_ERROR] = (reading.error if reading is not None else upload.get("error")) or "unreadable"
            if (upload.get("note") or "").strip():  # the words typed with it are still read (probe s11 L08)
                metadata[LETTER_NOTE] = redact(" ".join(upload["note"].split()))[:WORDS_LIMIT]
            logger.info("letter not read (%s)", metadata[LETTER_ERROR])
    message.metadata = metadata
    message.text = SHARE
