"""From the bytes a person sent to the letter's text: check the limits, then read a PDF's text
layer, or OCR a photo or a scanned page. Everything stays in memory and nothing is kept.

Limits (a clear error past them): images and PDF only, at most 10 MB, at most 5 pages.
"""

from __future__ import annotations

import io
import logging
from typing import List

from PIL import Image

from bot.letter import ocr
from bot.letter.fields import looks_like_text

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 5
# A page whose text layer has fewer letters than this is a scan: its image is read instead.
TEXT_LAYER_MIN_LETTERS = 40

PDF = "application/pdf"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/tiff", "image/bmp")
ALLOWED_TYPES = (PDF,) + IMAGE_TYPES
# What the bytes themselves say, whatever name or content type came with them.
_MAGIC = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"BM", "image/bmp"),
)


class LetterError(ValueError):
    """Why a letter could not be read; `kind` is one of KINDS (each has its own kind answer)."""

    KINDS = ("too_large", "wrong_type", "too_many_pages", "password", "unreadable", "not_a_letter", "empty")

    def __init__(self, kind: str) -> None:
        assert kind in self.KINDS, kind
        super().__init__(kind)
        self.kind = kind


def sniff(data: bytes) -> str:
    """The type the bytes are, or "" when they are neither an image nor a PDF we read."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return ""


def check(data: bytes) -> str:
    """The file's type, or a LetterError for what the limits refuse."""
    if not data:
        raise LetterError("empty")
    if len(data) > MAX_BYTES:
        raise LetterError("too_large")
    kind = sniff(data)
    if kind not in ALLOWED_TYPES:
        raise LetterError("wrong_type")
    return kind


def _pdf_pages(data: bytes) -> List[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LetterError("password")
        pages = list(reader.pages)
    except LetterError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, NotImplementedError) as error:
        # pypdf raises these for damaged files and for encryption it cannot open without a password
        logger.info("PDF not readable (%s)", type(error).__name__)
        raise LetterError(
            "password" if "decrypt" in str(error).lower() or "encrypt" in str(error).lower() else "unreadable"
        ) from None
    if len(pages) > MAX_PAGES:
        raise LetterError("too_many_pages")
    texts = []
    for page in pages:
        text = page.extract_text() or ""
        if not looks_like_text(text):
            # A scan: its pictures hold the words. The largest one is the page.
            pictures = sorted(page.images, key=lambda picture: len(picture.data), reverse=True)
            text = ocr.read_image(ocr.open_image(pictures[0].data)) if pictures else ""
        texts.append(text)
    return texts


def _image_pages(data: bytes) -> List[str]:
    try:
        image = ocr.open_image(data)
    except (ocr.UnreadableImage, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LetterError("unreadable") from None
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_PAGES:
        raise LetterError("too_many_pages")
    texts = []
    for index in range(frames):
        image.seek(index)
        texts.append(ocr.read_image(image.copy()))
    return texts


def letter_text(data: bytes) -> str:
    """The text of every page, in order, blank-line separated; LetterError when there is none."""
    kind = check(data)
    pages = _pdf_pages(data) if kind == PDF else _image_pages(data)
    text = "\n\n".join(pages)
    if not looks_like_text(text):
        raise LetterError("unreadable")
    return text
