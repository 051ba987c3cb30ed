"""Whether a message is nonsense: keyboard mashing, made-up words, a lone emoji, "??".

The NLU model gives every message some intent, and it can give nonsense ("zxqv blorp wibble") the
emergency intent with high confidence: the person would be told to call 911. A message is nonsense
when none of its words is one people use with this assistant: the words of the training examples in
both languages (data/nlu, all intents but out_of_scope, whose examples include made-up words), with
one typo allowed in a word of five letters or more ("respirrar", "emergancy"). A real message, an
emergency told in a few words and misspelled, has at least one such word ("my", "no", "can't").
If the training data cannot be read, nothing is nonsense: the 911 advice is never held back.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import FrozenSet, Set, Tuple

import yaml

from bot.language import fold

NLU_DIR = Path(__file__).resolve().parent.parent / "data" / "nlu"
IGNORED_INTENTS = ("out_of_scope",)
# Emoji that ask for help on their own: never nonsense.
HELP_SIGNS = ("\U0001f198", "\U0001f691", "\U0001f6a8")  # SOS, ambulance, police light
_WORD = re.compile(r"[a-z]+|[0-9]+")
_REPEATS = re.compile(r"(.)\1{2,}")  # "ayudaaaa" -> "ayuda", "nooooo" -> "no"
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # "[Kaiser](plan)" -> "Kaiser"
TYPO_MIN_LENGTH = 4
_LOADER = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)  # the C loader reads the training data in a fraction of the time


def words(text: str) -> Tuple[str, ...]:
    """The words of a message, folded (no case, no accents), runs of one letter cut to one."""
    return tuple(_REPEATS.sub(r"\1", w) for w in _WORD.findall(fold(text or "")))


def _deletes(word: str) -> Set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@functools.lru_cache(maxsize=None)
def vocabulary(nlu_dir: Path = NLU_DIR) -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """(known words, the same plus each with one letter left out) from the training examples."""
    known: Set[str] = set()
    for path in sorted(nlu_dir.rglob("*.yml")):
        for item in (yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}).get("nlu") or []:
            if item.get("intent") and item["intent"] not in IGNORED_INTENTS:
                known.update(
                    w
                    for line in str(item.get("examples", "")).splitlines()
                    for w in words(_ANNOTATION.sub(r"\1", line.strip().lstrip("- ")))
                    if len(w) > 1
                )
    near = known.union(*(_deletes(w) for w in known if len(w) >= TYPO_MIN_LENGTH - 1))
    return frozenset(known), frozenset(near)


def _known(word: str, known: FrozenSet[str], near: FrozenSet[str]) -> bool:
    if len(word) < 2:
        return False  # "a", "k", "y": too short to show the message means something
    if word in known:
        return True
    # One typo: a letter left out, added, or changed (or two letters swapped).
    return len(word) >= TYPO_MIN_LENGTH and (word in near or not _deletes(word).isdisjoint(near))


def is_nonsense(text: str, nlu_dir: Path = NLU_DIR) -> bool:
    """True when no word of the message is one people use with the assistant (see the module)."""
    if any(sign in (text or "") for sign in HELP_SIGNS):
        return False
    known, near = vocabulary(nlu_dir)
    if not known:
        return False  # no training data to compare with: never hold back the 911 advice
    return not any(_known(w, known, near) for w in words(text))
