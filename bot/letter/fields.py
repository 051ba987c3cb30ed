"""What a plan's letter says, from its text (typed, pasted, from a PDF's text layer or from OCR).

The same facts a person would type: the plan and its kind, the reason (a problem kind), the
service, the letter's date, and any appeal deadline the letter states. The phrases are data
(bot/knowledge_data/letters.yml); this module only finds them. It never keeps names, addresses or
member numbers: only these fields leave it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Dict, List, Optional, Tuple

from bot.dates import parse_date
from bot.knowledge import Knowledge, default
from bot.knowledge import words as word_lists
from bot.language import DEFAULT, evidence, fold
from bot.redact import redact
from bot.letter import cues as letter_cues
from bot.understanding import lookup, resolve_coverage

SERVICE_CHARS = 60
# A letter's date is printed near its top; a date further down is only a fallback.
HEADER_LINES = 14
# The letterhead and title: where the program that sent the letter is named.
HEAD_LINES = 4
YEAR = re.compile(r"\b(19|20)\d{2}\b")
# Month names OCR may misread by one letter (long ones only: "marzo" is also a name) and a day 5
# read as "$" or "S" before "de <month>".
OCR_MONTHS = tuple(
    sorted({fold(m) for w in word_lists.default().values() for ms in w.months for m in ms if len(m) >= 6})
)
OCR_FIVE = re.compile(r"(?<![\w$§])[$§s](?=\s+de\s+[^\W\d_]{4,}\s+(?:de\s+|del\s+)?(?:19|20)\d{2}\b)")
# A stated time to appeal: "within 60 calendar days", "sixty (60) days", "dentro de 60 días".
DEADLINE = re.compile(
    r"(?:\(|\b)(\d{1,3})\)?\s+(?:calendar\s+|business\s+|working\s+)?(days|months|dias|meses)"
    r"(?:\s+(?:calendario|naturales|habiles))?\b"
)
# The plan's own time to answer, said before a number of days: not the person's deadline.
PLAN_TIME = re.compile(
    r"\b((we|the plan|plan|it|they) (will|must|shall|should|have to|has to) (answer|decide|respond|reply|give|send|make)"
    r"|(answer|decision|decide|respond|reply)\w* (within|in)|(contestaremos|responderemos|decidiremos)"
    r"|(tenemos|tiene) que (contestar|responder|decidir))\b[^.]*$",
    re.IGNORECASE,
)
APPEAL_WORDS = re.compile(
    r"\b(appeal|grievance|reconsideration|redetermination|apelacion|apelar|queja|reconsideracion)\b"
)
# A field label in a letter ("Fecha:", "Member ID:"): where the service named before it ends.
LABEL = re.compile(r"\s[^\W\d_][\w.]*(?: [^\W\d_][\w.]*)?\s*:")
# Plans a county's Medi-Cal notice names as the place to go next, never as its sender.
MARKETPLACE_PLANS = ("covered_california",)
# The least a letter must show to be taken for one.
MIN_LETTERS = 40


@dataclass
class LetterFields:
    """The contract's `custom.letter` (plan, coverage, problem, service, letter_date, language)
    plus what routing needs (coverage_detail) and the stated appeal deadline."""

    plan: Optional[str] = None  # gazetteer key, e.g. "kaiser"
    coverage: Optional[str] = None  # coverage id, None when the letter does not tell
    problem: Optional[str] = None  # problem id, None when no reason was found
    problem_detail: Optional[str] = None  # a kind (problem_kinds.yml) for a letter that is not a plan's
    # The letter's words that named that kind: the kind's routes read them as they read the person's
    # words ("Notice of Medicare Non-Coverage": care is ending now, the fast appeal).
    kind_words: Optional[str] = None
    service: Optional[str] = None
    letter_date: Optional[str] = None  # ISO
    language: str = "en"
    coverage_detail: Optional[str] = None
    appeal_deadline: Optional[Dict[str, int]] = None  # {"days": 60} or {"months": 6}
    appeal_decided: bool = False  # the plan's answer to an appeal, upholding its denial (letters.yml)
    dmhc_step: Optional[str] = None  # a letter from the DMHC after the person applied: its follow-up topic
    # A Notice of Medicare Non-Coverage: the day care ends, when the notice also says to call by noon the day before
    care_ends: Optional[str] = None  # ISO
    facts: List[str] = field(default_factory=list)  # sources of the coverage and reason cues used

    def card(self) -> Dict[str, Optional[str]]:
        """The REST contract's `custom.letter`."""
        return {k: getattr(self, k) for k in ("plan", "coverage", "problem", "service", "letter_date", "language")}

    def as_dict(self) -> Dict[str, object]:
        return asdict(self)

    @property
    def found_anything(self) -> bool:
        return any((self.plan, self.coverage, self.problem, self.problem_detail, self.service, self.letter_date))


def _sentences(text: str) -> List[str]:
    """Sentences, folded: a PDF's text layer often loses the blank lines between paragraphs."""
    return [fold(p) for p in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if p.strip()]


def _language(text: str) -> str:
    """The language with the most evidence, if it has more than the default language."""
    found = evidence(text)
    best = max(found, key=found.get)
    return best if found[best] > found[DEFAULT] else DEFAULT


def _coverage(
    text: str, folded: str, own: str, kb: Knowledge
) -> Tuple[Optional[str], Optional[str], Optional[str], List[str]]:
    """(plan key, coverage, coverage detail, facts) from notice titles, the regulator named and plan names."""
    cues = letter_cues.load()
    entries = _named_entries(text, folded, kb)
    plans = [e for e in entries if e.label == "plan"]
    plan = plans[0].key if plans else None
    # A notice's title or program words in the letter's own text decide first; the regulator named
    # next; program words only found in rights paragraphs ("if you are a Medi-Cal member...") last.
    for cue, where in (
        [(c, own) for c in cues.notices] + [(c, folded) for c in cues.regulators] + [(c, folded) for c in cues.notices]
    ):
        if not cue.pattern.search(where):
            continue
        if cue.ppo_coverage:
            ppo_plans = [e for e in plans if e.ppo_coverage]
            if any(e.key == "ppo" for e in entries) and ppo_plans:
                return ppo_plans[0].key, cue.ppo_coverage, None, list(cue.facts)
        blue = plans and plans[0].ppo_coverage == "anthem_or_blue_shield_ppo"
        if cue.detail and plans and (blue or plans[0].coverage not in (None, cue.coverage)):
            plan = None  # "Blue Cross and Blue Shield Service Benefit Plan" is not Anthem's PPO (a UHC job plan is UHC)
        return plan, cue.coverage, cue.detail, list(cue.facts)
    resolved = resolve_coverage(entries, {}, kb)
    coverage = resolved.get("coverage")
    return resolved.get("plan") or plan, coverage, resolved.get("coverage_detail"), []


def _program_detail(text: str, coverage: Optional[str], kb: Knowledge) -> Optional[str]:
    """A program of the coverage named in the letterhead ("Medi-Cal Rx" over a Notice of Action: the
    state's pharmacy benefit, a State Hearing and never a DMHC IMR, F10.7; probe s11 L05). Only the
    letter's top lines: a plan's rights paragraph may name Medi-Cal Rx for pharmacy questions."""
    head = "\n".join([line for line in text.splitlines() if line.strip()][:HEAD_LINES])
    for entry in _named_entries(head, fold(head), kb):
        # the program itself (a coverage_type name), not a plan's own detail (a county-run plan: letters corpus)
        if entry.label == "coverage_type" and entry.detail in kb.program_details and entry.coverage == coverage:
            return entry.detail
    return None


def _named_entries(text: str, folded: str, kb: Knowledge):
    """Gazetteer entries named in the letter, earliest first (the letterhead names the plan).
    Names matched only as written ("VA", not the Spanish "va") are looked for in the original text."""
    found = []
    for entry in kb.gazetteer:
        match = None
        aliases = [a for a in entry.aliases if len(a) > 2 or entry.label == "coverage_type"]
        if aliases:
            match = letter_cues.phrase_pattern(aliases).search(folded)
        if match is None and entry.exact_case:
            match = re.search(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in entry.exact_case) + r")(?![\w-])", text)
        if match:
            found.append((match.start(), entry))
    found.sort(key=lambda item: item[0])
    return lookup([entry.key for _, entry in found], kb)


def _own_text(sentences: List[str]) -> str:
    """The letter without its rights sentences, which repeat every reason and program as boilerplate."""
    boilerplate = letter_cues.load().boilerplate
    return "\n".join(" ".join(p.split()) for p in sentences if not boilerplate.search(p))


def _problem(own: str) -> Tuple[Optional[str], Optional[str], Optional[str], List[str]]:
    """The first reason whose phrases are all in one sentence of the letter's own text: the problem,
    its kind (a workers' comp, county or Medicare letter), the letter's words that named the kind (the
    phrases found, not the sentence, which may hold a name), and the sources."""
    cues = letter_cues.load()
    sentences = own.split("\n")
    for cue in cues.reasons:
        for sentence in sentences:
            found = [pattern.search(sentence) for pattern in cue.patterns]
            if all(found):
                words = " ".join(match.group(0).strip() for match in found) if cue.detail else None
                return cue.problem, cue.detail, words, list(cue.facts)
    return None, None, None, []


def _service(text: str) -> Optional[str]:
    cues = letter_cues.load()
    for line in text.splitlines():
        folded = fold(line)
        label = cues.service_labels.search(folded)
        if label and re.match(r"\s*:", folded[label.end() :]):
            found = _service_words(line, label.end() + folded[label.end() :].index(":") + 1)
            if found:
                return found
    flat = " ".join(text.split())
    match = cues.service_openers.search(fold(flat))
    return _service_words(flat, match.end()) if match else None


def _service_words(original: str, start: int) -> Optional[str]:
    """The service named from `start`, in the letter's own spelling, cut at a stop word or punctuation."""
    rest = original[start:].strip(" :-\t")
    rest = re.split(r"[.;,\n(]", rest, maxsplit=1)[0]
    rest = LABEL.split(rest, maxsplit=1)[0]  # the next "Fecha:", "Miembro:" on the same line (probe s10 P08)
    stop = letter_cues.load().service_stops.search(fold(rest))
    if stop:
        rest = rest[: stop.start()]
    rest = re.sub(r"^(an?|the|un|una|unos|unas|el|la|los|las|su|your)\s+", "", rest.strip(), flags=re.I)
    rest = rest.strip(" :-")[:SERVICE_CHARS].strip()
    return rest if rest and redact(rest) == rest else None  # never a name, date or number said back


def _mended(line: str) -> str:
    """A date line with OCR's usual slips undone: a month name one letter off ("Octaber"), a 5 read
    as "$" or "S" before "de noviembre" (probe s11 L04, L07). Only long month names are mended."""

    def month(match: "re.Match[str]") -> str:
        word = match.group(0)
        near = (m for m in OCR_MONTHS if len(m) == len(word) and sum(a != b for a, b in zip(m, word)) == 1)
        return word if word in OCR_MONTHS else next(near, word)

    return OCR_FIVE.sub("5", re.sub(r"[a-z]{6,}", month, fold(line)))  # parse_date reads folded text


# California plans, counties and Medicare print numeric dates month first, in their Spanish letters too
# ("Fecha del aviso: 11/05/2026 ... a partir del 11/30/2026"; probe s12 9 c07 read it as May 11).
US_ORDER = False


def _letter_date(text: str, language: str, today: date) -> Optional[str]:
    cues = letter_cues.load()
    far = date(today.year + 3, 12, 31)
    lines = [line for line in text.splitlines() if line.strip()]

    def full_date(line: str) -> Optional[date]:
        if not YEAR.search(line) or cues.other_dates.search(fold(line)):
            return None
        return parse_date(line, far, language, day_first=US_ORDER) or parse_date(
            _mended(line), far, language, day_first=US_ORDER
        )

    for line in lines:  # "Date: October 14, 2026", "Statement date: ...", never "Service date: ..."
        label = cues.date_labels.search(fold(line))
        if (
            label
            and re.match(r"\s*:", fold(line)[label.end() :])
            and not cues.other_dates.search(fold(line)[: label.start()])
        ):
            found = full_date(line[label.end() :])
            if found:
                return found.isoformat()
    for line in lines[:HEADER_LINES] + lines[HEADER_LINES:]:
        found = full_date(line)
        if found:
            return found.isoformat()
    return None


def _care_ends(text: str, language: str, today: date) -> Optional[str]:
    """The day covered care ends on a notice that says to call "no later than noon of the day before"
    it (letters.yml care_ends): the notice's own deadline, said only when it prints it."""
    cues = letter_cues.load()
    flat = fold(" ".join(text.split()))
    if not cues.care_ends_noon.search(flat):
        return None
    for label in cues.care_ends.finditer(flat):
        rest = flat[label.end() : label.end() + 40]
        found = YEAR.search(rest) and parse_date(
            _mended(rest), date(today.year + 3, 12, 31), language, day_first=US_ORDER
        )
        if found:
            return found.isoformat()
    return None


def _deadline(sentences: List[str]) -> Optional[Dict[str, int]]:
    """The person's time to appeal: in a sentence about the appeal or right after one ("You have the right
    to ask us to reconsider (appeal). You must ask within 65 days"), never the plan's own time to answer
    ("Standard appeal: we will answer within 30 days", probe s14 16 C08)."""
    boilerplate = letter_cues.load().boilerplate
    for i, sentence in enumerate(sentences):
        about_appeal = APPEAL_WORDS.search(sentence) or (i and APPEAL_WORDS.search(sentences[i - 1]))
        if boilerplate.search(sentence) or not about_appeal:
            continue
        match = next((m for m in DEADLINE.finditer(sentence) if not PLAN_TIME.search(sentence[: m.start()])), None)
        if match:
            unit = "months" if match.group(2) in ("months", "meses") else "days"
            return {unit: int(match.group(1))}
    return None


def read_fields(text: str, today: Optional[date] = None, kb: Optional[Knowledge] = None) -> LetterFields:
    """The fields a letter's text gives; each is None when the letter does not say it."""
    kb = kb or default()
    today = today or date.today()
    language = _language(text)
    folded = fold(text)
    sentences = _sentences(text)
    own = _own_text(sentences)
    plan, coverage, detail, coverage_facts = _coverage(text, folded, own, kb)
    if detail is None:
        detail = _program_detail(text, coverage, kb)
        coverage_facts += list(kb.program_details[detail].facts) if detail else []
    problem, detail_kind, kind_words, reason_facts = _problem(own)
    if detail_kind == "medi_cal_eligibility" and plan in MARKETPLACE_PLANS:
        plan = None  # a county's notice that points to Covered California is not from it (probe s14 16 C06)
    return LetterFields(
        plan=plan,
        coverage=coverage,
        problem=problem,
        problem_detail=detail_kind,
        kind_words=kind_words,
        service=_service(text),
        letter_date=_letter_date(text, language, today),
        language=language,
        coverage_detail=detail,
        appeal_deadline=_deadline(sentences),
        appeal_decided=bool(letter_cues.load().appeal_decided.search(folded)),
        dmhc_step=next(
            (step.topic for step in letter_cues.load().dmhc_steps if all(p.search(folded) for p in step.patterns)), None
        ),
        care_ends=_care_ends(text, language, today) if detail_kind == "medicare_non_denial" else None,
        facts=sorted(set(coverage_facts + reason_facts)),
    )


def looks_like_text(text: str) -> bool:
    """Enough letters to be read at all (a blank page or a photo of a cat gives a few)."""
    return len(re.findall(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]", text or "")) >= MIN_LETTERS
