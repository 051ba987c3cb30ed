"""plans.yml: the words and plan names people use for their coverage, and the index to read them."""

from __future__ import annotations

from typing import Dict, Tuple

from bot.knowledge.model import Coverage, GazetteerEntry, OtherKind
from bot.knowledge.reader import _Reader


def gazetteer(r: _Reader, coverages: Tuple[str, ...], details: Tuple[str, ...]) -> Tuple[GazetteerEntry, ...]:
    entries, seen = [], {}
    for section, label in (("coverage_types", "coverage_type"), ("plans", "plan")):
        for key, raw in r.get(r.data, section, "", dict).items():
            path = f"{section}.{key}"
            aliases = tuple(" ".join(str(a).lower().split()) for a in r.get(raw, "aliases", path, list))
            exact = tuple(str(a) for a in r.get(raw, "exact_case", path, list, optional=True) or ())
            for alias in aliases + tuple(a.lower() for a in exact):
                if alias in seen:
                    raise r.fail(f"{path}.aliases", f"{alias!r} is also an alias of {seen[alias]}")
                seen[alias] = path
            entries.append(
                GazetteerEntry(
                    key=key,
                    label=label,
                    name=r.text(raw, "name", path, optional=True) or key,
                    aliases=aliases,
                    coverage=_optional(r, raw, "coverage", path, coverages),
                    detail=_optional(r, raw, "detail", path, details),
                    ppo_coverage=_optional(r, raw, "ppo_coverage", path, coverages),
                    needs=r.get(raw, "needs", path, str, optional=True),
                    exact_case=exact,
                )
            )
    return tuple(entries)


def _optional(r: _Reader, raw: dict, key: str, path: str, allowed: Tuple[str, ...]):
    value = r.get(raw, key, path, str, optional=True)
    return None if value is None else r.one_of(value, allowed, f"{path}.{key}")


def names(
    entries: Tuple[GazetteerEntry, ...], coverages: Dict[str, Coverage], kinds: Dict[str, OtherKind]
) -> Dict[str, GazetteerEntry]:
    """Alias or key -> entry. Button payloads send keys (coverage kinds, other-coverage kinds)."""
    index: Dict[str, GazetteerEntry] = {}
    for coverage in coverages:
        index[coverage] = GazetteerEntry(coverage, "coverage_type", coverage, (), coverage)
    with_kinds = next((c.key for c in coverages.values() if c.has_kinds), None)
    for kind in kinds.values():
        index[kind.key] = GazetteerEntry(kind.key, "coverage_type", kind.label, (), with_kinds, detail=kind.key)
    for entry in entries:
        index[entry.key] = entry
        for alias in entry.aliases + tuple(a.lower() for a in entry.exact_case):
            index[alias] = entry
    return index
