"""Build the project's spaCy pipeline: blank English plus an entity_ruler fed from the gazetteer.

Pretrained spaCy models cannot be downloaded on these machines, and Rasa's SpacyNLP needs a
pipeline on disk, so `make` builds this one into build/ before training (see README).
Entities: `plan` (Kaiser, Blue Shield, TRICARE...) and `coverage_type` (HMO, PPO, Medicare...).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language

from bot.knowledge import Knowledge, default

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "build" / "spacy_en_plans"
# "Seguro" is Spanish for insurance and for sure ("no estoy seguro"). The sure-phrases are matched
# too, with a label Rasa's extractor ignores (its `dimensions` are plan and coverage_type); the
# ruler keeps the longer match, so "estoy seguro" hides its "seguro".
NOT_AN_ENTITY = "phrase"
_SURE_BEFORE = [
    "estoy",
    "estas",
    "estás",
    "esta",
    "está",
    "estamos",
    "estan",
    "están",
    "estar",
    "sea",
    "muy",
    "tan",
    "bien",
    "de",
]
_SURE = ["seguro", "segura", "seguros", "seguras"]


def build(kb: Optional[Knowledge] = None) -> Language:
    kb = kb or default()
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    patterns, seen = [], set()
    for entry in kb.gazetteer:
        for alias in entry.aliases:
            # Case changes how spaCy splits some words ("L.A." is one token, "l.a." is not), so
            # match the token sequence of each casing people use, compared in lower case.
            for variant in (alias, alias.upper(), alias.title()):
                tokens = tuple(t.lower_ for t in nlp.make_doc(variant))
                if tokens not in seen:
                    seen.add(tokens)
                    patterns.append({"label": entry.label, "pattern": [{"LOWER": t} for t in tokens], "id": entry.key})
        for written in entry.exact_case:
            patterns.append(
                {"label": entry.label, "pattern": [{"ORTH": t.text} for t in nlp.make_doc(written)], "id": entry.key}
            )
    patterns.append({"label": NOT_AN_ENTITY, "pattern": [{"LOWER": {"IN": _SURE_BEFORE}}, {"LOWER": {"IN": _SURE}}]})
    ruler.add_patterns(patterns)
    nlp.meta["name"] = "en_plans"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "Blank English with the plan/coverage gazetteer from bot/knowledge_data/plans.yml"
    return nlp


def main(target: str = str(DEFAULT_DIR)) -> None:
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    build().to_disk(target)
    print(f"spaCy pipeline written to {target}")


if __name__ == "__main__":
    main(*sys.argv[1:])
