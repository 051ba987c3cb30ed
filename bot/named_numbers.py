"""A number asked for by name while the case goes on ("what's the ombudsman number?"): the named
place's phone from the knowledge data, whatever the open question or the route (probe P11). The
names are data (bot/knowledge_data/asked_numbers.yml); the numbers stay in agencies.yml and
problem_kinds.yml, each with its sources."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, Optional, Tuple

import yaml

from bot import problem_kinds
from bot.knowledge import KNOWLEDGE_DIR, Knowledge
from bot.language import fold
from bot.messages import say
from bot.referral import Referral
from bot.reply_types import Reply

DATA = KNOWLEDGE_DIR / "asked_numbers.yml"


@lru_cache(maxsize=1)
def _data() -> Dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> Tuple["re.Pattern[str]", Dict[str, "re.Pattern[str]"], "re.Pattern[str]"]:
    data = _data()
    number = re.compile(rf"(\b|#)({'|'.join(data['number_words'])})(\b|$)")
    places = {key: re.compile(rf"\b({'|'.join(names)})\b") for key, names in data["places"].items()}
    who = re.compile(rf"^\W*({'|'.join(data['who_words'])}) (the |a |an |el |la |los |las )?")
    return number, places, who


def _on_route() -> Dict[str, Dict[str, str]]:
    """By the routed agency, the place meant instead of the one the words name (asked_numbers.yml)."""
    return _data().get("on_route") or {}


def _who(folded: str) -> Optional[str]:
    """The place a question asks about by its name alone ("who is Livanta?", "¿quién es Livanta?")."""
    _, places, who = _patterns()
    opening = who.match(folded)
    rest = folded[opening.end() :] if opening else ""
    return next((key for key, pattern in places.items() if re.fullmatch(rf"{pattern.pattern}\W*", rest)), None)


def asked(text: str) -> Optional[str]:
    """The place whose number the message asks for by name (an agency or contact key), or None."""
    folded = fold(text or "")
    number, places, _ = _patterns()
    numbers = [m.start() for m in number.finditer(folded)]
    if not numbers:
        return _who(folded)
    return next((key for key, pattern in places.items() if _near(numbers, pattern, folded)), None)


# The place is named near the word "number" ("the number for the hearing", "HICAP's phone"), not anywhere
# in a story that also says "my numbers are all over the place" (blood sugar; dev3 d3en-035).
NEAR = 40


def _near(numbers, pattern: "re.Pattern[str]", folded: str) -> bool:
    return any(
        abs(m.start() - n) <= NEAR or abs(m.end() - n) <= NEAR for m in pattern.finditer(folded) for n in numbers
    )


def answer(text: str, kb: Knowledge, referral: Optional[Referral] = None) -> Optional[Reply]:
    """ "Call the Medi-Cal Ombudsman at 1-888-452-8609 (TTY 711)." for a number asked by name; "who
    is Livanta?" gets the place's full name. On the route given (`referral`), the same words may mean
    its own place: "the ombuds number" on a Covered California route is its Ombuds Office (probe s10 F04)."""
    key = asked(text)
    if key is None:
        return None
    if referral is not None:
        key = _on_route().get(referral.agency.key, {}).get(key, key)
    kinds = problem_kinds.default(kb.language)
    place = kinds.agencies.get(key) or kinds.contacts.get(key) or kb.agencies.get(key) or kb.contacts.get(key)
    if place is None or not place.phone:
        return None
    full = _who(fold(text or "")) is not None
    name = place.name if full else getattr(place, "short_name", None) or place.name
    if place.tty:
        return Reply(say(kb.language, "call_line_tty", name=name, number=place.phone, tty=place.tty), kb.language)
    return Reply(say(kb.language, "call_line", name=name, number=place.phone), kb.language)
