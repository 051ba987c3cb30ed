"""How well the kind classifier (bot/problem_kinds/classifier.py) reads the narrative sets on its own.

It is never trained on them, so every set is a fair test of it. For each set: its accuracy alone, and
at each probability floor how many stories it would decide and how many of those it gets right, both
for all stories and for those the cue words leave unread (where bot/understanding asks it).

    python -m tools.eval_kind_model narratives_es narratives_dev3_es
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Dict, List

import yaml

from bot import problem_kinds
from bot.problem_kinds import classifier
from tools.eval_narratives import NARRATIVES, SETS, kind_of

FLOORS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)
# The sets its floors (tests/thresholds.yml `kind_model`) are kept on: never the held-out ones, which
# are read only through the whole assistant.
SCORED = ("narratives", "narratives_es", "narratives_dev3", "narratives_dev3_es")


def _rows(name: str) -> List[Dict]:
    stories = yaml.safe_load((NARRATIVES / SETS[name]).read_text(encoding="utf-8"))["narratives"]
    model = classifier.default()
    rows = []
    for story in stories:
        guess = model.guess(story["text"])
        rows.append(
            {
                "kind": kind_of(story["problem"], story.get("problem_detail")),
                "guess": kind_of("other", problem_kinds.card_detail(guess.kind))
                if guess.kind not in problem_kinds.REASONS
                else guess.kind,
                "p": guess.probability,
                "cues_silent": problem_kinds.read(story["text"]).problem is None,
            }
        )
    return rows


def evaluate() -> Dict[str, float]:
    """The classifier's accuracy alone on each scored set (`make quality`)."""
    scores = {}
    for name in SCORED:
        rows = _rows(name)
        scores[name] = sum(r["kind"] == r["guess"] for r in rows) / len(rows)
    return scores


def report(name: str) -> str:
    rows = _rows(name)
    lines = [f"{name}: {len(rows)} stories, alone {sum(r['kind'] == r['guess'] for r in rows) / len(rows):.3f}"]
    for label, subset in (("all", rows), ("cues silent", [r for r in rows if r["cues_silent"]])):
        for floor in FLOORS:
            decided = [r for r in subset if r["p"] >= floor]
            right = sum(r["kind"] == r["guess"] for r in decided)
            lines.append(f"  {label:11} p>={floor:.1f}: decides {len(decided):3}/{len(subset):3}, right {right:3}")
    misses = Counter((r["kind"], r["guess"]) for r in rows if r["kind"] != r["guess"])
    lines.append("  most confused: " + ", ".join(f"{k}->{g} {n}" for (k, g), n in misses.most_common(6)))
    return "\n".join(lines)


if __name__ == "__main__":
    for name in sys.argv[1:] or ["narratives", "narratives_es"]:
        print(report(name))
