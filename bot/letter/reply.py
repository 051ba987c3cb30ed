"""What the assistant says about a letter: "Here is what I read: ..." with buttons to fix a field,
or a kind answer that says why it could not be read. Channel-neutral dicts, like bot.replies."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

import yaml

from bot import problem_kinds
from bot.dates import add_days, format_date
from bot.knowledge import Knowledge, default
from bot.language import DEFAULT, LANGUAGES
from bot.letter.case import stated_until
from bot.reply_types import Button, LetterCard, LetterErrorCard, Reply

MESSAGES = Path(__file__).parent / "messages.yml"
CORRECT_INTENT = "correct_letter"
DRAFT_INTENT = "draft_letter"
FIELD_ENTITY = "letter_field"
FIXABLE = ("coverage", "problem", "letter_date")


@lru_cache(maxsize=1)
def _catalogue() -> Dict[str, Dict[str, Any]]:
    data = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    missing = [code for code in LANGUAGES if code not in data]
    if missing:
        raise ValueError(f"{MESSAGES.name}: no part for {', '.join(missing)} (languages.yml)")
    for code in data:
        if _keys(data[code]) != _keys(data[DEFAULT]):
            raise ValueError(f"{MESSAGES.name}: {code} and {DEFAULT} must have the same keys")
    return data


def _keys(words: Mapping[str, Any], prefix: str = "") -> set:
    found = set()
    for key, value in words.items():
        found |= _keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return found


def say(language: str, key: str, **values: Any) -> str:
    node: Any = _catalogue()[language if language in LANGUAGES else DEFAULT]
    for part in key.split("."):
        node = node[part]
    return str(node).format(**values)


def _plan_words(letter: Mapping[str, Any], kb: Knowledge) -> Optional[str]:
    lang = kb.language
    entry = kb.plan(letter["plan"]) if letter.get("plan") else None
    name = entry.name if entry is not None and entry.label == "plan" else None
    coverage = letter.get("coverage")
    if coverage == "other_coverage" and letter.get("coverage_detail") in kb.other_kinds:
        kind = kb.other_kinds[letter["coverage_detail"]].label
    else:
        kind = say(lang, f"coverage_short.{coverage}") if coverage in kb.coverages and coverage != "unknown" else None
    if name and kind and kind != name:
        return f"{name} ({kind})"
    return name or kind


def summary(letter: Mapping[str, Any], kb: Knowledge) -> List[str]:
    """The parts read, in the order a person would say them."""
    lang = kb.language
    parts = [_plan_words(letter, kb)]
    parts.append(letter.get("service"))
    if letter.get("problem_detail"):
        parts.append(problem_kinds.label(letter["problem_detail"], kb))  # "Medi-Cal denied, ended or share of cost"
    elif letter.get("problem"):
        parts.append(say(lang, "denied_as", reason=say(lang, f"reasons.{letter['problem']}")))
    if letter.get("letter_date"):
        parts.append(say(lang, "dated", date=format_date(date.fromisoformat(letter["letter_date"]), lang)))
    return [p for p in parts if p]


def _deadline_line(letter: Mapping[str, Any], lang: str) -> Optional[str]:
    if letter.get("care_ends"):  # a Notice of Medicare Non-Coverage's own rule: noon the day before (letters.yml)
        end = date.fromisoformat(letter["care_ends"])
        noon = format_date(add_days(end, -1), lang)
        return say(lang, "care_ends", end=format_date(end, lang), noon=noon)
    stated = letter.get("appeal_deadline") or {}
    if not stated:
        return None
    unit, n = next(iter(stated.items()))
    amount = say(lang, unit, n=n)
    until = stated_until(letter)
    if until is None:
        return say(lang, "stated_deadline_undated", amount=amount)
    return say(lang, "stated_deadline", amount=amount, until=format_date(until, lang))


def _fix_button(field: str, lang: str) -> Button:
    return Button.to(say(lang, f"fix_{field.replace('letter_', '')}"), CORRECT_INTENT, **{FIELD_ENTITY: field})


def letter_read(letter: Mapping[str, Any], kb: Optional[Knowledge] = None) -> Reply:
    """ "Here is what I read: Kaiser Permanente (HMO), MRI, denied as not medically necessary,
    dated October 14, 2026." with the contract's `custom.letter` and a button per field read."""
    kb = kb or default()
    lang = kb.language
    parts = summary(letter, kb)
    complete = letter.get("coverage") and letter.get("problem")
    if parts:
        text = say(lang, "read" if complete else "read_some", summary=", ".join(parts))
    else:
        text = say(lang, "nothing_but")
    deadline = _deadline_line(letter, lang)
    buttons = [_fix_button(f, lang) for f in FIXABLE if letter.get(f)]
    if complete:
        buttons.append(Button.to(say(lang, "write_letter"), DRAFT_INTENT))
    lines = [text] + ([deadline] if deadline else []) + ([say(lang, "fix_prompt")] if buttons else [])
    card = LetterCard(
        **{k: letter.get(k) for k in ("plan", "coverage", "problem", "service", "letter_date", "language")}
    )
    return Reply("\n\n".join(lines), lang, tuple(buttons), card)


def letter_problem(kind: str, kb: Optional[Knowledge] = None) -> Reply:
    """Why the file could not be read, and that the questions go on as usual."""
    lang = (kb or default()).language
    return Reply(f"{say(lang, f'errors.{kind}')} {say(lang, 'errors_then')}", lang, card=LetterErrorCard(kind))


def ask_for_letter(kb: Optional[Knowledge] = None) -> Reply:
    lang = (kb or default()).language
    return Reply(say(lang, "ask_for_letter"), lang)


def need_case(kb: Optional[Knowledge] = None) -> Reply:
    lang = (kb or default()).language
    return Reply(say(lang, "need_case"), lang)


def fixing(field: Optional[str], kb: Optional[Knowledge] = None) -> Reply:
    """After a fix button: OK. Said without naming the field ("you read it wrong"): which one?"""
    lang = (kb or default()).language
    if field in FIXABLE:
        return Reply(say(lang, "fixing"), lang)
    return Reply(say(lang, "which_fix"), lang, tuple(_fix_button(f, lang) for f in FIXABLE))
