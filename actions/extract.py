"""The custom slot mapping: every user turn, pull case facts out of the message (bot.understanding),
and keep the conversation's language, the date on the plan's letter and the problem in the
person's own words."""
from datetime import date, timedelta
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import followups
from bot.dates import parse_date
from bot.language import DEFAULT, decide
from bot.letter.case import slot_updates as letter_slot_updates
from bot.redact import redact
from bot.understanding import CASE_SLOTS, extract

FORM = "referral_form"
# Slots about the conversation rather than the case: language ("en"/"es"), the date on the plan's
# letter (ISO), the problem in the person's words (redacted), and what a bare yes/no answers.
CONTEXT_SLOTS = ("language", "letter_date", "problem_words", "awaiting", "plan_silent", "job_plan")
WORDS_LIMIT = 300
MIN_WORDS = 3
DATE_INTENTS = {"inform_date"}
# A letter sent, a field of it to fix, or the letter to the plan asked for: answered on the side
# (actions/letter.py), like a side intent; a letter's case facts are set by action_read_letter.
LETTER_INTENTS = {"share_letter", "correct_letter", "draft_letter"}
# A full date inside a story is taken as the letter's date only if it is this recent.
STORY_DATE_DAYS = 400


def state_before_latest_message(tracker: Tracker) -> Tuple[Dict[str, Any], Optional[str]]:
    """Slots and the open question as they were before the latest user message.

    Rasa runs slot extraction twice for a message that activates a form (once per turn, once at
    activation); reading the earlier state keeps the extraction idempotent, so one "not sure"
    is never counted twice.
    """
    events = tracker.events
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


def letter_date(text: str, intent: Optional[str], awaiting: Optional[str], language: str, today: date) -> Optional[date]:
    """The date on the plan's letter, if this message gives one that has happened.

    Relative or year-less dates ("yesterday", "March 3") count only when the person is giving a
    date; inside a story, only a full date does ("...denied on March 3, 2026").
    """
    answering = intent in DATE_INTENTS or awaiting == "letter_date"
    found = parse_date(text, today, language, short_numeric=answering)
    if found is None or found > today:
        return None
    if answering:
        return found
    recent = today - found <= timedelta(days=STORY_DATE_DAYS)  # not a birth date or an old event
    full = parse_date(text, date(today.year + 3, 12, 31), language) == found
    return found if recent and full else None


def context_updates(message: Dict[str, Any], slots: Dict[str, Any], case_updates: Dict[str, Any], today: date) -> Dict[str, Any]:
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name")
    language = decide(text, slots.get("language"))
    updates: Dict[str, Any] = {"language": language} if language else {}
    if text.startswith("/"):
        return updates
    if slots.get("awaiting") == "feedback" and intent not in ("affirm", "deny"):
        updates["awaiting"] = None  # "Did this help?" is answered by the next message or not at all
    language = language or DEFAULT
    # "I complained two months ago and they never answered", "a PPO through my job" (bot/followups.py)
    for situation in followups.situations(text):
        if not slots.get(situation):
            updates[situation] = True
    found = letter_date(text, intent, slots.get("awaiting"), language, today)
    if found:
        updates["letter_date"] = found.isoformat()
        updates["awaiting"] = None
    described = len(text.split()) >= MIN_WORDS  # "otra cosa" is a button's words, not a description
    if described and ("problem" in case_updates or (intent == "report_denial" and not slots.get("problem_words"))):
        words = redact(" ".join(text.split()))
        if slots.get("problem_words") and not slots.get("problem"):
            # "my surgery was denied", then the reason: the summary keeps both, in order.
            words = f"{slots['problem_words']} / {words}"
        updates["problem_words"] = words[:WORDS_LIMIT]
    return updates


class ActionExtractCase(Action):
    def name(self) -> Text:
        return "action_extract_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        intent = message.get("intent") or {}
        slots, requested = state_before_latest_message(tracker)
        updates = {} if intent.get("name") in LETTER_INTENTS else extract(
            intent.get("name"),
            message.get("entities") or [],
            requested,
            {name: slots[name] for name in CASE_SLOTS},
            confidence=intent.get("confidence", 1.0),
            ranking=message.get("intent_ranking") or [],
            text=message.get("text") or "",
        )
        updates.update(context_updates(message, slots, updates, date.today()))
        updates.update(letter_slot_updates(message.get("metadata"), slots, date.today()))
        current = {name: tracker.get_slot(name) for name in CASE_SLOTS + CONTEXT_SLOTS}
        return [SlotSet(name, value) for name, value in updates.items() if current.get(name) != value]
