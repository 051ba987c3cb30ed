"""The operator's report over 100,000 conversations (synthetic rows in SQLite, tools/synthetic_events).

Its counts must be exact at that size too; how long it takes is measured by `make bench`, not
asserted here (a timed test on a shared 2-core machine would be flaky).
"""

from collections import Counter

from tools import report, synthetic_events

TOTAL = 100_000


def test_report_counts_every_one_of_100000_conversations(tmp_path):
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    counts = synthetic_events.spread(TOTAL)
    synthetic_events.write(url, counts)
    stats = report.collect(url)
    agencies = Counter()
    for kind, n in counts.items():
        if kind.agency:
            agencies[kind.agency] += n
    assert stats.conversations == TOTAL
    assert stats.referrals["agency"] == agencies
    assert stats.stopped_at == {"coverage": sum(n for kind, n in counts.items() if kind.stopped_at == "coverage")}
    assert stats.feedback["yes"] == sum(n for kind, n in counts.items() if kind.feedback == "yes")
    assert sum(n for (_, kind), n in stats.understanding.items() if kind == "fallback") == sum(
        n * kind.fallbacks for kind, n in counts.items()
    )
    assert sum(stats.per_day.values()) == TOTAL
    page = report.write(stats, tmp_path / "operator", "all")
    assert "100000 conversations" in page.read_text()
