"""The operator's report: `make report` -> reports/operator/report.html and CSV files.

    python -m tools.report [--since 2026-03-01] [--until 2026-03-31] [--db URL] [--out DIR]

Who the assistant reached (per day, channel, language), where it sent them (agency, pathway,
problem kind), where the others stopped, how long a referral took, what it did not understand,
the SMS segments it sent (the cost driver) and the answers to "Did this help?". Aggregates only:
no message text and no ids, and any count from 1 to 4 is shown as "<5" (tables, CSV and charts),
so no single person can be picked out. The page is self-contained (charts as embedded PNG).
"""

from __future__ import annotations

import argparse
import base64
import csv
import html
import io
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from bot.channel_format import GSM7, sms_turn
from tools.tracker_events import LOW_CONFIDENCE, ROOT, Conversation, conversations, database_url, day_of

OUT = ROOT / "reports" / "operator"
SMALL = 5  # counts under this are shown as "<5"
CARD_DIMENSIONS = ("agency", "pathway", "problem", "problem_detail")
QUESTIONS = ("problem", "coverage", "coverage_detail", "fair_hearing")
NO_QUESTION = "before any question"
_GSM7_EXTENDED = frozenset("^{}\\[~]|€")


def shown(count: int) -> str:
    """A count as the report shows it: 1-4 as "<5"."""
    return f"<{SMALL}" if 0 < count < SMALL else str(count)


def sms_segments(body: str) -> int:
    """Segments one SMS body is billed as: GSM-7 160 / 153 per part (extension characters count
    twice), else UCS-2 70 / 67 per part."""
    if all(c in GSM7 or c in _GSM7_EXTENDED for c in body):
        length = len(body) + sum(c in _GSM7_EXTENDED for c in body)
        return 1 if length <= 160 else math.ceil(length / 153)
    return 1 if len(body) <= 70 else math.ceil(len(body) / 67)


@dataclass
class Stats:
    """Raw aggregates (exact counts; suppression happens when they are written)."""

    conversations: int = 0
    per_day: Counter = field(default_factory=Counter)  # (day, channel, language) -> conversations
    referrals: Dict[str, Counter] = field(default_factory=lambda: {d: Counter() for d in CARD_DIMENSIONS})
    referred: int = 0  # conversations that reached a referral
    stopped_at: Counter = field(default_factory=Counter)  # question -> conversations without a referral
    turns: List[int] = field(default_factory=list)
    seconds: List[float] = field(default_factory=list)
    understanding: Counter = field(default_factory=Counter)  # (day, "messages"|"fallback"|"low_confidence") -> n
    sms: Counter = field(default_factory=Counter)  # (day, "sms"|"segments") -> n
    feedback: Counter = field(default_factory=Counter)  # asked / yes / no

    def add(self, conv: Conversation, segments_of) -> None:
        if conv.started is None:
            return  # no user message in the window
        self.conversations += 1
        self.per_day[(day_of(conv.started), conv.channel, conv.language)] += 1
        for card in conv.referrals:
            for dimension in CARD_DIMENSIONS:
                if card.get(dimension):
                    self.referrals[dimension][card[dimension]] += 1
        if conv.referrals:
            self.referred += 1
            self.turns.append(conv.referral_turns)
            self.seconds.append(conv.referral_seconds)
        else:
            self.stopped_at[conv.last_question or NO_QUESTION] += 1
        for message in conv.messages:
            day = day_of(message.timestamp)
            self.understanding[(day, "messages")] += 1
            if message.fallback:
                self.understanding[(day, "fallback")] += 1
            elif message.unsure:
                self.understanding[(day, "low_confidence")] += 1
        for when, messages in conv.sms_turns:
            sms, segments = segments_of(messages)
            self.sms[(day_of(when), "sms")] += sms
            self.sms[(day_of(when), "segments")] += segments
        if conv.feedback:
            self.feedback["asked"] += 1
            if conv.feedback != "asked":
                self.feedback[conv.feedback] += 1


def _segment_counter():
    """SMS and segments of one stored bot turn, as channels/twilio_signed.py sends it (the same
    formatter); turns repeat a lot, so each distinct turn is formatted once."""
    cache: Dict[tuple, Tuple[int, int]] = {}

    def segments_of(events: List[dict]) -> Tuple[int, int]:
        key = tuple(map(id, events))  # tracker_events parses each distinct stored event once
        if key not in cache:
            bodies = sms_turn(
                [
                    {"text": e.get("text"), **{k: (e.get("data") or {}).get(k) for k in ("buttons", "custom")}}
                    for e in events
                ]
            )
            cache[key] = (len(bodies), sum(sms_segments(b) for b in bodies))
        return cache[key]

    return segments_of


def collect(url: str, since: Optional[date] = None, until: Optional[date] = None) -> Stats:
    stats, segments_of = Stats(), _segment_counter()
    for conv in conversations(url, since, until):
        stats.add(conv, segments_of)
    return stats


def percentiles(values: Sequence[float]) -> Tuple[Optional[float], Optional[float]]:
    """Median and 90th percentile, or None for fewer than SMALL values (too few to show)."""
    if len(values) < SMALL:
        return None, None
    return float(np.median(values)), float(np.percentile(values, 90))


def tables(stats: Stats) -> Dict[str, Tuple[List[str], List[list]]]:
    """Every table of the report: name -> (header, rows), counts still exact."""
    days = sorted({day for day, _ in stats.understanding} | {day for day, _, _ in stats.per_day})
    total = stats.conversations or 1
    funnel = [
        ["conversations", stats.conversations, 1.0],
        ["reached a referral", stats.referred, stats.referred / total],
    ]
    for question in (*QUESTIONS, *sorted(set(stats.stopped_at) - set(QUESTIONS))):
        if stats.stopped_at.get(question) or question in QUESTIONS:
            funnel.append([f"stopped at: {question}", stats.stopped_at[question], stats.stopped_at[question] / total])
    turns, seconds = percentiles(stats.turns), percentiles(stats.seconds)
    sms_days = sorted({day for day, _ in stats.sms})
    return {
        "conversations_per_day": (
            ["day", "channel", "language", "conversations"],
            [[*key, n] for key, n in sorted(stats.per_day.items())],
        ),
        "referrals": (
            ["dimension", "value", "referrals"],
            [[d, value, n] for d in CARD_DIMENSIONS for value, n in stats.referrals[d].most_common()],
        ),
        "funnel": (["stage", "conversations", "share"], funnel),
        "time_to_referral": (
            ["measure", "referrals", "median", "p90"],
            [["user messages", stats.referred, *turns], ["seconds", stats.referred, *seconds]],
        ),
        "understanding_per_day": (
            ["day", "user messages", "fallbacks", "low confidence"],
            [
                [
                    d,
                    stats.understanding[(d, "messages")],
                    stats.understanding[(d, "fallback")],
                    stats.understanding[(d, "low_confidence")],
                ]
                for d in days
            ],
        ),
        "sms_per_day": (
            ["day", "sms sent", "segments"],
            [[d, stats.sms[(d, "sms")], stats.sms[(d, "segments")]] for d in sms_days],
        ),
        "feedback": (
            ["answer", "conversations"],
            [
                ["asked", stats.feedback["asked"]],
                ["yes", stats.feedback["yes"]],
                ["no", stats.feedback["no"]],
                ["no answer", stats.feedback["asked"] - stats.feedback["yes"] - stats.feedback["no"]],
            ],
        ),
    }


def _cell(header: str, value) -> str:
    """Counts suppressed, shares kept only when their count is shown, figures rounded."""
    if value is None:
        return f"(under {SMALL})"
    if isinstance(value, float):
        return f"{value:.1f}" if header != "share" else f"{value:.0%}"
    if isinstance(value, int):
        return shown(value)
    return str(value)


def suppressed(header: List[str], rows: List[list]) -> List[List[str]]:
    out = []
    for row in rows:
        cells = [_cell(h, v) for h, v in zip(header, row)]
        if "share" in header:
            count = row[header.index("conversations")]
            if 0 < count < SMALL:
                cells[header.index("share")] = f"<{SMALL}"
        out.append(cells)
    return out


def _chart(draw) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 3.2), dpi=90)
    draw(axes)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _drawn(count: int) -> int:
    """Charts draw small counts as 0, like the tables (the caption says so)."""
    return 0 if count < SMALL else count


def charts(stats: Stats) -> Dict[str, str]:
    days = sorted({day for day, _, _ in stats.per_day})
    channels = sorted({channel for _, channel, _ in stats.per_day})
    per_channel = {
        c: [_drawn(sum(n for (d, ch, _), n in stats.per_day.items() if d == day and ch == c)) for day in days]
        for c in channels
    }

    def per_day(axes):
        for channel, counts in per_channel.items():
            axes.plot(days, counts, marker="o", label=channel)
        axes.set_ylabel("conversations")
        axes.legend(frameon=False)
        axes.tick_params(axis="x", rotation=45, labelsize=7)

    def bars(counter: Counter, label: str):
        def draw(axes):
            items = counter.most_common()
            axes.barh([k for k, _ in items][::-1], [_drawn(n) for _, n in items][::-1], color="#2a6f97")
            axes.set_xlabel(label)

        return draw

    funnel = Counter(
        {"reached a referral": stats.referred, **{f"stopped at {q}": n for q, n in stats.stopped_at.items()}}
    )
    udays = sorted({day for day, _ in stats.understanding})

    def understanding(axes):
        for kind, label in (("fallback", "fallbacks"), ("low_confidence", "low confidence")):
            axes.plot(udays, [_drawn(stats.understanding[(d, kind)]) for d in udays], marker="o", label=label)
        axes.set_ylabel("user messages")
        axes.legend(frameon=False)
        axes.tick_params(axis="x", rotation=45, labelsize=7)

    sdays = sorted({day for day, _ in stats.sms})

    def sms(axes):
        axes.bar(sdays, [_drawn(stats.sms[(d, "segments")]) for d in sdays], color="#2a6f97")
        axes.set_ylabel("SMS segments")
        axes.tick_params(axis="x", rotation=45, labelsize=7)

    made = {
        "conversations_per_day": _chart(per_day),
        "funnel": _chart(bars(funnel, "conversations")),
        "understanding_per_day": _chart(understanding),
    }
    if stats.referrals["agency"]:
        made["referrals"] = _chart(bars(stats.referrals["agency"], "referrals by agency"))
    if sdays:
        made["sms_per_day"] = _chart(sms)
    return made


TITLES = {
    "conversations_per_day": "Conversations per day, by channel and language",
    "referrals": "Referrals by agency, pathway and problem kind",
    "funnel": "The funnel: who reached a referral, and the question where the others stopped",
    "time_to_referral": "User messages and seconds to the first referral",
    "understanding_per_day": f"Messages not understood: the fallback, or intent confidence under {LOW_CONFIDENCE}",
    "sms_per_day": "SMS sent and segments billed (as the SMS channel formats the stored turns)",
    "feedback": '"Did this help?"',
}


def write(stats: Stats, out: Path, window: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    made = tables(stats)
    images = charts(stats)
    sections = []
    for name, (header, rows) in made.items():
        cells = suppressed(header, rows)
        with open(out / f"{name}.csv", "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(cells)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in cells)
        image = (
            f'<img alt="{html.escape(TITLES[name])}" src="data:image/png;base64,{images[name]}">'
            if name in images
            else ""
        )
        sections.append(
            f"<section><h2>{html.escape(TITLES[name])}</h2>{image}<table><thead><tr>"
            + "".join(f"<th>{html.escape(h)}</th>" for h in header)
            + f'</tr></thead><tbody>{body}</tbody></table><p><a href="{name}.csv">{name}.csv</a></p></section>'
        )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Operator\'s report</title>'
        "<style>body{font:15px/1.4 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
        "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #bbb;padding:.2rem .6rem;text-align:left}"
        "img{max-width:100%}</style></head><body>"
        f"<h1>Operator's report</h1><p>{html.escape(window)}. {stats.conversations} conversations. "
        f"Counts under {SMALL} are shown as &lt;{SMALL} and drawn as 0; no message text or ids.</p>"
        + "".join(sections)
        + "</body></html>"
    )
    (out / "report.html").write_text(page, encoding="utf-8")
    return out / "report.html"


def _date(text: str) -> date:
    return date.fromisoformat(text)


def main(argv: Optional[Iterable[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.report", description=__doc__.splitlines()[0])
    parser.add_argument("--since", type=_date, help="first day (UTC, YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, help="last day, included (UTC, YYYY-MM-DD)")
    parser.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL, else endpoints.yml's SQLite file)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(list(argv) if argv is not None else None)
    started = time.monotonic()
    stats = collect(args.db or database_url(), args.since, args.until)
    window = f"From {args.since or 'the first conversation'} to {args.until or 'the last'}"
    page = write(stats, args.out, window)
    print(
        f"{stats.conversations} conversations, {stats.referred} reached a referral; "
        f"wrote {page} and its CSV files in {time.monotonic() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
