"""A statistical reader of the problem's kind, for stories the cue words (problem_cues.yml) do not place.

The cues are precise but only know the wordings someone wrote down; people describe the same problem in
endless ways, and in Spanish especially the cues miss. This model is trained on data/kinds/*.yml: short
descriptions of each kind, written from public accounts and never from an evaluation set. It reads the
whole message (word pairs and letter runs, so typos and Spanglish still count) and names a kind with a
probability. bot/understanding/problem.py asks it about a first story the cues leave unread, or read as
a weak kind, and has its guess confirmed unless it is sure of a short message.

The trained model is kept in build/ under a name that hashes the corpus and this file, so a change to
either trains a new one (a few seconds) on first use.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import yaml

from bot.problem_kinds.model import REASONS
from bot.problem_kinds.reading import folded

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "data" / "kinds"
CACHE_DIR = ROOT / "build" / "kind_model"


@dataclass(frozen=True)
class Guess:
    kind: str  # a denial reason or a problem_detail kind ("plan_service" is a plain complaint)
    probability: float
    refusal: float = 0.0  # how likely the story is any of the three IMR denials, together
    denial: str = ""  # the likeliest of the three


def examples(directory: Path = CORPUS_DIR) -> List[Tuple[str, str]]:
    """(text, kind) pairs from every corpus file; a file without examples or a kind without text fails."""
    pairs: List[Tuple[str, str]] = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for i, item in enumerate(data.get("examples") or []):
            text, kind = (item or {}).get("text"), (item or {}).get("kind")
            if not isinstance(text, str) or not text.strip() or not isinstance(kind, str):
                raise ValueError(f"{path.name}: examples[{i}] needs a `text` and a `kind`")
            pairs.append((text, kind))
    return pairs


def _normal(text: str) -> str:
    return " ".join(folded(text).split())


class KindModel:
    """TF-IDF of words, word pairs and letter runs, and a logistic regression over the kinds, fitted by
    stochastic gradient descent: as accurate on the narrative sets as lbfgs (0.91-0.95 alone) and 3 s to
    train instead of 2 minutes on this machine."""

    def __init__(self, pairs: Sequence[Tuple[str, str]]):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import SGDClassifier
        from sklearn.pipeline import FeatureUnion, make_pipeline

        features = FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
                ("letters", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
            ]
        )
        model = SGDClassifier(loss="log_loss", alpha=3e-5, class_weight="balanced", max_iter=50, random_state=0)
        self.pipeline = make_pipeline(features, model)
        self.pipeline.fit([_normal(t) for t, _ in pairs], [k for _, k in pairs])

    def guess(self, text: str) -> Optional[Guess]:
        if not text or not text.strip():
            return None
        probabilities = self.pipeline.predict_proba([_normal(text)])[0]
        best = int(probabilities.argmax())
        reasons = {kind: float(p) for kind, p in zip(self.pipeline.classes_, probabilities) if kind in REASONS}
        denial = max(reasons, key=reasons.__getitem__, default="")
        return Guess(str(self.pipeline.classes_[best]), float(probabilities[best]), sum(reasons.values()), denial)


def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(directory.glob("*.yml")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=None)
def default(directory: Path = CORPUS_DIR) -> Optional[KindModel]:
    """The model for the corpus as it is now (None without a corpus), trained once and kept in build/."""
    if not any(directory.glob("*.yml")):
        return None
    cached = CACHE_DIR / f"{_fingerprint(directory)}.pickle"
    if cached.exists():
        try:
            return pickle.loads(cached.read_bytes())
        except Exception as error:  # an unreadable cache (another sklearn) is trained again
            # the error's kind only (no path or text), to tell a half-copied file from another sklearn (probe s13 12)
            logger.info("kind model cache unreadable (%s); training again", type(error).__name__)
    model = KindModel(examples(directory))
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=CACHE_DIR, delete=False) as out:
            out.write(pickle.dumps(model))
        os.replace(out.name, cached)
        for stale in CACHE_DIR.glob("*.pickle"):
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError:  # a read-only checkout still works, training on each start
        logger.info("kind model not cached: build/ is not writable")
    return model


@lru_cache(maxsize=64)
def guess(text: str) -> Optional[Guess]:
    """The model's guess; kept for the turn's few asks about the same message."""
    model = default()
    return model.guess(text) if model is not None else None


if __name__ == "__main__":  # `make`: train it once before the servers start, not on the first message
    print(f"kind model: {len(examples())} examples" if default() else "kind model: no corpus")
