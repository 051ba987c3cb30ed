"""The conversation around the case: its state before the latest message, the case so far, the
date on the plan's letter, and the slots about the conversation that each message updates.

The action server only reads the tracker and calls these; the decisions live here, as plain
functions of slots, events and text (no Rasa imports), so they are tested without a server.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot import followups, new_problem, problem_kinds
from bot.dates import parse_date
from bot.language import DEFAULT, LANGUAGES, decide, fold
from bot.messages import say
from bot.problem_kinds import needs_coverage
from bot.redact import redact
from bot.routing import Case, Referral, RoutingError, route
from bot.knowledge import Knowledge
from bot.understanding import CASE_SLOTS
from bot.understanding.attempts import REASON_UNKNOWN, STORY
from bot.understanding.problem import says_denial
from bot.understanding.words import CORRECTION, DUE_DATE, LETTER_NAMED

FORM = "referral_form"
# Slots about the conversation rather than the case: language ("en"/"es"), the date on the plan's
# letter (ISO), the problem in the person's words (redacted), what a bare yes/no answers, and the
# cases referred so far.
CONTEXT_SLOTS = (
    "language",
    "letter_date",
    "problem_words",
    "awaiting",
    "plan_silent",
    "job_plan",
    "letter_deadline",
    "last_case",  # the case last referred, and the earlier ones (bot/new_problem.py)
)
# The slots whose change by the latest message makes it a correction (a new referral).
CASE_CHANGE_SLOTS = ("problem", "problem_detail", "coverage", "coverage_detail", "fair_hearing", "plan")
# The person's own words kept for the summary (typed, or a note sent with a letter): at most this
# many characters, and only with at least this many words ("otra cosa" is a button's words).
# The person's story as kept (redacted): routing reads all of it ("...la terapia se termina el viernes"
# came after 300 characters in dev5 es-046 and was lost); the summary quotes its start (SUMMARY_WORDS).
WORDS_LIMIT = 1500
SUMMARY_WORDS = 300
MIN_WORDS = 3
MORE_WORDS = 6  # a confirmation longer than "yes, that's right" tells more of the story
DATE_INTENTS = {"inform_date"}
# A letter sent, a field of it to fix, or the letter to the plan asked for: answered on the side
# (actions/letter.py), like a side intent; a letter's case facts are set by action_read_letter.
LETTER_INTENTS = {"share_letter", "correct_letter", "draft_letter"}
# A full date inside a story is taken as the letter's date only if it is this recent.
STORY_DATE_DAYS = 400
DATE_ALONE_WORDS = 4  # "Nov 3", "it was November 3rd", "el 3 de noviembre"
CORRECTION_WORDS = 3  # ... and a correction's own words ("perdon, es del 3 de noviembre")
CLAUSES = re.compile(r"[,.;!?]+|\s(?:and|but|y|pero)\s")

Events = Sequence[Mapping[str, Any]]


def state_before_latest_message(events: Events) -> Tuple[Dict[str, Any], Optional[str]]:
    """Slots and the open question as they were before the latest user message.

    Rasa runs slot extraction twice for a message that activates a form (once per turn, once at
    activation); reading the earlier state keeps the extraction idempotent, so one "not sure"
    is never counted twice.
    """
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    slots: Dict[str, Any] = {}
    active_loop = None
    for event in events[:last_user]:
        kind = event.get("event")
        if kind == "restart":
            slots, active_loop = {}, None
        elif kind == "slot":
            slots[event.get("name")] = event.get("value")
        elif kind == "active_loop":
            active_loop = event.get("name")
    requested = slots.get("requested_slot") if active_loop == FORM else None
    return {name: slots.get(name) for name in CASE_SLOTS + CONTEXT_SLOTS}, requested


def given_before(events: Events) -> bool:
    """Whether this conversation already got a referral (since the last restart)."""
    given = False
    for event in events:
        if event.get("event") == "restart":
            given = False
        elif event.get("event") == "action" and event.get("name") == "action_give_referral":
            given = True
    return given


def said_before(events: Events, text: str) -> bool:
    """Whether the assistant already said `text` in this conversation (since the last restart or
    referral): a question asked again is then put shorter (the story's confirmation, probe F5)."""
    said = False
    for event in events:
        if event.get("event") == "restart" or event.get("name") == "action_give_referral":
            said = False
        elif event.get("event") == "bot" and event.get("text") == text:
            said = True
    return said


def keyword_language(text: str) -> Optional[str]:
    """The language of a message that is one SMS keyword alone ("PASOS", "STEPS"): over any channel,
    the keyword says which language to answer in (probe P36)."""
    word = (text or "").strip().strip(".!¡?¿").upper()
    kinds = ("steps", "summary", "dates")
    return next(
        (lang for lang in LANGUAGES if word in " ".join(say(lang, f"sms_keywords_{k}") for k in kinds).split()), None
    )


def denial_told(events: Events) -> bool:
    """Whether the person said the plan said no ("Kaiser denied my surgery") since the last restart or
    referral: the reason question asked again after a side turn still asks for the reason, not "what
    happened?" as if the denial were forgotten (probe P12)."""
    told = False
    for event in events:
        if event.get("event") == "restart" or event.get("name") == "action_give_referral":
            told = False
        elif event.get("event") == "user":
            said = event.get("text") or ""
            told = told or ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "report_denial"
            told = told or (not said.startswith("/") and says_denial(said))  # "Health Net denied it", any intent
    return told


def asked_now(events: Events) -> Optional[str]:
    """The latest message, when it is not the first one and nothing answered it yet: "do I have to
    pay the bill meanwhile?" that also ended the questions (probe s9 5) is answered with the referral."""
    texts = user_texts(events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    replied = any(e.get("event") == "bot" for e in events[last_user:])
    return texts[-1] if len(texts) > 1 and not replied else None


def user_texts(events: Events) -> List[str]:
    """What the person wrote since the last restart (buttons left out): "urgent" said in the story."""
    texts: List[str] = []
    for event in events:
        if event.get("event") == "restart":
            texts = []
        elif event.get("event") == "user" and not (event.get("text") or "").startswith("/"):
            texts.append(event.get("text") or "")
    return texts


def case_changed(events: Events, slots: Mapping[str, Any]) -> bool:
    """Whether the latest message changed the case (a correction gets a new referral)."""
    before, _ = state_before_latest_message(events)
    return any(before.get(name) != slots.get(name) for name in CASE_CHANGE_SLOTS)


def told_now(events: Events, slots: Mapping[str, Any]) -> bool:
    """Whether the latest message told the problem before any referral ("the comp adjuster denied
    my injection...", read as a question or not understood as a whole), or a new problem after it:
    the referral comes next, not a side answer (a complete case would otherwise look like one
    already referred)."""
    before, _ = state_before_latest_message(events)
    told = any(before.get(name) != slots.get(name) for name in ("problem", "problem_detail"))
    if new_problem.pending(slots.get("last_case")) and not new_problem.pending(before.get("last_case")):
        return bool(slots.get("problem"))  # "also, the hospital billed me" after the referral: a new case
    return bool(slots.get("problem")) and told and not given_before(events)


def completed_now(events: Events) -> bool:
    """Whether the latest message completed the case: no referral was given for it yet. A first
    message that completes the case but that the NLU could not place ("they are discharging my dad
    tomorrow, he has Medicare") gets the referral, not "I can't answer that" and "Did this help?"."""
    before, _ = state_before_latest_message(events)
    return case(before) is None


def told_case_now(events: Events, slots: Mapping[str, Any]) -> bool:
    """Whether the latest message gave the first facts of a case (a coverage or a problem) before
    any referral: it starts the questions, whatever the NLU called it (a date, a question)."""
    before, _ = state_before_latest_message(events)
    if before.get("problem") or before.get("coverage") or given_before(events):
        return False
    return bool(slots.get("problem") or slots.get("coverage"))


def case(slots: Mapping[str, Any]) -> Optional[Case]:
    """The case so far, or None while problem or coverage is still unknown (coverage is not needed
    for the kinds of problem whose place to go does not depend on it: workers' comp, Medi-Cal
    eligibility...)."""
    coverage, problem = slots.get("coverage"), slots.get("problem")
    detail = slots.get("problem_detail") if problem == "other" else None
    if not coverage and problem and not needs_coverage(detail):
        coverage = "unknown"
    if not coverage or not problem:
        return None
    return Case(
        coverage=coverage,
        problem=problem,
        fair_hearing=slots.get("fair_hearing"),
        coverage_detail=slots.get("coverage_detail"),
        plan_name=slots.get("plan"),
        plan_silent=bool(slots.get("plan_silent")),
        job_plan=bool(slots.get("job_plan")),
        reason_unknown=slots.get("problem_confirmed") == REASON_UNKNOWN,
        problem_detail=detail,
        problem_words=" ".join(filter(None, (slots.get("problem_words"), slots.get("letter_words")))) or None,
        earlier=tuple(c for c in map(case, new_problem.earlier_cases(slots.get("last_case"))) if c is not None),
    )


def given_referral(slots: Mapping[str, Any], in_form: bool, kb: Knowledge) -> Optional[Referral]:
    """The referral already given: the case is complete and no question is open."""
    found = case(slots)
    if found is None or in_form:
        return None
    try:
        return route(found, kb)
    except RoutingError:
        return None


def stored_letter_date(value: Optional[str]) -> Optional[date]:
    """The `letter_date` slot (ISO) as a date; None when unset or not a date."""
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def typed_date(text: str, today: date, language: str) -> Optional[date]:
    """A date the person typed as an answer ("March 3", "3/15", "hace dos semanas"), if any."""
    return parse_date(text, today, language, short_numeric=True)


def letter_date(
    text: str, intent: Optional[str], awaiting: Optional[str], language: str, today: date
) -> Optional[date]:
    """The date on the plan's letter, if this message gives one that has happened.

    Relative or year-less dates ("yesterday", "March 3") count only when the person is giving a
    date; inside a story, only a full date does ("...denied on March 3, 2026").
    """
    # A longer message the NLU took for a date ("I'm due Jan 28", "his face swelled up last week") is the
    # letter's date only when it names the letter (probe 7 E07, E09).
    # "pay by dec 20": a date due, not the letter's (probe s13 13 c12); the clauses that say one are left out
    asked = "?" in text
    text = " , ".join(part for part in CLAUSES.split(text) if not DUE_DATE.search(fold(part)))
    folded = fold(text)
    named = bool(LETTER_NAMED.search(folded))
    correcting = bool(CORRECTION.search(folded))
    said_alone = len(text.split()) <= DATE_ALONE_WORDS + (CORRECTION_WORDS if correcting else 0) or named
    # "perdon, es del 3 de noviembre": a date corrected (probe s13 12 es36); asked for it, a question about
    # something else ("y la cuenta del hospital? fui la semana pasada", es05) does not give it.
    answering = (
        (intent in DATE_INTENTS or CORRECTION.search(folded))
        and said_alone
        or awaiting == "letter_date"
        and (said_alone or not asked)
    )
    found = parse_date(text, today, language, short_numeric=answering)
    if found is None or found > today:
        return None
    if answering:
        return found
    recent = today - found <= timedelta(days=STORY_DATE_DAYS)  # not a birth date or an old event
    full = parse_date(text, date(today.year + 3, 12, 31), language) == found
    return found if recent and full else None


def _problem_words(text: str, slots: Mapping[str, Any], more: bool = False) -> str:
    words = redact(" ".join(text.split()))
    if slots.get("problem_words") and (more or not slots.get("problem")):
        # "my surgery was denied", then the reason: the summary keeps both, in order.
        words = f"{slots['problem_words']} / {words}"
    return words[:WORDS_LIMIT]


def _story_read_again(text: str, slots: Mapping[str, Any], case_updates: Mapping[str, Any]) -> bool:
    """Whether the problem set now is the story's, read again ("actually it's Kaiser" after
    "Uninsured"), not told by this message: the story stays the person's words for the summary."""
    words = slots.get("problem_words")
    if not words or problem_kinds.read(text).problem:
        return False
    if case_updates.get("coverage") in (None, slots.get("coverage")):
        return False  # no plan named: more of the story ("she's still in the hospital"), kept (probe s9)
    story = problem_kinds.read(words)
    return (story.problem, story.detail) == (case_updates.get("problem"), case_updates.get("problem_detail"))


def context_updates(
    message: Mapping[str, Any], slots: Mapping[str, Any], case_updates: Mapping[str, Any], today: date
) -> Dict[str, Any]:
    """The conversation's slots this message sets: its language, the situations it tells of, the
    letter's date, and the problem in the person's words."""
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name")
    language = keyword_language(text) or decide(text, slots.get("language"))
    updates: Dict[str, Any] = {"language": language} if language else {}
    if text.startswith("/"):
        return updates
    if slots.get("awaiting") == "feedback" and intent not in ("affirm", "deny"):
        updates["awaiting"] = None  # "Did this help?" is answered by the next message or not at all
    # "I complained two months ago and they never answered", "a PPO through my job" (bot/followups.py)
    for situation in followups.situations(text):
        if not slots.get(situation):
            updates[situation] = True
    found = letter_date(text, intent, slots.get("awaiting"), language or DEFAULT, today)
    if found:
        updates["letter_date"] = found.isoformat()
        updates["awaiting"] = None
        if slots.get("letter_date") not in (None, found.isoformat()):
            # The letter's own "within N days" was counted from the date read before: not from this one (probe
            # s12 9 c04 gave both); the route's rules count from the date told.
            updates["letter_deadline"] = None
    described = len(text.split()) >= MIN_WORDS  # "otra cosa" is a button's words, not a description
    # "I don't know", asked twice, sets the catch-all problem: not the person's words for it (probe s10 E17).
    told = "problem" in case_updates and intent != "dont_know" and not _story_read_again(text, slots, case_updates)
    # The guess confirmed by more of the story ("she was switched to observation, she's still there"):
    # the story keeps it, and the route reads it (probe s9); or the story told at the coverage question.
    more = case_updates.get("problem_confirmed") == "yes" and len(text.split()) >= MORE_WORDS
    more = more or (case_updates.get("attempts") or {}).get("reason") == STORY
    if described and (told or more or (intent == "report_denial" and not slots.get("problem_words"))):
        updates["problem_words"] = _problem_words(text, slots, more)
    return updates


def changed_slots(updates: Mapping[str, Any], current: Mapping[str, Any]) -> Dict[str, Any]:
    """The updates that change a slot's value, in order."""
    return {name: value for name, value in updates.items() if current.get(name) != value}
