"""Reading one knowledge file: typed access that names `file: key.path` on every error, and the
translation overlay (bot/knowledge_data/<language>/<file>: the English keys with only the text)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple

import yaml

from bot.knowledge.model import Agency, Contact, KnowledgeError

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge_data"

# Keys whose values are data, not text: never translated, and a translation may not contain them.
NOT_TEXT = frozenset(
    {
        "phone",
        "phone_words",
        "tty",
        "fax",
        "website",
        "form",
        "facts",
        "sources",
        "coverage",
        "agency",
        "pathway",
        "fair_hearing",
        "contact",
        "imr_eligible",
        "months",
        "days",
        "routes",
        "grievance_first",
        "newer_letter_facts",
        "use_clocks",
        "medi_cal_use_clocks",
        "route",
        "match",
        "requires",
        "sets",  # followups.yml: the slot a situation sets
        "also_call",
        "medi_cal_also_call",
        "implies_coverage",
        "card_detail",  # problem_kinds.yml (bot/problem_kinds/)
        "adds",
        "shared_adds",
        "named_with",  # routing.yml: what a route or a kind adds
        "pathways",  # routing.yml: ids
    }
)

PHONE = re.compile(r"^(1-\d{3}-\d{3}-\d{4}|911|711)$")
FACT_ID = re.compile(r"^(seed|F\d+\.\d+)$")
PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")
NUMBER = re.compile(r"\d+")
BRACES = re.compile(r"\{[\w.]+\}")
URL = re.compile(r"https?://[^\s)]+")


class _Reader:
    """Typed access to one YAML file's data that reports `file: key.path` on every error."""

    def __init__(self, filename: str, data: Any) -> None:
        self.filename = filename
        self.data = data

    def fail(self, path: str, problem: str) -> KnowledgeError:
        return KnowledgeError(f"{self.filename}: {path}: {problem}")

    def get(self, node: Any, key: str, path: str, kind: type = str, optional: bool = False) -> Any:
        if not isinstance(node, Mapping):
            raise self.fail(path, "expected a mapping")
        here = f"{path}.{key}" if path else key
        if key not in node:
            if optional:
                return None
            raise self.fail(here, "missing key")
        value = node[key]
        if value is None and optional:
            return None
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            raise self.fail(here, f"expected text, got the number {value!r} (quote it)")
        if not isinstance(value, kind):
            raise self.fail(here, f"expected {kind.__name__}, got {type(value).__name__}")
        if kind is str and not value.strip():
            raise self.fail(here, "is empty")
        return value

    def text(self, node: Any, key: str, path: str, optional: bool = False) -> Optional[str]:
        value = self.get(node, key, path, str, optional)
        return " ".join(value.split()) if value is not None else None

    def phone(self, node: Any, key: str, path: str, optional: bool = False) -> Optional[str]:
        value = self.text(node, key, path, optional)
        if value is not None and not PHONE.match(value):
            raise self.fail(f"{path}.{key}", f"phone {value!r} is not written like 1-888-466-2219")
        return value

    def url(self, node: Any, key: str, path: str, optional: bool = True) -> Optional[str]:
        value = self.text(node, key, path, optional)
        if value is not None and not value.startswith(("http://", "https://")):
            raise self.fail(f"{path}.{key}", f"{value!r} is not a web address")
        return value

    def facts(self, node: Any, path: str) -> Tuple[str, ...]:
        ids = self.get(node, "facts", path, list)
        for fact in ids:
            if not isinstance(fact, str) or not FACT_ID.match(fact):
                raise self.fail(f"{path}.facts", f"{fact!r} is not a fact id (seed or F1.2)")
        return tuple(ids)

    def one_of(self, value: Any, allowed: Tuple[str, ...], path: str) -> str:
        if value not in allowed:
            raise self.fail(path, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def keys(self, node: Any, key: str, path: str, allowed: Tuple[str, ...]) -> Tuple[str, ...]:
        """An optional list of keys, each one of `allowed`."""
        values = self.get(node, key, path, list, optional=True) or []
        return tuple(self.one_of(value, allowed, f"{path}.{key}") for value in values)


def _read(directory: Path, name: str) -> _Reader:
    path = directory / name
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except FileNotFoundError:
        raise KnowledgeError(f"{name}: file is missing from {directory}") from None
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{name}: not valid YAML: {error}") from None
    if not isinstance(data, Mapping):
        raise KnowledgeError(f"{name}: expected a mapping at the top level")
    return _Reader(name, data)


def _has_text(value: Any) -> bool:
    if isinstance(value, str):
        return any(c.isalpha() for c in value)
    if isinstance(value, Mapping):
        return any(_has_text(v) for k, v in value.items() if k not in NOT_TEXT)
    if isinstance(value, list):
        return any(_has_text(v) for v in value)
    return False


def _merge_translation(base: Any, over: Any, path: str, r: _Reader) -> Any:
    """The English data with every text replaced by its translation.

    A translation must translate every text, add nothing that is not text, and keep every number,
    {placeholder} and web address of the English text: a translated deadline cannot say 60 days
    where the English says 6 months.
    """
    if isinstance(base, Mapping):
        if not isinstance(over, Mapping):
            raise r.fail(path or "top level", "expected a mapping, like the English file")
        extra = sorted(k for k in over if k not in base or k in NOT_TEXT)
        if extra:
            raise r.fail(path or "top level", f"not text to translate: {', '.join(map(str, extra))}")
        merged = {}
        for key, value in base.items():
            here = f"{path}.{key}" if path else str(key)
            if key in NOT_TEXT or not _has_text(value):
                merged[key] = value
            elif key not in over:
                raise r.fail(here, "missing translation")
            else:
                merged[key] = _merge_translation(value, over[key], here, r)
        return merged
    if isinstance(base, list):
        if not isinstance(over, list) or len(over) != len(base):
            raise r.fail(path, f"expected a list of {len(base)}, like the English file")
        return [_merge_translation(b, o, f"{path}[{i}]", r) for i, (b, o) in enumerate(zip(base, over))]
    if isinstance(base, str):
        if not isinstance(over, str) or not over.strip():
            raise r.fail(path, "expected a translated text")
        for what, pattern in (("numbers", NUMBER), ("placeholders", BRACES), ("web addresses", URL)):
            if sorted(pattern.findall(base)) != sorted(pattern.findall(over)):
                raise r.fail(path, f"{what} differ from the English text")
        return over
    return base


def _translate(base: _Reader, directory: Path, language: str) -> _Reader:
    overlay = _read(directory / language, base.filename)
    overlay.filename = f"{language}/{base.filename}"
    return _Reader(base.filename, _merge_translation(base.data, overlay.data, "", overlay))


def _sources(r: _Reader, raw: Any, path: str) -> Tuple[str, ...]:
    sources = r.get(raw, "sources", path, list)
    for i, source in enumerate(sources):
        r.url({"s": source}, "s", f"{path}.sources[{i}]", optional=False)
    return tuple(sources)


def _fill_placeholders(text: str, where: str, agencies: Dict[str, Agency], contacts: Dict[str, Contact]) -> str:
    """Replace {CDI.phone}-style references so a number is written only in agencies.yml."""

    def lookup(match: "re.Match[str]") -> str:
        owner, field = match.groups()
        record = agencies.get(owner) or contacts.get(owner)
        value = getattr(record, field, None) if record else None
        if not value:
            raise KnowledgeError(f"{where}: unknown reference {match.group(0)}")
        return value

    return PLACEHOLDER.sub(lookup, text)
