"""`make review`: the messages the assistant was unsure of, ready to label, and back into training.

    python -m tools.review export [--since DAY] [--until DAY] [--db URL] [--out DIR]
    python -m tools.review add reports/review/review-<day>.yml

`export` writes the user messages answered with "I didn't understand" (the NLU fallback, or an
out-of-scope or unexpected message) or understood with low confidence
(tools/tracker_events.LOW_CONFIDENCE) to a YAML file: the redacted text, the intent predicted and
its confidence, how often it was said. Someone fills in `intent:` for the ones worth teaching.
`add` puts the labelled examples into data/nlu/reviewed.yml (data/nlu/es/reviewed.yml for
Spanish), refusing an example that is already in the training data, that is in a held-out
evaluation file (which would make the evaluation meaningless), or whose intent the domain lacks,
and says what changed. Retrain afterwards (`make train`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

import yaml

from bot.redact import redact
from tools.tracker_events import ROOT, conversations, database_url

OUT = ROOT / "reports" / "review"
NLU_DIR = ROOT / "data" / "nlu"
HELD_OUT = ("tests/nlu", "tests/conversations", "tests/narratives")
REVIEWED = "reviewed.yml"
_ENTITY = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")
_TRAILING = re.compile(r"[\s.!?,;:]+$")


def normalise(text: str) -> str:
    """What makes two examples the same: no entity markup, case, spacing or end punctuation."""
    return _TRAILING.sub("", " ".join(_ENTITY.sub(r"\1", text).split()).casefold())


def export(url: str, since: Optional[date], until: Optional[date], out: Path) -> Tuple[Path, int]:
    seen: Dict[Tuple[str, str], dict] = {}
    for conv in conversations(url, since, until, with_text=True):
        for message in conv.messages:
            text = " ".join((message.text or "").split())
            if not text or text.startswith("/") or not message.unsure:
                continue
            text = redact(text)  # already redacted when stored; again, in case of an older store
            key = (conv.language, normalise(text))
            entry = seen.setdefault(
                key,
                {
                    "text": text,
                    "language": conv.language,
                    "predicted": message.intent,
                    "confidence": round(message.confidence, 2),
                    "times": 0,
                    "intent": "",
                },
            )
            entry["times"] += 1
    entries = sorted(seen.values(), key=lambda e: (-e["times"], e["confidence"]))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"review-{date.today().isoformat()}.yml"
    header = (
        "# Messages the assistant was unsure of (redacted). For each one worth teaching, write the\n"
        "# intent it should have had in `intent:` (an intent of domain.yml); leave the rest empty.\n"
        "# Then: make review-add FILE=" + str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path) + "\n"
    )
    path.write_text(
        header + yaml.safe_dump({"messages": entries}, allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8",
    )
    return path, len(entries)


def _strings(value) -> Iterable[str]:
    """Every string in a YAML document; an NLU `examples` block gives its lines."""
    if isinstance(value, str):
        lines = [line.strip()[2:] for line in value.splitlines() if line.strip().startswith("- ")]
        yield from lines or [value]
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in (
                "version",
                "name",
                "expect",
            ):  # not messages: a scripted conversation's label, its expected card
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts(paths: Iterable[Path]) -> Dict[str, Path]:
    found: Dict[str, Path] = {}
    for path in paths:
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found.setdefault(normalise(text), path)
    return found


def domain_intents(domain: Path = ROOT / "domain.yml") -> Set[str]:
    return {i if isinstance(i, str) else next(iter(i)) for i in yaml.safe_load(domain.read_text())["intents"]}


@dataclass
class Outcome:
    added: Dict[Path, Counter] = field(default_factory=lambda: defaultdict(Counter))
    refused: List[Tuple[str, str]] = field(default_factory=list)  # (text, why)

    def lines(self) -> List[str]:
        out = []
        for path, counts in self.added.items():
            out.append(
                f"added {sum(counts.values())} to {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
                + ", ".join(f"{intent} +{n}" for intent, n in sorted(counts.items()))
            )
        out += [f"refused {text!r}: {why}" for text, why in self.refused]
        if not self.added:
            out.append("nothing added")
        return out


def _write(path: Path, examples: Dict[str, List[str]]) -> None:
    """data/nlu/reviewed.yml, merged with what it already had, intents and examples in order."""
    merged: Dict[str, List[str]] = defaultdict(list)
    if path.exists():
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            merged[block["intent"]] += list(_strings(block["examples"]))
    for intent, texts in examples.items():
        merged[intent] += texts
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(
        f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {t}\n" for t in texts)
        for intent, texts in sorted(merged.items())
    )
    path.write_text(
        'version: "3.1"\n\n# Real messages the assistant missed, labelled by a person (tools/review.py).\n\nnlu:\n'
        + body,
        encoding="utf-8",
    )


def add(
    labelled: Path,
    nlu_dir: Path = NLU_DIR,
    held_out: Iterable[Path] = tuple(ROOT / d for d in HELD_OUT),
    intents: Optional[Set[str]] = None,
) -> Outcome:
    intents = intents if intents is not None else domain_intents()
    training = _texts(sorted(nlu_dir.rglob("*.yml")))
    evaluation = _texts(sorted(p for d in held_out if d.exists() for p in d.rglob("*.yml")))
    outcome = Outcome()
    new: Dict[Path, Dict[str, List[str]]] = defaultdict(lambda: defaultdict(list))
    for entry in (yaml.safe_load(labelled.read_text(encoding="utf-8")) or {}).get("messages") or []:
        intent, text = (entry.get("intent") or "").strip(), " ".join(str(entry.get("text") or "").split())
        if not intent or not text:
            continue
        key = normalise(text)
        if intent not in intents:
            outcome.refused.append((text, f"no intent {intent!r} in domain.yml"))
        elif key in evaluation:
            outcome.refused.append(
                (
                    text,
                    f"in the held-out evaluation data ({evaluation[key].relative_to(ROOT) if evaluation[key].is_relative_to(ROOT) else evaluation[key].name})",
                )
            )
        elif key in training:
            outcome.refused.append((text, "already in the training data"))
        else:
            path = nlu_dir / ("es" if entry.get("language") == "es" else "") / REVIEWED
            new[path][intent].append(text)
            training[key] = path
            outcome.added[path][intent] += 1
    for path, examples in new.items():
        _write(path, examples)
    return outcome


def _date(text: str) -> date:
    return date.fromisoformat(text)


def main(argv: Optional[Iterable[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.review", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="write the messages to label to reports/review/")
    out.add_argument("--since", type=_date)
    out.add_argument("--until", type=_date)
    out.add_argument("--db", help="SQLAlchemy URL (default: DATABASE_URL, else endpoints.yml's SQLite file)")
    out.add_argument("--out", type=Path, default=OUT)
    into = commands.add_parser("add", help="add a labelled file's examples to data/nlu/")
    into.add_argument("file", type=Path)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command == "export":
        path, count = export(args.db or database_url(), args.since, args.until, args.out)
        print(f"{count} messages to review in {path}")
        return 0
    if not args.file.exists():
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2
    outcome = add(args.file)
    print("\n".join(outcome.lines()))
    if outcome.added:
        print("retrain to use them: make train")
    return 0


if __name__ == "__main__":
    sys.exit(main())
