"""Redaction on the labelled PII corpus (tests/privacy/pii_corpus.yml) and the held-out set
(tests/privacy/pii_heldout.yml), per language.

- recall: the labelled PII items fully removed (no word of three or more characters of the item
  left, unless that word also occurs elsewhere in the string), over all PII items;
- precision: the removed spans that overlap a labelled PII item, over all removed spans;
- lookalikes_kept: the labelled look-alikes ("30 days", "1-888-466-2219", "$250") still there
  word for word, over all look-alikes.
`make eval` and `make quality` print it (tools/evaluate.py); floors are in tests/thresholds.yml.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot.redact import find, redact

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "privacy" / "pii_corpus.yml"
# Written after the patterns were tuned on CORPUS and never used to change them: the honest estimate.
HELDOUT = ROOT / "tests" / "privacy" / "pii_heldout.yml"


def load(path: Path = CORPUS) -> List[Dict[str, Any]]:
    return [
        {**s, "pii": [str(p) for p in s.get("pii", [])], "keep": [str(k) for k in s.get("keep", [])]}
        for s in yaml.safe_load(path.read_text(encoding="utf-8"))["strings"]
    ]


def leaked(text: str, item: str, redacted: str, names_and_numbers_only: bool = False) -> bool:
    """Whether any part of the PII `item` of `text` is left in `redacted`. With
    `names_and_numbers_only` (for logs, full of ordinary words such as "extension"), only the parts
    with a digit or a capital count, besides the whole item."""
    start = text.index(item)
    elsewhere = text[:start] + " " + text[start + len(item) :]
    words = [w for w in re.findall(r"\w{3,}", item) if w not in elsewhere]
    if names_and_numbers_only:
        words = [w for w in words if w[0].isupper() or any(c.isdigit() for c in w)]
    return item in redacted or any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", redacted) for w in words)


def score(strings: List[Dict[str, Any]]) -> Dict[str, Any]:
    found = removed = spans = true_spans = kept = looks = 0
    misses: List[Dict[str, Any]] = []
    for s in strings:
        text, out = s["text"], redact(s["text"])
        items = [(text.index(p), text.index(p) + len(p)) for p in s["pii"]]
        removals = [any(start < b and a < end for a, b in items) for start, end, _ in find(text)]
        spans, true_spans = spans + len(removals), true_spans + sum(removals)
        gone = [p for p in s["pii"] if not leaked(text, p, out)]
        survived = [k for k in s["keep"] if k in out]
        found, removed = found + len(s["pii"]), removed + len(gone)
        looks, kept = looks + len(s["keep"]), kept + len(survived)
        if len(gone) < len(s["pii"]) or len(survived) < len(s["keep"]) or not all(removals):
            misses.append(
                {
                    "text": text,
                    "redacted": out,
                    "leaked": [p for p in s["pii"] if p not in gone],
                    "damaged": [k for k in s["keep"] if k not in survived],
                }
            )
    return {
        "strings": len(strings),
        "pii_items": found,
        "lookalikes": looks,
        "recall": removed / found if found else 1.0,
        "precision": true_spans / spans if spans else 1.0,
        "lookalikes_kept": kept / looks if looks else 1.0,
        "misses": misses,
    }


def evaluate(path: Path = CORPUS) -> Dict[str, Any]:
    strings = load(path)
    summary = score(strings)
    for language in sorted({s["lang"] for s in strings}):
        summary[language] = {
            k: v for k, v in score([s for s in strings if s["lang"] == language]).items() if k != "misses"
        }
    return summary


def describe(summary: Dict[str, Any], name: str = "pii") -> str:
    lines = [
        f"{name}: {summary['strings']} strings, {summary['pii_items']} PII items, {summary['lookalikes']} look-alikes: "
        f"recall {summary['recall']:.3f}, precision {summary['precision']:.3f}, look-alikes kept {summary['lookalikes_kept']:.3f}"
    ]
    for language in ("en", "es"):
        if language in summary:
            s = summary[language]
            lines.append(
                f"  {language}: {s['strings']} strings, recall {s['recall']:.3f}, precision {s['precision']:.3f}, "
                f"look-alikes kept {s['lookalikes_kept']:.3f}"
            )
    lines += [f"  miss: {m['text']!r} -> {m['redacted']!r}" for m in summary["misses"]]
    return "\n".join(lines)


if __name__ == "__main__":
    results = {"pii": evaluate(), "pii_heldout": evaluate(HELDOUT)}
    print("\n".join(describe(result, name) for name, result in results.items()))
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(json.dumps(results, indent=2, ensure_ascii=False))
