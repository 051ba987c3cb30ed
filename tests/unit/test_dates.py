"""Dates are read from chat messages as people type them, and deadlines land on real calendar days."""

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates import add_days, add_months, format_date, parse_date

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("March 3, 2026", date(2026, 3, 3)),
        ("march 3rd 2026", date(2026, 3, 3)),
        ("Mar 3", date(2026, 3, 3)),
        ("Mar. 3, 2026", date(2026, 3, 3)),
        ("3 March 2026", date(2026, 3, 3)),
        ("the 3rd of March", date(2026, 3, 3)),
        ("the letter is dated June 2", date(2026, 6, 2)),
        ("denied on Monday, March 2 2026", date(2026, 3, 2)),
        ("March 3,2026", date(2026, 3, 3)),
        ("2026-03-15", date(2026, 3, 15)),
        ("2026/3/5", date(2026, 3, 5)),
        ("3/15/2026", date(2026, 3, 15)),
        ("3/15/26", date(2026, 3, 15)),
        ("3-15-2026", date(2026, 3, 15)),
        ("3.15.2026", date(2026, 3, 15)),
        ("the letter says 3/15/2026.", date(2026, 3, 15)),
        ("I got it yesterday but it is dated March 3", date(2026, 3, 3)),
    ],
)
def test_english_formats(text, expected):
    assert parse_date(text, TODAY, "en") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3 de marzo de 2026", date(2026, 3, 3)),
        ("el 3 de marzo", date(2026, 3, 3)),
        ("3 de marzo del 2026", date(2026, 3, 3)),
        ("3 de Marzo, 2026", date(2026, 3, 3)),
        ("marzo 3", date(2026, 3, 3)),
        ("15/03/2026", date(2026, 3, 15)),
        ("1 de setiembre de 2025", date(2025, 9, 1)),
        ("1 de septiembre de 2025", date(2025, 9, 1)),
        ("el primero de mayo", date(2026, 5, 1)),
        ("el 1º de mayo", date(2026, 5, 1)),
        ("el lunes 5 de octubre de 2026", date(2026, 10, 5)),
        ("la carta dice 4 de FEBRERO", date(2026, 2, 4)),
    ],
)
def test_spanish_formats(text, expected):
    assert parse_date(text, TODAY, "es") == expected


@pytest.mark.parametrize(
    "abbreviation,month",
    [
        ("ene", 1),
        ("feb", 2),
        ("mar", 3),
        ("abr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("ago", 8),
        ("sep", 9),
        ("sept", 9),
        ("set", 9),
        ("oct", 10),
        ("nov", 11),
        ("dic", 12),
    ],
)
def test_spanish_month_abbreviations(abbreviation, month):
    assert parse_date(f"10 {abbreviation} 2025", TODAY, "es") == date(2025, month, 10)
    assert parse_date(f"10 de {abbreviation}. de 2025", TODAY, "es") == date(2025, month, 10)


@pytest.mark.parametrize(
    "text",
    ["9 de diciembre de 2025", "9 de diciémbre de 2025", "9 DE DICIEMBRE DE 2025", "9 de dic 2025"],
)
def test_accents_and_case_do_not_matter(text):
    assert parse_date(text, TODAY, "es") == date(2025, 12, 9)


@pytest.mark.parametrize(
    "text,language,expected",
    [
        ("3/4/2026", "en", date(2026, 3, 4)),
        ("3/4/2026", "es", date(2026, 4, 3)),
        ("04.03.2026", "en", date(2026, 4, 3)),
        ("04.03.2026", "es", date(2026, 3, 4)),
        # A part over 12 can only be the day, whatever the language.
        ("15/3/2026", "en", date(2026, 3, 15)),
        ("15/3/2026", "es", date(2026, 3, 15)),
        ("3/15/2026", "en", date(2026, 3, 15)),
        ("3/15/2026", "es", date(2026, 3, 15)),
        ("12/12/2025", "es", date(2025, 12, 12)),
    ],
)
def test_day_or_month_first(text, language, expected):
    assert parse_date(text, TODAY, language) == expected


def test_relative_phrase_before_a_number_is_not_a_month():
    assert parse_date("2 weeks ago 15 visits were denied", TODAY) == date(2026, 6, 1)


def test_english_is_the_default_language():
    assert parse_date("3/4/2026", TODAY) == date(2026, 3, 4)


@pytest.mark.parametrize(
    "text,today,expected",
    [
        ("December 20", date(2026, 1, 10), date(2025, 12, 20)),
        ("20 de diciembre", date(2026, 1, 10), date(2025, 12, 20)),
        ("January 10", date(2026, 1, 10), date(2026, 1, 10)),
        ("January 11", date(2026, 1, 10), date(2025, 1, 11)),
        ("Feb 29", date(2026, 6, 1), date(2024, 2, 29)),
        ("Feb 29", date(2028, 3, 1), date(2028, 2, 29)),
    ],
)
def test_missing_year_is_the_most_recent_past_date(text, today, expected):
    assert parse_date(text, today) == expected


def test_explicit_future_date_is_returned_as_is():
    assert parse_date("March 3, 2027", TODAY) == date(2027, 3, 3)
    assert parse_date("3/15/2027", TODAY) == date(2027, 3, 15)


@pytest.mark.parametrize(
    "text,language,expected",
    [
        ("I got it today", "en", TODAY),
        ("hoy", "es", TODAY),
        ("yesterday", "en", date(2026, 6, 14)),
        ("me llegó ayer", "es", date(2026, 6, 14)),
        ("3 days ago", "en", date(2026, 6, 12)),
        ("three days ago", "en", date(2026, 6, 12)),
        ("2 weeks ago", "en", date(2026, 6, 1)),
        ("a week ago", "en", date(2026, 6, 8)),
        ("one month ago", "en", date(2026, 5, 15)),
        ("twelve months ago", "en", date(2025, 6, 15)),
        ("last week", "en", date(2026, 6, 8)),
        ("la semana pasada", "es", date(2026, 6, 8)),
        ("hace 3 días", "es", date(2026, 6, 12)),
        ("hace tres dias", "es", date(2026, 6, 12)),
        ("hace una semana", "es", date(2026, 6, 8)),
        ("hace dos semanas", "es", date(2026, 6, 1)),
        ("hace un mes", "es", date(2026, 5, 15)),
        ("hace 6 meses", "es", date(2025, 12, 15)),
        ("hace doce meses", "es", date(2025, 6, 15)),
    ],
)
def test_relative_dates(text, language, expected):
    assert parse_date(text, TODAY, language) == expected


def test_months_ago_lands_on_a_real_day():
    assert parse_date("3 months ago", date(2026, 5, 31)) == date(2026, 2, 28)
    assert parse_date("hace 1 mes", date(2026, 3, 31), "es") == date(2026, 2, 28)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "my MRI was denied",
        "I had 3 surgeries",
        "24 visits",
        "call 1-888-466-2219",
        "they want $2500",
        "2026",
        "back in 2025",
        "6 months",
        "I have 6 months to appeal",
        "in 3 days",
        "February 30, 2026",
        "30 de febrero",
        "13/13/2026",
        "0/5/2026",
        "March",
        "marzo de 2026",
        "el lunes",
        "I need 3 or 4 visits",
        "they set 2 appointments",
    ],
)
def test_no_date(text):
    assert parse_date(text, TODAY, "en") is None
    assert parse_date(text, TODAY, "es") is None


@pytest.mark.parametrize(
    "start,months,expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2028, 2, 29), 6, date(2028, 8, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 3, 3), 0, date(2026, 3, 3)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "start,days,expected",
    [
        (date(2025, 12, 20), 30, date(2026, 1, 19)),
        (date(2025, 7, 5), 180, date(2026, 1, 1)),
        (date(2028, 2, 28), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 1, date(2028, 3, 1)),
        (date(2026, 2, 28), 1, date(2026, 3, 1)),
        (date(2026, 1, 1), -1, date(2025, 12, 31)),
    ],
)
def test_add_days(start, days, expected):
    assert add_days(start, days) == expected


@pytest.mark.parametrize(
    "d,language,expected",
    [
        (date(2026, 3, 3), "en", "March 3, 2026"),
        (date(2026, 3, 3), "es", "3 de marzo de 2026"),
        (date(2025, 12, 31), "en", "December 31, 2025"),
        (date(2025, 9, 1), "es", "1 de septiembre de 2025"),
    ],
)
def test_format_date(d, language, expected):
    assert format_date(d, language) == expected


@given(d=st.dates(max_value=date(9997, 12, 31)), n=st.integers(min_value=0, max_value=24))
def test_add_months_stays_in_the_target_month(d, n):
    months_since_year_zero = d.year * 12 + d.month - 1 + n
    year, month = divmod(months_since_year_zero, 12)
    result = add_months(d, n)
    assert (result.year, result.month) == (year, month + 1)
    assert result.day == min(d.day, calendar.monthrange(year, month + 1)[1])


@given(
    d=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    language=st.sampled_from(["en", "es"]),
)
def test_format_then_parse_round_trips(d, today, language):
    assert parse_date(format_date(d, language), today, language) == d


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("10/3", "en", date(2025, 10, 3)),
        ("10/3", "es", date(2025, 3, 10)),
        ("the letter says 1/5", "en", date(2026, 1, 5)),
        ("15/12", "en", date(2025, 12, 15)),
    ],
)
def test_a_month_and_day_without_year_is_read_only_when_asked_for_a_date(text, language, expected):
    today = date(2026, 1, 10)
    assert parse_date(text, today, language, short_numeric=True) == expected
    assert parse_date(text, today, language) is None
