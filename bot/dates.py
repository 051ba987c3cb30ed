"""Dates people type, and deadlines counted from them.

Appeal deadlines run from the date on the plan's letter (their lengths are in
bot/knowledge_data/next_steps.yml). To tell someone their deadline
the assistant has to read that date from a chat message as people type it on a phone: "March 3",
"3/15/26", "el 3 de marzo", "hace dos semanas". This module finds that date and does the
calendar arithmetic, without any NLP library, so the rules are plain and testable.

Rules that matter:
- Numbers alone are not dates: "3 surgeries", "$2500", "2026", a phone number give None.
- An impossible date (Feb 30, 13/13/2026) gives None rather than a guess.
- 3/4/2026 is March 4 in English and 3 April in Spanish, unless one part is over 12.
- With no year, the date is the most recent one that is not after today.
- A written date wins over a relative one ("I got it yesterday, dated March 3" -> March 3).
- An amount of money ("I make about 1800 a month", "$900", "1,200 dólares al mes") is not a date,
  nor a date left unread (`money`).
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import Callable, Dict, Iterable, Optional, Tuple

from bot.knowledge import words as word_lists
from bot.language import DEFAULT, fold

# Each language's month names, other spellings and abbreviations (bot/knowledge_data/words/).
# Text is matched lowercased and without accents.
_WORDS = word_lists.default()
_MONTH_NUMBERS: Dict[str, int] = {
    name: number
    for language in _WORDS.values()
    for number, names in enumerate(language.months, start=1)
    for name in names
}


def _every(key: str) -> Tuple[str, ...]:
    """One list's words in every language, in order, once each."""
    return tuple(dict.fromkeys(word for language in _WORDS.values() for word in getattr(language, key)))


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so "mar" does not win over "marzo"."""
    return "|".join(sorted(words, key=len, reverse=True))


def _month(names: Iterable[str]) -> str:
    return rf"(?P<month>{_alternatives(names)})\b\.?"


# Some months' abbreviations are also words of another language ("set", "ago"): with the day
# first ("15 ago", "2 de set") they are months; before a number they are not.
_AFTER_DAY_ONLY = _every("month_only_after_day")
_MONTH_AFTER_DAY = _month(_MONTH_NUMBERS)
_MONTH_BEFORE_DAY = _month(name for name in _MONTH_NUMBERS if name not in _AFTER_DAY_ONLY)
# "3rd", "el primero", "3 de marzo del 2026": each language's first day, ordinal endings, and words
# before the month and the year.
_FIRST_DAY = _every("first_day")
_DAY_NUMBER = r"\d{1,2}(?!\d)"
_DAY = rf"(?P<day>{_alternatives(_FIRST_DAY + (_DAY_NUMBER,))})(?:{_alternatives(_every('ordinals'))})?\b"
_OPTIONAL_YEAR = rf"(?:(?:\s*,\s*|\s+)(?:(?:{_alternatives(_every('year_of'))})\s+)?(?P<year>\d{{4}})(?!\d))?"

# 2026-03-15, 2026/03/15
_YEAR_FIRST = re.compile(r"(?<!\d)(?P<year>\d{4})(?P<sep>[/.-])(?P<a>\d{1,2})(?P=sep)(?P<b>\d{1,2})(?!\d)")
# 3/15/2026, 15-03-26, 3.15.2026 (not part of a longer run of numbers such as a phone number)
_NUMERIC = re.compile(
    r"(?<!\d)(?<!\d[/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?!\d)(?![/.-]\d)"
)
# 10/3 with no year: read only where the person is giving a date (`short_numeric`); elsewhere it
# could be a fraction or "24/7".
_SHORT_NUMERIC = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])")
# March 3, 2026 / march 3rd 2026 / Mar 3 / marzo 3
_MONTH_FIRST = re.compile(rf"\b{_MONTH_BEFORE_DAY}\s+{_DAY}{_OPTIONAL_YEAR}")
# 3 March 2026 / 3rd of March / 3 de marzo del 2026 / el primero de mayo
_DAY_FIRST = re.compile(
    rf"(?<!\d){_DAY}\s+(?:(?:{_alternatives(_every('day_of'))})\s+)?{_MONTH_AFTER_DAY}{_OPTIONAL_YEAR}"
)

_TODAY, _YESTERDAY, _LAST_WEEK = (
    re.compile(rf"\b(?:{_alternatives(_every(key))})\b") for key in ("today", "yesterday", "last_week")
)
# "two weeks ago", "hace dos semanas": each language's phrase, with its counts and units.
_AGO = tuple(
    (
        re.compile(
            r"\b"
            + language.ago.replace("{count}", rf"\d{{1,3}}|{_alternatives(language.counts)}").replace(
                "{unit}", _alternatives(language.units)
            )
            + r"\b"
        ),
        language,
    )
    for language in _WORDS.values()
)

# A pattern and how to turn what it matched into a date (None when that date cannot exist).
_Form = Tuple["re.Pattern[str]", Callable[["re.Match[str]"], Optional[datetime.date]]]


def parse_date(
    text: str,
    today: datetime.date,
    language: str = "en",
    short_numeric: bool = False,
    day_first: Optional[bool] = None,
) -> Optional[datetime.date]:
    """The date given in `text`, or None if there is none or it cannot exist.

    `language` ("en" or "es") only decides how to read 3/4/2026 when both numbers could be the month.
    `short_numeric`: also read "10/3" (no year) as the most recent such date. `day_first` overrides the
    language's order (a plan's or county's letter prints 11/05/2026 month first, in Spanish too).
    """
    plain = fold(text or "")  # lower case, no accents: "Días" -> "dias", "1º" -> "1o"
    written = _first_match(plain, _written_forms(today, language, short_numeric, day_first))
    if written is not None:
        return written[1]
    relative = _first_match(plain, _relative_forms(today))
    return relative[1] if relative is not None else None


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later, or the month's last day if it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def add_days(start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=days)


def format_date(d: datetime.date, language: str) -> str:
    """ "March 3, 2026" in English, "3 de marzo de 2026" in Spanish: the language's `date_format`."""
    words_ = _WORDS.get(language) or _WORDS[DEFAULT]
    month = words_.months[d.month - 1][0]
    return words_.date_format.format(day=d.day, month=month, Month=month.capitalize(), year=d.year)


# A date just after "date of birth", "DOB", "fecha de nacimiento" is a birthday, never the letter's date.
_BIRTH = re.compile(
    rf"\b({'|'.join(p for language in _WORDS.values() for p in language.patterns['birth'])})\b\W{{0,4}}$"
)


def _first_match(text: str, forms: Tuple[_Form, ...]) -> Optional[Tuple[int, Optional[datetime.date]]]:
    """(position, date) of the earliest phrase any of `forms` finds, not a birthday; its date may be None."""
    found = []
    for pattern, read in forms:
        match = next((m for m in pattern.finditer(text) if not _BIRTH.search(text[: m.start()])), None)
        if match:
            found.append((match.start(), read(match)))
    return min(found, key=lambda item: item[0]) if found else None


def _written_forms(
    today: datetime.date, language: str, short_numeric: bool = False, day_first: Optional[bool] = None
) -> Tuple[_Form, ...]:
    day_first = (_WORDS.get(language) or _WORDS[DEFAULT]).day_first if day_first is None else day_first

    def month_and_day(m):
        a, b = int(m["a"]), int(m["b"])
        return (b, a) if a > 12 or (day_first and b <= 12) else (a, b)

    def year_first(m):
        return _valid_date(int(m["year"]), int(m["a"]), int(m["b"]))

    def numeric(m):
        return _valid_date(_full_year(m["year"]), *month_and_day(m))

    def short(m):
        return _most_recent(*month_and_day(m), today)

    def words(m):
        month = _MONTH_NUMBERS[m["month"]]
        day = 1 if m["day"] in _FIRST_DAY else int(m["day"])
        if m["year"]:
            return _valid_date(int(m["year"]), month, day)
        return _most_recent(month, day, today)

    forms = ((_YEAR_FIRST, year_first), (_NUMERIC, numeric), (_MONTH_FIRST, words), (_DAY_FIRST, words))
    return forms + ((_SHORT_NUMERIC, short),) if short_numeric else forms


def _relative_forms(today: datetime.date) -> Tuple[_Form, ...]:
    def ago(language):
        def read(m):
            count = int(m["count"]) if m["count"].isdigit() else language.counts[m["count"]]
            if language.units[m["unit"]]:
                return add_days(today, -count * language.units[m["unit"]])
            return add_months(today, -count)

        return read

    return (
        (_TODAY, lambda m: today),
        (_YESTERDAY, lambda m: add_days(today, -1)),
        (_LAST_WEEK, lambda m: add_days(today, -7)),
    ) + tuple((pattern, ago(language)) for pattern, language in _AGO)


def _full_year(digits: str) -> int:
    """Two-digit years are this century: 26 -> 2026."""
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _most_recent(month: int, day: int, today: datetime.date) -> Optional[datetime.date]:
    """The latest month/day not after `today`; None if that day never exists (Feb 30)."""
    for year in range(today.year, today.year - 9, -1):  # Feb 29 can be 8 years from the last one
        candidate = _valid_date(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
    return None


def _valid_date(year: int, month: int, day: int) -> Optional[datetime.date]:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# An amount: a currency sign or word by a number, or a number "a month" / "al mes" (not "a month ago").
_MONEY = re.compile(
    r"(\$\s?\d|\d\s?(dollars?|dolares|bucks|usd)\b"
    r"|\d\s+(a|per|each|every|al|por|a la|cada)\s+(month|week|year|hour|mes|semana|ano|hora)\b(?!\s+(ago|atras)))"
)


def money(text: str) -> bool:
    """Whether a message gives an amount of money ("I make about 1800 a month", "gano $900 al mes"),
    which is neither a date nor a date left unread (probe s10 E27)."""
    return bool(_MONEY.search(fold(text or "")))
