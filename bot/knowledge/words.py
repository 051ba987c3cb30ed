"""words/<language>.yml and languages.yml: the one list of languages, and each language's words.

What a message says is read from these lists (which language it is in, a month's name, "not
sure", "no", an emergency), never from words written in code, so a language is added with files.
Every language must have every list; the patterns of all languages are joined into one, since
people mix languages ("no se, my daughter set it up").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, Tuple

from bot.knowledge.reader import KNOWLEDGE_DIR, _read, _Reader

PATTERNS = (
    "greeting",
    "restart",
    "help",
    "unsure",
    "no_reason_given",
    "danger",
    "asks",
    "correction",
    "new_problem",
    "medi_cal_answer",
    "hearing_not_asked",
    "hearing_asked",
    "doubt",
    "hypothetical",
    "frustration",
    "letter_request",
    "lookup_request",
    "letter_named",
    "due_date",
    "answer_filler",
    "birth",
    "term_question",
    "question_opening",
    "question_fillers",
    "yes",
    "no",
    "negation",
    "articles",
    "or_words",
    "imr",
    "emergency",
    "urgent",
    "happening_now",
)
LISTS = (
    "names",
    "asking_in",
    "please",
    "not_speaking",
    "month_only_after_day",
    "today",
    "yesterday",
    "last_week",
    "first_day",
    "ordinals",
    "day_of",
    "year_of",
)


@dataclass(frozen=True)
class Words:
    language: str
    names: Tuple[str, ...]
    asking_in: Tuple[str, ...]
    please: Tuple[str, ...]
    not_speaking: Tuple[str, ...]
    markers: FrozenSet[str]
    marker_letters: str
    months: Tuple[Tuple[str, ...], ...]  # 12 rows: the name written in dates, then other spellings
    month_only_after_day: Tuple[str, ...]
    date_format: str
    day_first: bool
    today: Tuple[str, ...]
    yesterday: Tuple[str, ...]
    last_week: Tuple[str, ...]
    counts: Dict[str, int]
    units: Dict[str, int]  # days in each; 0 for a calendar month
    ago: str  # with {count} and {unit}
    first_day: Tuple[str, ...]
    ordinals: Tuple[str, ...]
    day_of: Tuple[str, ...]
    year_of: Tuple[str, ...]
    contractions: Tuple[Tuple[str, str], ...]
    sms_letters: Dict[str, str]
    patterns: Dict[str, Tuple[str, ...]]


def languages(directory: Path = KNOWLEDGE_DIR) -> Tuple[str, ...]:
    """The languages, the default first (languages.yml)."""
    r = _read(directory, "languages.yml")
    found = tuple(r.get(r.data, "languages", "", list))
    if not found or not all(isinstance(code, str) and re.fullmatch(r"[a-z]{2,3}", code) for code in found):
        raise r.fail("languages", "expected a list of language codes such as en, es")
    return found


def _strings(r: _Reader, node: dict, key: str, path: str) -> Tuple[str, ...]:
    values = r.get(node, key, path, list)
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise r.fail(f"{path}.{key}", f"{value!r} is not a word")
        try:
            re.compile(value)
        except re.error as error:
            raise r.fail(f"{path}.{key}", f"{value!r} is not a valid pattern: {error}") from None
    return tuple(values)


def _words(directory: Path, language: str) -> Words:
    r = _read(directory / "words", f"{language}.yml")
    r.filename = f"words/{language}.yml"
    patterns = r.get(r.data, "patterns", "", dict)
    return Words(
        language=language,
        markers=frozenset(r.get(r.data, "markers", "", str).split()),
        day_first=r.get(r.data, "day_first", "", bool),
        counts=_numbers(r, "counts"),
        units=_numbers(r, "units"),
        patterns={key: _strings(r, patterns, key, "patterns") for key in PATTERNS},
        **{key: _strings(r, r.data, key, "") for key in LISTS},
        **_forms(r),
    )


def _forms(r: _Reader) -> Dict[str, Any]:
    """The lists that have a shape of their own: months, the date and "ago" phrases, letters."""
    months = r.get(r.data, "months", "", list)
    if len(months) != 12 or not all(isinstance(row, list) and row for row in months):
        raise r.fail("months", "expected 12 months, each a list of names")
    date_format = r.text(r.data, "date_format", "")
    if not all(f"{{{part}}}" in date_format.lower() for part in ("day", "month", "year")):
        raise r.fail("date_format", "must say {day}, {month} (or {Month}) and {year}")
    ago = r.text(r.data, "ago", "")
    if "{count}" not in ago or "{unit}" not in ago:
        raise r.fail("ago", "must say {count} and {unit}")
    letters = r.get(r.data, "sms_letters", "", dict)
    if not all(isinstance(k, str) and isinstance(v, str) and len(k) == 1 for k, v in letters.items()):
        raise r.fail("sms_letters", "expected letter: plain letter pairs")
    marker_letters = r.data.get("marker_letters")
    if not isinstance(marker_letters, str):
        raise r.fail("marker_letters", 'expected the letters ("" for none)')
    contractions = r.get(r.data, "contractions", "", dict)
    _strings(r, {"contractions": list(contractions)}, "contractions", "")
    return {
        "months": tuple(tuple(str(name) for name in row) for row in months),
        "date_format": date_format,
        "ago": ago,
        "sms_letters": dict(letters),
        "marker_letters": marker_letters,
        "contractions": tuple((str(k), str(v)) for k, v in contractions.items()),
    }


def _numbers(r: _Reader, key: str) -> Dict[str, int]:
    found = r.get(r.data, key, "", dict)
    if not all(isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in found.items()):
        raise r.fail(key, "expected word: whole number pairs")
    return dict(found)


def load(directory: Path = KNOWLEDGE_DIR) -> Dict[str, Words]:
    """Every language's words, checked: each has every list (an empty list where it has none)."""
    return {code: _words(directory, code) for code in languages(directory)}


@lru_cache(maxsize=None)
def default() -> Dict[str, Words]:
    return load()


def pieces(key: str, every: Iterable[Words]) -> str:
    """One pattern's pieces from every language, as a regular-expression alternation."""
    found = [piece for words in every for piece in words.patterns[key]]
    return "|".join(dict.fromkeys(found))


def joined(key: str, every: Iterable[Words]) -> FrozenSet[str]:
    """One pattern's pieces from every language, as a set of words."""
    return frozenset(piece for words in every for piece in words.patterns[key])


LANGUAGES = languages()
