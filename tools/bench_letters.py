"""Time to read one letter page (issue 16: at most 5 s a page on 2 cores): a clean page image, a
phone photo and a scanned PDF page from the test set, each read several times, one at a time.

`python -m tools.bench_letters` prints the table; `make bench` adds the figures to reports/bench.json.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Dict

from bot.letter import read_upload
from tests.letters import corpus

TARGET_SECONDS = 5.0
REPEATS = 3


def measure(repeats: int = REPEATS) -> Dict[str, object]:
    """Median and worst seconds per page for each kind of file, and whether the target is met."""
    letters = corpus.LETTERS[:repeats]
    pages = [corpus.render(letter) for letter in letters]
    files = {
        "clean_png": [corpus.png(page) for page in pages],
        "phone_photo_jpeg": [corpus.phone_photo(page, seed) for seed, page in enumerate(pages)],
        "scanned_pdf_page": [corpus.scanned_pdf([page]) for page in pages],
        "text_pdf": [corpus.text_pdf(letter) for letter in letters],
    }
    results: Dict[str, object] = {}
    for kind, blobs in files.items():
        times = []
        for blob in blobs:
            start = time.perf_counter()
            reading = read_upload(blob)
            times.append(time.perf_counter() - start)
            if reading.fields is None:
                raise RuntimeError(f"{kind}: test letter not read ({reading.error})")
        results[kind] = {"median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2)}
    worst = max(r["max_s"] for r in results.values())
    results["target_s"] = TARGET_SECONDS
    results["met"] = worst <= TARGET_SECONDS
    return results


def main() -> int:
    results = measure()
    print(json.dumps(results, indent=2))
    return 0 if results["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
