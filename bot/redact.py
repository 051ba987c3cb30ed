"""Remove what identifies a person from text before it is stored or logged, in English and Spanish.

Removed: names people give ("my name is", "me llamo"), street addresses, apartments, P.O. boxes and
ZIP codes, full dates (a date of birth looks like any other date; "born"/"nací" marks a shorter
one too), SSNs however they are separated, Medicare numbers (MBI), member, subscriber, record,
claim and other numbers after the word that names them, phone numbers (extensions, slashes,
country codes), emails (also "name(at)gmail.com") and card numbers.

Kept on purpose, because the assistant and the person need them: the public phone numbers of the
knowledge data (bot/knowledge_data/*.yml: "1-888-466-2219" is the Help Center, not a person), amounts
("$250", "1,200 dollars"), durations ("30 days"), years, and dates without a year ("March 3").
The date on a plan's letter is kept as a slot (storage keeps that slot), not in the text.

Patterns, not a statistical recognizer: no NER model can be installed here, and a recognizer
without one (Presidio on a blank spaCy pipeline) is pattern matching too, English-only, without
the Spanish triggers or the public-number allowlist this needs. tools/eval_pii.py measures these
patterns on a labelled corpus (tests/privacy/pii_corpus.yml).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, List, Optional, Set, Tuple

MARK = "[removed]"
RECENT_YEARS = 2  # a plan's letter older than this is not a letter whose deadlines are still running
KNOWLEDGE_DIR = Path(__file__).parent / "knowledge_data"

Span = Tuple[int, int, str]

_DASH = "\u2010-\u2015\u2212"  # hyphen, en and em dashes, minus: people (and phones) type all of them
_SEP = rf"[\s.\-{_DASH}/]"
_MONTHS_EN = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTHS_ES = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre|"
    r"ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic"
)
_MONTH = rf"(?:{_MONTHS_EN}|{_MONTHS_ES})\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th|º|°)?"
_YEAR = r"(?:19|20)\d{2}"

# Words that start the value they name. The value must hold at least 4 digits (checked below).
_ID_WORDS = (
    r"member|subscriber|mbi|policy|group|medi-?cal|medicare|medicaid|cin|mrn|medical record|record|chart|account|acct|"
    r"claim|case|reference|ref|confirmation|authorization|auth|card|beneficiary|insurance|ssn|ss#|"
    r"social security|social|driver'?s licen[cs]e|licen[cs]e|passport|itin|tax id|"
    r"miembro|afiliado|socio|identificaci[oó]n|expediente|p[oó]liza|reclamo|reclamaci[oó]n|caso|tarjeta|"
    r"beneficiario|seguro social|licencia|cuenta|pasaporte|id|i\.d\."
)
_ID_FILLER = (
    r"(?:\s*(?:id|i\.d\.|number|num|no\.?|n[º°o]\.?|#|n[uú]mero|is|es|was|era|:|de|del|mi|my|"
    r"ending in|ends in|last four|last 4|[uú]ltimos (?:4|cuatro)|(?:que )?termina en)\s*){0,4}"
)
# ... with letters-only parts between dashes too ("WC claim 05-CA-2291-88", probe s13 11 e40).
_ID_VALUE = (
    rf"(?:[A-Z]{{1,4}}[\s\-{_DASH}]?)?[A-Z0-9]*\d[A-Z0-9]*"
    rf"(?:[\s\-{_DASH}./][A-Z0-9]*\d[A-Z0-9]*|-[A-Z]{{1,4}}(?=-[A-Z0-9]*\d))*"
)

# A name given after one of these; up to four words (capitalised words, or up to three plain ones).
_NAME_TRIGGER = (
    r"my name is|my name's|i am called|(?:patient(?:'s)? name|patient|name|nombre|paciente)\s*:|"
    r"my (?:son|daughter|husband|wife|mother|mom|father|dad|child|kid|partner)'?s name is|"
    r"me llamo|mi nombre es|mi (?:hijo|hija|esposo|esposa|mam[aá]|madre|pap[aá]|padre) se llama|"
    # "his name is Caspian", "se llama Araceli", a letter's "Member: ..." / "Miembro: ..." (probe s10 D04, P08)
    r"(?:his|her|their) name is|(?:he|she) is called|(?:[eé]l|ella) se llama|se llama|"
    r"(?:member|member name|enrollee|beneficiary|miembro|nombre del miembro|beneficiari[oa]|afiliad[oa])\s*:|"
    r"signed|sincerely|atentamente"
)
_PARTICLES = {"de", "del", "la", "las", "los", "van", "von", "da", "di", "le", "y"}
# Capitalised words that are not names ("Kaiser denied", "Gracias").
_NOT_NAMES = set(
    "and but or i im i'm my me from with in at on for to is was the a an not so have has had am are it "
    "its this that they kaiser denied plan please thanks thank hi hello help because who what pero mi yo "
    "con en tengo soy estoy es que por para el mis no gracias hola ayuda negaron porque medi-cal medicare "
    "medical also too también tambien blue shield cross anthem aetna cigna health net molina sharp united "
    "covered california tricare la l.a. care partnership calviva caloptima iehp inland kern gold western "
    "sutter dignity stanford ucla ucsf valley community my urgent urgente important importante serious "
    "ridiculous unacceptable desperate desesperada desesperado mexicana mexicano latina latino hispanic "
    "diabetic diabetica diabetico pregnant embarazada disabled discapacitada discapacitado "
    "any again advance everyone all god dios".split()
)
# "I'm Maria Lopez", "this is Tom", "soy Rosa Díaz", "my husband John", "mi esposo Juan Pérez": only
# capitalised words that are not common ones nor a plan's ("this is Blue Shield").
_SELF_INTRO = (
    # "soy el hijo de Ramón Aguilar Soto", "I'm the daughter of Ana Ruiz" (probe s12 9 c46: the name stayed),
    # before "soy" and "I'm" alone
    r"\b(?:soy (?:el|la) (?:hij[oa]|espos[oa]|niet[oa]|sobrin[oa]|herman[oa]|cuidador[a]?) de|"
    r"(?:i'?m|i am) (?:the )?(?:son|daughter|husband|wife|grandson|granddaughter|nephew|niece|caregiver) of|"
    # "I am his son Gary", "our daughter Emily Rose Carter", "soy su hija Ana" (probe s13 11 e34, e44)
    r"(?:i'?m|i am) (?:his|her|their) (?:son|daughter|husband|wife|grandson|granddaughter|nephew|niece|caregiver)|"
    r"soy su (?:hij[oa]|espos[oa]|niet[oa]|sobrin[oa]|herman[oa]|cuidador[a]?)|"
    r"i'?m|i am|this is|soy|"
    # ... and set off by a comma: "my mom, Maria Lopez, she lives..." (probe s14 16 EN10: the name was stored)
    r"(?:my|our|his|her) (?:husband|wife|son|daughter|mom|mother|dad|father|grandson|granddaughter|sister|brother|"
    r"grandma|grandmother|grandpa|grandfather|aunt|uncle|partner|child|kid)(?:\s*,)?|"
    r"(?:mi|nuestr[oa]) (?:esposo|esposa|hijo|hija|mam[aá]|madre|pap[aá]|padre|nieto|nieta|herman[oa]|abuel[oa]|"
    r"t[ií][oa]|suegr[oa])(?:\s*,)?|"
    # a letter's sign-off: "Thank you kindly, Dolores P. Hutchins" (probe s13 11 e23)
    r"(?:thank you(?: kindly| so much| very much| in advance)?|thanks(?: so much| a lot| in advance)?|regards|best|gracias|saludos)"
    r"\s*[,.!]?(?:\s*[-—])?)\s+"
)


def _compile(pattern: str, flags: int = re.I) -> "re.Pattern[str]":
    return re.compile(pattern, flags)


_EMAIL = _compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_SPELLED = _compile(
    r"(?<![\w.+-])[\w.+-]+\s*(?:\(at\)|\[at\]|\{at\}|\(arroba\)|\s+at\s+|\s+arroba\s+)\s*[\w-]+"
    r"\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+|\s+punto\s+)\s*(?:com|org|net|edu|gov|us|mx|es|io|co)\b"
)
_SPELLED_DOMAIN = _compile(r"(?:\.|dot|punto)\W*(?:com|org|net|edu|gov|us|mx|es|io|co)\b")
_DATES = [
    _compile(rf"\b\d{{1,2}}[/.\-{_DASH}]\d{{1,2}}[/.\-{_DASH}](?:\d{{4}}|\d{{2}})\b"),
    _compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    _compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?:de\s+|del\s+)?{_YEAR}\b"),
    _compile(rf"\b{_DAY}\s+(?:of\s+|de\s+)?{_MONTH},?\s+(?:de\s+|del\s+)?{_YEAR}\b"),
    # After "born"/"nací"/"DOB", a date without its year, or a year alone, is a date of birth.
    _compile(
        rf"\b(?:born|dob|d\.o\.b\.?|birthday|date of birth|birth date|birthdate|nac[ií]|nacimiento|cumplea[nñ]os)"
        rf"\s*(?:(?:on|in|is|was|el|en|es|fue|:)\s*){{0,2}}(?P<v>{_MONTH}\s+{_DAY}|{_DAY}\s+(?:of\s+|de\s+)?{_MONTH}|\d{{1,2}}/\d{{1,2}}|{_YEAR})\b"
    ),
]
_ADDRESSES = [
    _compile(
        r"\b\d{1,6}[A-Z]?\s+(?:[NSEW]\.?\s+)?(?:[\w'.-]+\s+){1,3}"
        r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|circle|cir|"
        r"terrace|ter|highway|hwy|parkway|pkwy|trail|square|loop|alley)\b\.?"
        r"(?:,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*\w+)?"
    ),
    _compile(
        r"\b(?:calle|avenida|avda|av|camino|bulevar|paseo|carretera|privada|colonia)\.?\s+(?:[\w'.-]+\s+){0,3}(?:#\s*|n[uú]m\.?\s*|no\.?\s*)?\d{1,6}[A-Z]?\b"
    ),
    # The number first, the Spanish way it is often written in California ("1423 Calle Olivo", "245
    # Avenida Central", "el 88 de la calle Pino"): the street's name is its next one or two words.
    _compile(
        r"\b\d{1,6}[A-Z]?\s+(?:de\s+la\s+)?(?:calle|avenida|avda|av|camino|bulevar|paseo|carretera|privada)\.?\s+"
        r"[\w'.-]+(?:\s+(?!(?:y|e|en|de|del|la|el|con|por|para|pero|que|me|mi|and|in|on)\b)[\w'.-]+)?"
    ),
    _compile(
        r"\b(?:p\.?\s*o\.?\s*box|post office box|apartado(?:\s+postal)?|casilla(?:\s+postal)?)\s*(?:#|no\.?|n[uú]m\.?)?\s*\d+\b"
    ),
    _compile(r"\b(?:apt|apartment|apartamento|depto|departamento|unit|suite|ste)\.?\s*#?\s*\d+[A-Z]?\b"),
    _compile(r"(?<![$\d,.])\b\d{5}(?:-\d{4})?\b(?!\s*(?:dollars|d[oó]lares|usd))"),  # ZIP code
]
_SSN = _compile(rf"(?<![\w$])\d{{3}}[\s.\-{_DASH}]?\d{{2}}[\s.\-{_DASH}]?\d{{4}}(?!\w)")
_MBI = _compile(
    r"\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[\s-]?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[\s-]?"
    r"[AC-HJKMNP-RT-Y]{2}\d{2}\b"
)
_CONTEXT_ID = _compile(rf"\b(?:{_ID_WORDS})\b{_ID_FILLER}\s*({_ID_VALUE})")
# Phone and card numbers: 7 or more digits in groups, with an optional country code and extension.
_LONG_NUMBER = _compile(
    rf"(?<![\w$])(?:\+|00|011)?\s?\(?\d(?:\)?[\s.\-{_DASH}/]{{0,2}}\(?\d){{6,}}"
    r"(?:\s*(?:x|ext\.?|extension|extensi[oó]n)\s*\d{1,6})?(?!\w|-[A-Z])"
)  # not 1-800-927-HELP: a public line
_ID_TOKEN = _compile(r"(?<![$\d,.])\b(?=[A-Z0-9-]*\d{5})[A-Z0-9][A-Z0-9-]{4,}\b(?!\s*(?:dollars|d[oó]lares|usd))")
# A code of a procedure or a form is not a person's number ("CPT 99213").
_CODE_BEFORE = _compile(r"(?:cpt|(?<!zip )code|c[oó]digo|procedure|form|formulario)\s*(?:code|#|:)?\s*$")
_ID_ANCHORS = {w for w in re.findall(r"[^\W\d_]+", _ID_WORDS.replace("[oó]", "o").replace("[cs]", "c"))} | {
    "poliza",
    "póliza",
    "identificación",
    "reclamación",
    "licence",
    "license",
    "i",
}
# The first word of each name trigger (the patterns are only tried there).
_NAME_ANCHORS = set(
    "his her their he she el él ella se member enrollee beneficiary miembro beneficiario "
    "beneficiaria afiliado afiliada my i im this soy patient name nombre paciente me mi signed sincerely "
    "atentamente our nuestro nuestra thank thanks regards best gracias saludos".split()
)
_NAME = _compile(rf"\b(?:{_NAME_TRIGGER})\s*[:,]?\s+")
_SELF = _compile(_SELF_INTRO)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@lru_cache(maxsize=1)
def public_numbers() -> Set[str]:
    """Every US phone number written in the knowledge data (10 digits, without the leading 1)."""
    numbers = set()
    for path in KNOWLEDGE_DIR.rglob("*.yml"):
        for match in _LONG_NUMBER.finditer(path.read_text(encoding="utf-8")):
            digits = _digits(match.group())
            if len(digits) == 11 and digits.startswith("1"):
                digits = digits[1:]
            if len(digits) == 10:
                numbers.add(digits)
    return numbers


def _is_public(text: str) -> bool:
    digits = _digits(text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits in public_numbers()


def _name_end(text: str, start: int, capitalised_only: bool) -> int:
    """Where a name that starts at `start` ends (== start if no name is there): up to four words,
    all capitalised if the first is, stopping at a common word or punctuation."""
    end, words, first_capital = start, 0, None
    for token in re.finditer(r"[^\S\n]*(\S+)", text[start : start + 80]):
        parts = re.fullmatch(r"([^\W\d_][\w'’-]*\.?)([,;:!?)]*)", token.group(1))
        if not parts or (token.start() > 0 and "\n" in token.group()):
            break
        word = parts.group(1)
        lower, capital = word.lower().rstrip("."), word[:1].isupper()
        if first_capital is None:
            shouted = capitalised_only and len(word) > 2 and word.isupper()  # "this is URGENT"
            if lower in _NOT_NAMES or lower in _PARTICLES or (capitalised_only and not capital) or shouted:
                break
            first_capital = capital
        elif lower in _PARTICLES and not parts.group(2):
            continue
        elif lower in _NOT_NAMES or (first_capital and not capital) or words >= (4 if first_capital else 3):
            break
        end = start + token.start(1) + (len(word) if len(word) <= 2 else len(word.rstrip(".")))
        words += 1
        if parts.group(2) or (word.endswith(".") and len(word) > 2):
            break  # punctuation, or a full stop after a word (not an initial): the name ends
    return end


def _names(text: str) -> List[Span]:
    spans = []
    for trigger, capitalised_only in ((_NAME, False), (_SELF, True)):
        for match in _simple(trigger, "name", anchors=_NAME_ANCHORS)(text):
            end = _name_end(text, match[1], capitalised_only)
            if end > match[1]:
                spans.append((match[1], end, "name"))
    return spans


def _context_ids(text: str) -> List[Span]:
    spans = []
    if not _digit_count(4)(text):
        return spans
    words = _ID_ANCHORS
    for match in (
        m
        for m in (_CONTEXT_ID.match(text, w.start()) for w in _WORDS.finditer(text) if w.group().lower() in words)
        if m
    ):
        value = match.group(1)
        digits = _digits(value)
        if len(digits) >= 4 and not (len(value) == 4 and re.fullmatch(_YEAR, value)):
            spans.append((match.start(1), match.end(1), "id"))
    return spans


_WORDS = re.compile(r"[^\W\d_]+")
_YEAR_IN = re.compile(_YEAR)
_FIVE_DIGITS = re.compile(r"\d{5}")


def _simple(
    pattern: "re.Pattern[str]",
    label: str,
    keep: Callable[[str, int], bool] = lambda _t, _s: False,
    when: Callable[[str], bool] = lambda _t: True,
    anchors: Optional[Set[str]] = None,
):
    """A detector from one pattern; its group `v`, if it has one, is what is removed.
    Speed (it runs on every stored field and log line): `when` is a cheap precondition, and with
    `anchors` the pattern is only tried where one of those words starts."""
    group = "v" if "v" in pattern.groupindex else 0

    def matches(text: str):
        if anchors is None:
            return pattern.finditer(text)
        tried = (pattern.match(text, w.start()) for w in _WORDS.finditer(text) if w.group().lower() in anchors)
        return (m for m in tried if m)

    def detect(text: str) -> List[Span]:
        if not when(text):
            return []
        return [(m.start(group), m.end(group), label) for m in matches(text) if not keep(text, m.start())]

    return detect


def _is_code(text: str, start: int) -> bool:
    return bool(_CODE_BEFORE.search(text[max(0, start - 30) : start]))


_NO_DIGITS = str.maketrans("", "", "0123456789")


def _digit_count(least: int) -> Callable[[str], bool]:
    return lambda text: len(text) - len(text.translate(_NO_DIGITS)) >= least


_DETECTORS: List[Callable[[str], List[Span]]] = [
    _simple(_EMAIL, "email", when=lambda t: "@" in t),
    _simple(_EMAIL_SPELLED, "email", when=_SPELLED_DOMAIN.search),
    _simple(_DATES[0], "date", when=_digit_count(4)),
    _simple(_DATES[1], "date", when=_digit_count(6)),
    _simple(_DATES[2], "date", when=_YEAR_IN.search),
    _simple(_DATES[3], "date", when=_YEAR_IN.search),
    _simple(
        _DATES[4],
        "date",
        when=_digit_count(1),
        anchors={
            "born",
            "dob",
            "d",
            "birthday",
            "date",
            "birth",
            "birthdate",
            "nac",
            "nací",
            "naci",
            "nacimiento",
            "cumpleaños",
            "cumpleanos",
        },
    ),
    *[_simple(p, "address", _is_code) for p in _ADDRESSES],
    _simple(_SSN, "ssn", when=_digit_count(9)),
    _simple(_MBI, "mbi", when=_digit_count(4)),
    _context_ids,
    _simple(_LONG_NUMBER, "number", when=_digit_count(7)),
    _simple(_ID_TOKEN, "id", _is_code, when=_FIVE_DIGITS.search),
    _names,
]


def recent(text: str, years: int = RECENT_YEARS) -> bool:
    """Whether every year written in `text` is at most `years` before this one (deadlines counted
    from a plan's letter are; a date of birth, or a deadline counted from one, is not)."""
    return all(int(y) >= date.today().year - years for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text))


def find(text: str, keep_dates: bool = False) -> List[Span]:
    """The identifier spans of `text`, merged, in order: (start, end, kind of the first found)."""
    spans = sorted(
        (start, end, kind)
        for detect in _DETECTORS
        for start, end, kind in detect(text)
        if not _is_public(text[start:end])
    )
    if keep_dates:
        dates = [(start, end) for start, end, kind in spans if kind == "date" and recent(text[start:end])]
        spans = [s for s in spans if not any(s[0] < end and start < s[1] for start, end in dates)]
    merged: List[Span] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
        else:
            merged.append((start, end, kind))
    return merged


def redact(text: str, keep_dates: bool = False) -> str:
    """`text` with every identifier-looking part replaced by [removed]. `keep_dates` is for the
    assistant's own messages, whose recent dates are deadlines it counted; an old date there was
    counted from a date of birth taken for the letter's, and goes."""
    if not text:
        return text
    for start, end, _ in reversed(find(text, keep_dates)):
        text = text[:start] + MARK + text[end:]
    return text
