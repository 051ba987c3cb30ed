"""Read the words on a photo or scan of a letter with Tesseract (Debian's, scripts/install_ocr.sh).

Phone photos are skewed, blurred and unevenly lit, so before OCR the page is flattened (divided by
its own blurred background, which removes shadows and uneven light), straightened (the angle whose
row profile is sharpest) and thresholded (Otsu). Everything happens in memory.
"""

from __future__ import annotations

import io
import os
from typing import Tuple

import numpy as np
from PIL import Image, ImageFilter, ImageOps

# Tesseract's own threads fight each other on a busy 2-core machine; one thread per page is faster.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANGUAGES = "eng+spa"
# Text of a letter page reads best at about this width (about 150-200 dpi for a letter page).
TARGET_WIDTH = 1700
MIN_WIDTH = 1000
MAX_PIXELS = 40_000_000  # a bigger image is refused before decoding (decompression bombs)
MAX_SKEW_DEGREES = 12


class UnreadableImage(ValueError):
    """Not an image Pillow can decode."""


def open_image(data: bytes) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise
    except Exception as error:  # noqa: BLE001 - any decoding failure means "not an image we can read"
        raise UnreadableImage(type(error).__name__) from error
    return ImageOps.exif_transpose(image)


def _resized(gray: Image.Image) -> Image.Image:
    width, height = gray.size
    if width > TARGET_WIDTH or width < MIN_WIDTH:
        scale = TARGET_WIDTH / width
        return gray.resize((max(1, int(width * scale)), max(1, int(height * scale))), Image.LANCZOS)
    return gray


def _flatten(gray: Image.Image) -> np.ndarray:
    """Divide by the blurred background: shadows and uneven light become a flat white."""
    small = gray.resize((max(1, gray.width // 8), max(1, gray.height // 8)))
    background = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(6)).resize(gray.size)
    pixels = np.asarray(gray, dtype=np.float32)
    back = np.maximum(np.asarray(background, dtype=np.float32), 1.0)
    return np.clip(pixels / back * 255.0, 0, 255)


def _otsu(pixels: np.ndarray) -> int:
    histogram = np.bincount(pixels.astype(np.uint8).ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    weights = np.cumsum(histogram)
    means = np.cumsum(histogram * np.arange(256))
    between = (means[-1] * weights / total - means) ** 2 / np.maximum(weights * (total - weights), 1e-9)
    return int(np.argmax(between))


def _skew(ink: Image.Image) -> float:
    """The rotation that makes text rows sharpest (variance of the row sums), coarse then fine."""
    small = ink.resize((max(1, ink.width // 3), max(1, ink.height // 3)))

    def sharpness(angle: float) -> float:
        rows = np.asarray(small.rotate(angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32).sum(axis=1)
        return float(np.var(rows))

    best = max(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1, 1.5), key=sharpness)
    return float(max(np.arange(best - 1.2, best + 1.25, 0.3), key=sharpness))


def clean(image: Image.Image) -> Tuple[Image.Image, float]:
    """A straight black-on-white page ready for OCR, and the angle it was turned by."""
    gray = _resized(ImageOps.grayscale(image.convert("RGB")))
    flat = _flatten(gray)
    threshold = _otsu(flat)
    ink = Image.fromarray(((flat < threshold) * 255).astype(np.uint8))
    angle = _skew(ink)
    if abs(angle) > 0.2:
        ink = ink.rotate(angle, resample=Image.BILINEAR, expand=True, fillcolor=0)
    return ImageOps.invert(ink.point(lambda v: 255 if v > 127 else 0)), angle


def read_image(image: Image.Image) -> str:
    import pytesseract  # the binary is only needed when there is an image to read

    page, _ = clean(image)
    return pytesseract.image_to_string(page, lang=LANGUAGES, config="--psm 3")
