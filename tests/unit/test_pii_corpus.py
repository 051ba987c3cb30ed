"""Every PII item of the labelled corpus is redacted and every look-alike survives (bot.redact)."""

import pytest

from bot.redact import redact
from tools.eval_pii import evaluate, leaked, load

STRINGS = load()


def test_the_corpus_is_big_enough_in_both_languages():
    assert len(STRINGS) >= 150
    assert sum(s["lang"] == "es" for s in STRINGS) >= 40 and sum(s["lang"] == "en" for s in STRINGS) >= 100
    for s in STRINGS:
        for part in s["pii"] + s["keep"]:
            assert part in s["text"], (part, s["text"])


@pytest.mark.parametrize("s", STRINGS, ids=[s["text"][:40] for s in STRINGS])
def test_pii_is_removed_and_lookalikes_are_kept(s):
    out = redact(s["text"])
    assert not [p for p in s["pii"] if leaked(s["text"], p, out)], out
    assert not [k for k in s["keep"] if k not in out], out


def test_leak_detection_counts_a_partly_removed_item():
    assert leaked("my name is Kevin Park", "Kevin Park", "my name is [removed] Park")
    assert not leaked("my name is Kevin Park", "Kevin Park", "my name is [removed]")


def test_the_evaluation_reports_both_languages():
    summary = evaluate()
    assert {"en", "es"} <= set(summary) and summary["pii_items"] > 100
