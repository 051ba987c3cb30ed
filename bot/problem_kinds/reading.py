"""Read what the words of a message say about the problem, sentence by sentence, with the cues of
problem_cues.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Pattern

from bot.language import fold_words
from bot.problem_kinds.loader import default
from bot.problem_kinds.model import REASONS, Kinds

# Sentences: split after . ! ? or a line break (a story told over several lines).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
DENEGAR = re.compile(r"\bdeneg(?=[aeiou])")


def sentences(text: str) -> List[str]:
    return [s for s in (part.strip() for part in SENTENCE_END.split(text or "")) if s]


def folded(text: str) -> str:
    """Lower case, no accents, a phone's curly apostrophe as a plain one ("don’t"), and the formal
    "denegar" as "negar" ("me denegaron el claim" = "me negaron"), so the cues say each refusal once."""
    return DENEGAR.sub("neg", fold_words(text).replace("\u2019", "'").replace("\u2018", "'"))


def _matches(patterns: Iterable[Pattern[str]], folded: str) -> bool:
    return any(p.search(folded) for p in patterns)


@dataclass(frozen=True)
class Reading:
    """What the words of a message say about the problem, sentence by sentence."""

    problem: Optional[str]  # one of the four problem ids, or None when the words say nothing
    detail: Optional[str]  # a problem_detail kind when problem is "other"
    sentences: int  # how many sentences the message has
    decisive: Optional[int]  # which sentence decided (0-based), or None
    guess: bool = False  # a guess of the classifier's, said back to confirm (bot/understanding/problem.py)
    loose: bool = False  # read only from `together` words scattered in the story, not from one sentence


def read(text: str, kinds: Optional[Kinds] = None) -> Reading:
    """The problem that the decisive sentence states.

    A strong kind (or a `strong_cues` cue, or `strong_together` words) named anywhere decides (workers' comp, Medi-Cal
    eligibility, a Medicare ambulance bill...), unless its `ruled_out` words rule it out ("self-employed, so no
    workers' comp"); otherwise a
    sentence that gives a denial reason decides, experimental first; otherwise any other kind named
    in a sentence; last, a kind whose `together` words are all in the story.
    """
    kinds = kinds or default()
    # A sentence that says what the problem is not ("that's not the issue") states nothing.
    aside = kinds.groups.get("not_the_problem", ())
    parts = ["" if _matches(aside, s) else s for s in (folded(s) for s in sentences(text))] or [""]
    found_kind = _first_sentences(kinds.cues, parts)
    found_strong = _first_sentences(kinds.strong_cues, parts)
    found_reason = _first_sentences(kinds.reasons, parts)
    whole = " ".join(parts)
    out = {key for key, patterns in kinds.ruled_out.items() if _matches(patterns, whole)}
    for key in (k for k in kinds.cues if k not in out):  # the cue file's order: the most specific first
        if key in found_kind and key in kinds.strong:
            return Reading("other", key, len(parts), found_kind[key])
        if key in found_strong:
            return Reading("other", key, len(parts), found_strong[key])
        found = _together_found(kinds.strong_together.get(key, ()), parts, whole)
        if found is not None:
            return Reading("other", key, len(parts), found)
    for key in REASONS:
        if key in found_reason:
            return Reading(key, None, len(parts), found_reason[key])
    for key in (k for k in kinds.cues if k not in out):
        if key in found_kind and not _matches(kinds.unless.get(key, ()), whole):
            return Reading("other", key, len(parts), found_kind[key])
    for key, groups in kinds.together.items():
        if key in out or _matches(kinds.unless.get(key, ()), whole):
            continue
        found = _together_found(groups, parts, whole)
        if found is not None:
            return Reading("other", key, len(parts), found, loose=True)
    return Reading(None, None, len(parts), None)


def _first_sentences(cues: Dict[str, Iterable[Pattern[str]]], parts: List[str]) -> Dict[str, int]:
    """For each key whose cues some sentence matches, the first such sentence."""
    found: Dict[str, int] = {}
    for i, part in enumerate(parts):
        for key, patterns in cues.items():
            if key not in found and _matches(patterns, part):
                found[key] = i
    return found


def _together_found(groups, parts: List[str], whole: str) -> Optional[int]:
    """The sentence where the first `together` group whose words are all in the story begins."""
    for group in groups:
        if all(p.search(whole) for p in group):
            return next((i for i, part in enumerate(parts) if group[0].search(part)), 0)
    return None


def names_kind(kind: str, text: Optional[str], kinds: Optional[Kinds] = None) -> bool:
    """Whether one sentence of the text names this kind with its own cues (whatever else it names)."""
    kinds = kinds or default()
    return any(_matches(kinds.cues[kind], fold_words(s)) for s in sentences(text or ""))


def set_aside(kind: str, text: Optional[str], kinds: Optional[Kinds] = None) -> bool:
    """Whether the story's words set this kind aside for the classifier's guess: its `unless` words for a
    weak kind ("my issue is with the insurance company itself", "charged me twice"), its `ruled_out` and
    `not_guessed` words, or none of its `guessed_with` words."""
    kinds = kinds or default()
    whole = " ".join(folded(s) for s in sentences(text or ""))
    weak = kind not in kinds.strong and _matches(kinds.unless.get(kind, ()), whole)
    needed = kinds.guessed_with.get(kind)
    if needed and not _matches(needed, whole):
        return True
    return weak or any(_matches(words.get(kind, ()), whole) for words in (kinds.ruled_out, kinds.not_guessed))


def in_group(group: str, text: Optional[str], kinds: Optional[Kinds] = None) -> bool:
    kinds = kinds or default()
    return _matches(kinds.groups[group], folded(text or ""))
