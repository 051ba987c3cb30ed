"""The assistant's own words, per language (bot/messages/<language>.yml).

Only the wording around the facts lives here; agencies, numbers and deadlines come from
bot/knowledge_data. The loader refuses a catalogue whose keys or {placeholders} differ from the
English one, or that writes a number (a number in a reply must come from the knowledge data).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Dict, Set

import yaml

from bot.knowledge import words
from bot.language import DEFAULT, LANGUAGES

MESSAGES_DIR = Path(__file__).parent / "messages"
_NUMBER = re.compile(r"\d")


class MessagesError(ValueError):
    """A catalogue is malformed; the message names the file and the key."""


def _placeholders(text: str) -> Set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def load(language: str, directory: Path = MESSAGES_DIR) -> Dict[str, str]:
    """One language's catalogue, checked against the English one."""
    catalogues = {}
    for code in {DEFAULT, language}:
        path = directory / f"{code}.yml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise MessagesError(f"{path.name}: cannot be read: {error}") from None
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in data.items()
        ):
            raise MessagesError(f"{path.name}: expected key: text pairs with no empty text (quote keys like yes/no)")
        for key, text in data.items():
            if _NUMBER.search(text):
                raise MessagesError(f"{path.name}: {key}: has a number; numbers come from bot/knowledge_data")
        catalogues[code] = {key: " ".join(text.split()) for key, text in data.items()}
    english, wanted = catalogues[DEFAULT], catalogues[language]
    if set(english) != set(wanted):
        raise MessagesError(f"{language}.yml: keys differ from en.yml: {sorted(set(english) ^ set(wanted))}")
    for key in english:
        if _placeholders(english[key]) != _placeholders(wanted[key]):
            raise MessagesError(f"{language}.yml: {key}: placeholders differ from en.yml")
    return wanted


@lru_cache(maxsize=None)
def catalogue(language: str = DEFAULT) -> Dict[str, str]:
    if language not in LANGUAGES:
        language = DEFAULT
    return load(language, MESSAGES_DIR)


# Words a language joins ("a el" is "al" in Spanish), made after the names are filled in: names from
# the knowledge data start with "el" ("el Centro de Ayuda del DMHC"). bot/knowledge_data/words/.
_CONTRACTIONS = {
    code: tuple((re.compile(pattern), replacement) for pattern, replacement in language.contractions)
    for code, language in words.default().items()
}


def say(language: str, key: str, **values: str) -> str:
    """The message `key` in `language`, with its placeholders filled."""
    text = catalogue(language)[key].format(**values)
    for pattern, replacement in _CONTRACTIONS.get(language, ()):
        text = pattern.sub(replacement, text)
    return text
