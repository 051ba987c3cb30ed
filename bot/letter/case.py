"""A letter read, as the case facts the conversation keeps: the same slots a person's typed answers
fill, so routing goes on exactly as if they had typed them.

The connector puts what was read in the message's metadata under LETTER (the file itself never
reaches the conversation); a correction button clears one field so its question is asked again.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Mapping, Optional

from bot import problem_kinds
from bot.context import MIN_WORDS, WORDS_LIMIT  # as for typed descriptions: a button's words are not one
from bot.dates import add_days, add_months
from bot.knowledge import COVERAGES, PROBLEMS, Knowledge, default
from bot.language import DEFAULT, LANGUAGES, decide, fold
from bot.redact import redact
from bot.letter import cues as letter_cues

LETTER = "letter"  # metadata key: the fields read (bot.letter.fields.LetterFields.as_dict)
LETTER_ERROR = "letter_error"  # metadata key: why nothing could be read (a LetterError kind)
# metadata key: the words typed with a file that could not be used (redacted); a letter read keeps them in its "note"
LETTER_NOTE = "letter_note"
# Slots a correction clears, per field the person says is wrong.
CORRECTIONS = {
    "coverage": ("coverage", "coverage_detail", "coverage_pending", "fair_hearing"),
    "problem": ("problem",),
    "letter_date": ("letter_date", "letter_deadline"),
}


def dmhc_steps() -> set:
    """The follow-up topics a letter from the DMHC may lead to (letters.yml dmhc_steps)."""
    return {step.topic for step in letter_cues.load().dmhc_steps}


def stored_fields(fields: Mapping[str, Any]) -> Dict[str, Any]:
    """What may be kept of a reading: known ids, an ISO date, the service and a note redacted."""
    kb = default()
    kept: Dict[str, Any] = {
        "plan": fields.get("plan") if fields.get("plan") in {e.key for e in kb.gazetteer} else None,
        "coverage": fields.get("coverage") if fields.get("coverage") in COVERAGES else None,
        "coverage_detail": fields.get("coverage_detail")
        if fields.get("coverage_detail") in kb.other_kinds or fields.get("coverage_detail") in kb.program_details
        else None,  # a kind of other coverage, or a program (Medi-Cal Rx: probe s11 L05)
        "problem": fields.get("problem") if fields.get("problem") in PROBLEMS else None,
        "problem_detail": fields.get("problem_detail")
        if fields.get("problem_detail") in problem_kinds.default().kinds
        else None,
        "service": redact(str(fields["service"]))[:80] if fields.get("service") else None,
        "kind_words": redact(str(fields["kind_words"]))[:WORDS_LIMIT] if fields.get("kind_words") else None,
        "letter_date": _iso(fields.get("letter_date")),
        "language": fields.get("language") if fields.get("language") in LANGUAGES else DEFAULT,
        "appeal_deadline": _deadline(fields.get("appeal_deadline")),
        "appeal_decided": fields.get("appeal_decided") is True,
        "dmhc_step": fields.get("dmhc_step") if fields.get("dmhc_step") in dmhc_steps() else None,
        "care_ends": _iso(fields.get("care_ends")),
    }
    if fields.get("note"):
        kept["note"] = redact(" ".join(str(fields["note"]).split()))[:WORDS_LIMIT]
    return kept


def _iso(value: Any) -> Optional[str]:
    try:
        return date.fromisoformat(str(value)).isoformat() if value else None
    except ValueError:
        return None


def _deadline(value: Any) -> Optional[Dict[str, int]]:
    if isinstance(value, dict) and len(value) == 1:
        unit, n = next(iter(value.items()))
        if unit in ("days", "months") and isinstance(n, int) and 0 < n < 1000:
            return {unit: n}
    return None


def stated_until(letter: Mapping[str, Any]) -> Optional[date]:
    """The last day the letter itself gives to appeal ("within 180 days" of its date), if it says."""
    stated = letter.get("appeal_deadline") or {}
    if not stated or not letter.get("letter_date"):
        return None
    unit, n = next(iter(stated.items()))
    start = date.fromisoformat(letter["letter_date"])
    return add_months(start, n) if unit == "months" else add_days(start, n)


def _letter(metadata: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    letter = (metadata or {}).get(LETTER)
    return stored_fields(letter) if isinstance(letter, dict) else None


def note(metadata: Optional[Mapping[str, Any]]) -> Optional[str]:
    """The words the person typed with the file (redacted), read or not."""
    letter = _letter(metadata)
    said = letter.get("note") if letter is not None else (metadata or {}).get(LETTER_NOTE)
    return redact(" ".join(str(said).split()))[:WORDS_LIMIT] if said else None


def note_updates(
    metadata: Optional[Mapping[str, Any]], slots: Mapping[str, Any], kb: Optional[Knowledge] = None
) -> Dict[str, Any]:
    """The case's slots from the words typed with a letter, read as a message would be ("I can't pay
    this, I don't have insurance" with a hospital's statement, probe s11 L08). What the letter itself
    read comes first: case_updates override these; a plan read on the letter drops "no insurance"."""
    said = note(metadata)
    if not said:
        return {}
    from bot.understanding import CASE_SLOTS, extract  # the understanding imports this package's neighbours

    kb = kb or default()
    case = {name: slots.get(name) for name in CASE_SLOTS + ("problem_words",)}
    updates = extract(None, named_entities(said, kb), None, case, kb=kb, text=said)
    letter = _letter(metadata) or {}
    if letter.get("plan") or letter.get("coverage"):
        for slot in ("coverage", "coverage_detail", "coverage_pending", "plan"):
            updates.pop(slot, None)
        if updates.get("problem_detail") == "uninsured":
            for slot in ("problem", "problem_detail"):
                updates.pop(slot, None)
    return updates


def named_entities(text: str, kb: Knowledge) -> List[Dict[str, Any]]:
    """The plan and coverage names in typed words, as the NLU's entities ({entity, value, start, end})."""
    from bot.letter.cues import phrase_pattern

    folded = fold(text)
    found = []
    for entry in kb.gazetteer:
        aliases = [a for a in entry.aliases if len(a) > 2 or entry.label == "coverage_type"]
        match = phrase_pattern(aliases).search(folded) if aliases else None
        if match:
            value = " ".join(match.group(0).split())
            found.append({"entity": entry.label, "value": value, "start": match.start(), "end": match.end()})
    return sorted(found, key=lambda e: e["start"])


def slot_updates(metadata: Optional[Mapping[str, Any]], slots: Mapping[str, Any], today: date) -> Dict[str, Any]:
    """The conversation's slots a letter read in this message sets ({} when there is none): its
    date, language, service and the person's note. The case's slots are case_updates' (below)."""
    letter = _letter(metadata)
    if letter is None:
        # A file not used: the words typed with it are still the person's story, in their language ("esto me
        # cobraron en la farmacia" with a receipt was answered in English, probe s13 13 c20).
        said = note(metadata)
        spoken = None if slots.get("language") else decide(said or "", None)
        return {
            **({"problem_words": said} if said and len(said.split()) >= MIN_WORDS else {}),
            **({"language": spoken} if spoken else {}),
        }
    updates: Dict[str, Any] = {"letter_service": letter["service"], "letter_words": letter.get("kind_words")}
    if letter["letter_date"] and date.fromisoformat(letter["letter_date"]) <= today:
        updates["letter_date"] = letter["letter_date"]
        updates["awaiting"] = None
        until = stated_until(letter)  # the plan's dates give this one where it comes first
        updates["letter_deadline"] = until.isoformat() if until else None
    if letter.get("appeal_decided"):
        updates["plan_silent"] = True  # the plan's step is over: the agency now (letters.yml appeal_decided)
    if not slots.get("language"):
        # The words typed with it say the person's language ("no entiendo ingles, que dice?" with an
        # English letter: answered in Spanish, probe s12 9 c05); else the letter's.
        updates["language"] = decide(letter.get("note") or "", None) or letter["language"]
    if letter.get("note") and len(letter["note"].split()) >= MIN_WORDS:
        updates["problem_words"] = letter["note"]  # the person's own words sent with the letter
    return updates


def case_updates(metadata: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The case's slots from a letter read, as if the person had typed them. Set by the action that
    says what was read (not by slot extraction), so a letter sent during the questions is shown
    before the questions go on."""
    letter = _letter(metadata)
    if letter is None:
        return {}
    updates: Dict[str, Any] = {"attempts": None}
    if letter["plan"]:
        updates["plan"] = letter["plan"]
    if letter["coverage"]:
        updates.update(coverage=letter["coverage"], coverage_detail=letter["coverage_detail"], coverage_pending=None)
    if letter["problem"]:
        updates["problem"] = letter["problem"]
    if letter.get("problem_detail"):
        updates.update(problem="other", problem_detail=letter["problem_detail"])  # a workers' comp or county letter
    return updates


def letter_case_updates(
    metadata: Optional[Mapping[str, Any]], slots: Mapping[str, Any], kb: Optional[Knowledge] = None
) -> Dict[str, Any]:
    """The case's slots from a message with a file: the words typed with it, then what the letter read
    over them (a reason read on the letter replaces the one the words suggested)."""
    updates = note_updates(metadata, slots, kb)
    letter = case_updates(metadata)
    if letter.get("problem"):
        for slot in ("problem", "problem_detail", "problem_guess", "problem_confirmed"):
            updates.pop(slot, None)
    updates.update(letter)
    return updates


def correction_updates(field: Optional[str]) -> Dict[str, Any]:
    """Clear the slots of a field the person says was read wrong, so the form asks for it."""
    return {slot: None for slot in CORRECTIONS.get(field or "", ())}
