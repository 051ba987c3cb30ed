"""Read problem_cues.yml: the words that name each kind, the denial reasons, the named word groups and
the takeovers (coverage + words that decide the kind). Every cue is compiled at load, so a bad
pattern fails with its file and key."""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, Mapping, Pattern, Tuple

from bot import knowledge as kn
from bot.problem_kinds.model import REASONS, Kind, Takeover


def _pattern(r: "kn._Reader", cue: str, path: str) -> Pattern[str]:
    for name, words in r.data.get("words", {}).items():
        cue = cue.replace(f"<{name}>", words)
    try:
        # Whole words: no letter or digit just before or after (a cue may start with "$").
        return re.compile(rf"(?<!\w)(?:{cue})(?!\w)")
    except re.error as error:
        raise r.fail(path, f"not a valid pattern: {error}") from None


def _patterns(r: "kn._Reader", node: Iterable, path: str) -> Tuple[Pattern[str], ...]:
    compiled = tuple(_pattern(r, cue, f"{path}[{i}]") for i, cue in enumerate(node or ()))
    if not compiled:
        raise r.fail(path, "needs at least one cue")
    return compiled


def _together(r: "kn._Reader", node: Iterable, path: str) -> Tuple[Tuple[Pattern[str], ...], ...]:
    """`together` cues: lists of patterns that must all be somewhere in the story (any sentences)."""
    found = []
    for i, parts in enumerate(node or ()):
        if not isinstance(parts, list) or len(parts) < 2:
            raise r.fail(f"{path}[{i}]", "a `together` cue is a list of at least two patterns")
        found.append(tuple(_pattern(r, part, f"{path}[{i}]") for part in parts))
    return tuple(found)


KIND_KEYS = frozenset(
    ("strong", "cues", "together", "strong_cues", "strong_together", "unless", "ruled_out", "not_guessed")
    + ("guessed_with", "close_to")
)


def _known_keys(r: "kn._Reader", node: Dict[str, Any]) -> None:
    """A misspelt key would be read as nothing ("guessed_wiht"): it fails instead."""
    for key, raw in node.items():
        unknown = set(raw) - KIND_KEYS
        if unknown:
            expected = ", ".join(sorted(KIND_KEYS))
            raise r.fail(f"kinds.{key}", f"unknown key {sorted(unknown)[0]} (expected one of {expected})")


def kind_cues(r: "kn._Reader", kinds: Iterable[str]) -> Dict[str, Any]:
    """The `kinds` section: each kind's cues (the Kinds fields of the same names)."""
    node = r.get(r.data, "kinds", "", dict)
    if set(node) != set(kinds):
        raise r.fail("kinds", f"must list exactly {', '.join(kinds)} (in the order they are tried)")
    _known_keys(r, node)
    cues = {
        key: _patterns(r, r.get(raw, "cues", f"kinds.{key}", list), f"kinds.{key}.cues") for key, raw in node.items()
    }
    together = {
        key: _together(r, r.get(raw, "together", f"kinds.{key}", list, optional=True), f"kinds.{key}.together")
        for key, raw in node.items()
    }
    strong = frozenset(key for key, raw in node.items() if r.get(raw, "strong", f"kinds.{key}", bool))
    # `strong_cues`: words that decide like a strong kind's, for a kind that is otherwise weak.
    strong_cues = {
        key: _patterns(r, raw["strong_cues"], f"kinds.{key}.strong_cues")
        for key, raw in node.items()
        if raw.get("strong_cues")
    }
    strong_together = {
        key: _together(r, raw["strong_together"], f"kinds.{key}.strong_together")
        for key, raw in node.items()
        if raw.get("strong_together")
    }
    # `unless`: words anywhere in the story that make a weak kind's cues not count ("the plan denied
    # my surgery... I've waited months" is a denial, not a wait). `ruled_out`: words anywhere that rule a
    # kind out entirely, strong cues included ("self-employed, so no workers' comp"). `not_guessed`: words
    # that keep the classifier from naming a kind the cues did not read ("le negaron una cirugia en su
    # plan de medi-cal" is the plan's refusal, not eligibility). `guessed_with`: the classifier names the
    # kind only with one of these words in the story (Covered California, its help or a premium named).
    unless, ruled_out, not_guessed, guessed_with = (
        {k: _patterns(r, raw[name], f"kinds.{k}.{name}") for k, raw in node.items() if raw.get(name)}
        for name in ("unless", "ruled_out", "not_guessed", "guessed_with")
    )
    # `close_to`: kinds so near this one that the classifier swaps them only when very sure.
    close_to = {k: frozenset(raw["close_to"]) for k, raw in node.items() if raw.get("close_to")}
    return dict(
        strong=strong,
        close_to=close_to,
        cues=cues,
        strong_cues=strong_cues,
        strong_together=strong_together,
        unless=unless,
        ruled_out=ruled_out,
        not_guessed=not_guessed,
        guessed_with=guessed_with,
        together=together,
    )


def reasons_and_groups(r: "kn._Reader") -> Dict[str, Any]:
    """The `reasons` (the three IMR denials' words) and the named `groups` of words."""
    reasons_node = r.get(r.data, "reasons", "", dict)
    if set(reasons_node) != set(REASONS):
        raise r.fail("reasons", f"must be exactly {', '.join(REASONS)}")
    reasons = {key: _patterns(r, value, f"reasons.{key}") for key, value in reasons_node.items()}
    groups = {key: _patterns(r, value, f"groups.{key}") for key, value in r.get(r.data, "groups", "", dict).items()}
    return dict(reasons=reasons, groups=groups)


def takeovers(r: "kn._Reader", kinds: Mapping[str, Kind], groups: Mapping) -> Tuple[Takeover, ...]:
    """problem_cues.yml `takeovers`: coverage + words that decide the kind, whatever else was read."""
    found = []
    for i, raw in enumerate(r.get(r.data, "takeovers", "", list, optional=True) or ()):
        path = f"takeovers[{i}]"
        detail = raw.get("coverage_detail")
        kind = None if detail else r.one_of(raw.get("kind"), tuple(kinds), f"{path}.kind")
        when = r.one_of(raw.get("when"), tuple(groups), f"{path}.when")
        covers = tuple(r.one_of(c, kn.COVERAGES, f"{path}.coverage") for c in raw.get("coverage") or ())
        named = tuple(kinds) + REASONS + ("plan_service",)
        unless = tuple(r.one_of(k, named, f"{path}.unless") for k in raw.get("unless") or ())
        only = tuple(r.one_of(k, named, f"{path}.only") for k in raw.get("only") or ())
        if not covers:
            raise r.fail(f"{path}.coverage", "names the coverages it applies to")
        found.append(Takeover(kind, covers, when, unless, only, detail))
    return tuple(found)
