"""Which language to answer in (English, Spanish...), decided from what the person writes.

A person who writes in Spanish is answered in Spanish from the first reply. The language sticks
for the conversation; it changes when the person asks ("English", "en español") or writes a
message that is clearly in the other language. Short answers that fit both ("no", "Kaiser",
"HMO", a button) never change it. Spanglish ("mi insurance me denegó la surgery") counts as
Spanish: the grammar words are Spanish even when the nouns are English.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, Iterable, Mapping, Optional

from bot.knowledge import words
from bot.knowledge.words import Words

LANGUAGES = words.LANGUAGES
DEFAULT = LANGUAGES[0]

# Asking for a language switches to it: a short message that names it ("español", "English
# please"), or "in/en <language>" in a message of a sentence or two. A long story that mentions
# "letters in English" or a Spanish interpreter does not. Saying you do not speak or understand a
# language ("no hablo inglés", "I don't speak Spanish") asks for another one. The words are each
# language's (bot/knowledge_data/words/<language>.yml). A message of any length that opens by asking
# ("Spanish please: Kaiser denied...", "en español por favor, ...") asks too.
_SHORT = 6
_SENTENCE = 12
# A request in a long message: "can you give her the steps in spanish", "me lo puede mandar en ingles".
_ASKING = re.compile(r"\b(can|could|would|will) you\b|\b(please|pls|por favor|puede|podria|pueden|podrian)\b")
_WORD = re.compile(r"[a-z']+")
_SPEAK = re.compile(r"\b(speaks?|read|reads|understands?|hablo|habla|hablamos|hablan|entiendo|entiende|leo|lee)\b")


def _alternation(pieces: Iterable[str]) -> str:
    return "(" + "|".join(dict.fromkeys(pieces)) + ")"


# Phone Spanish spelled short ("me dijeron q no", "xq no me lo cubren"): read as the whole word, so the
# words and cues say each one once (probe s14 15 es16: "ya apele y me dijeron q no otra vez" was missed).
TEXTING = {
    "q": "que",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "tmb": "tambien",
    "pa": "para",
    "pal": "para el",
}
_TEXTING = re.compile(r"(?<![\w'&-])(" + "|".join(TEXTING) + r")(?![\w'&-])")


def fold(text: str) -> str:
    """Lower case without accents, so "Español" and "espanol" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_words(text: str) -> str:
    """`fold`, with texting's short words whole ("q" is "que"): for matching words only, never for
    positions in the text (the lengths differ)."""
    return _TEXTING.sub(lambda m: TEXTING[m.group(1)], fold(text))


def requested(text: str, every: Optional[Mapping[str, Words]] = None) -> Optional[str]:
    """The language the person asks for, if they ask for exactly one."""
    every = every or words.default()
    folded = fold(text or "")
    count = len(_WORD.findall(folded))
    asking_in = _alternation(p for w in every.values() for p in w.asking_in)
    not_speaking = rf"\b{_alternation(p for w in every.values() for p in w.not_speaking)}\b(\s+\w+){{0,3}}\s+"
    please = _alternation(p for w in every.values() for p in w.please)
    asked = set()
    for code, lang in every.items():
        name = _alternation(lang.names)
        # In a long story, "no la tenian en español" tells what someone else lacked (dev14 blind d14es-067).
        said = re.search(not_speaking + name + r"\b", folded)
        if said and (count <= _SENTENCE or _SPEAK.search(said.group(0))):
            others = [other for other in every if other != code]
            asked.add(others[0] if len(others) == 1 else _leaning(text, every, exclude=code))
        elif (
            (count <= _SENTENCE and re.search(rf"\b{asking_in} {name}\b", folded))
            # a long message that ends asking for it ("...can you give her the steps in spanish", probe s13 11 e04)
            or re.search(rf"\b{asking_in} {name}(\W+{please})?\W*$", folded)
            and bool(_ASKING.search(folded))
            or (count <= _SHORT and re.search(rf"\b{name}\b", folded))
            or re.match(rf"\W*({please} )?({asking_in} )?{name}\b(\W+{please}\b|\s*[,.:;!])", folded)
        ):
            asked.add(code)
    asked.discard(None)
    return asked.pop() if len(asked) == 1 else None


def evidence(text: str, every: Optional[Mapping[str, Words]] = None) -> Dict[str, int]:
    """Each language's evidence in a message: its marker words, plus its own letters and marks."""
    every = every or words.default()
    raw = (text or "").lower()
    found = _WORD.findall(fold(raw))
    return {
        code: sum(w in lang.markers for w in found) + sum(ch in lang.marker_letters for ch in raw)
        for code, lang in every.items()
    }


def _leaning(text: str, every: Mapping[str, Words], margin: int = 1, exclude: Optional[str] = None) -> Optional[str]:
    """The language the message leans to by `margin` points over every other, if one does."""
    found = {code: points for code, points in evidence(text, every).items() if code != exclude}
    best = max(found, key=found.get, default=None)
    if best is None or any(found[best] - points < margin for code, points in found.items() if code != best):
        return None
    return best


def decide(text: str, current: Optional[str], every: Optional[Mapping[str, Words]] = None) -> Optional[str]:
    """The language to answer this message in, given the conversation's language so far.

    From no language yet, one word of evidence is enough ("hola", "hi"); to move away from an
    established language the message must lean clearly (two words more) the other way. None while
    nothing has shown a language yet (the caller answers in DEFAULT).
    """
    asked = requested(text, every)
    if asked:
        return asked
    if (text or "").startswith("/"):  # a button payload says nothing about language
        return current
    return _leaning(text, every or words.default(), 1 if current is None else 2) or current


# Letters of scripts the assistant does not write (CJK, Hangul, Cyrillic, Arabic, Hebrew, Thai,
# Devanagari, Armenian, Khmer, Lao, Ethiopic...), and Vietnamese's own vowels: a message mostly in them,
# or with Tagalog's everyday words, is in a language the assistant does not speak (probe s10 M04).
_OTHER_SCRIPT = re.compile(
    "[\u0400-\u04ff\u0530-\u058f\u0590-\u06ff\u0900-\u097f\u0e00-\u0eff\u1200-\u137f\u1780-\u17ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
)
_VIETNAMESE = re.compile("[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
_TAGALOG = re.compile(r"\b(ang|ng|mga|po|hindi|ako|ko|ninyo|kayo|sa|ako'y|nang|siya|namin|salamat|opo)\b", re.I)


def foreign(text: str) -> bool:
    """Whether a message is in a language the assistant does not speak."""
    letters = [c for c in text or "" if c.isalpha()]
    if not letters:
        return False
    other = sum(1 for c in letters if _OTHER_SCRIPT.match(c))
    return other * 2 >= len(letters) or len(_VIETNAMESE.findall(text)) >= 2 or len(_TAGALOG.findall(text)) >= 3
