"""Between the Rasa tracker and bot/: read the conversation's language, slots and referral, and
send a bot/ reply through the dispatcher. (bot/replies/ words the replies; this only sends.)"""

from datetime import date
from typing import Any, Dict, Iterable, List, Mapping, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import context, new_problem, privacy_note
from bot.knowledge import Knowledge, default
from bot import replies
from bot.language import DEFAULT, LANGUAGES, foreign
from bot.routing import Referral


def send(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Mapping[str, Any]) -> None:
    """One reply, marked with its language (a bot/replies Reply carries it; else the conversation's):
    the channels shape it in that language, and the REST channel passes it on, so the web widget's
    own words follow the conversation."""
    said = reply.get("text")
    first = bool(said) and first_of_turn(dispatcher, tracker)
    if first and foreign(text(tracker)):  # the first reply of the turn says it
        said = f"{replies.foreign_language(knowledge(tracker))}\n\n{said}"
    removed = privacy_note.removed_line(text(tracker), knowledge(tracker)) if first else None
    if removed:
        said = f"{removed}\n\n{said}"
    dispatcher.utter_message(
        text=said,
        buttons=reply.get("buttons") or [],
        json_message=reply.get("custom"),
        language=reply.get("language") or language(tracker),
    )


def first_of_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Whether nothing was said yet since the person's message, by this action or an earlier one of the
    same turn (the 911 advice, then the questions): a note on the message is said once a turn (dev15
    blind d15en-009: "I removed them" three times)."""
    if dispatcher.messages:
        return False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "bot":
            return False
    return True


def send_all(dispatcher: CollectingDispatcher, tracker: Tracker, replies: Iterable[Mapping[str, Any]]) -> None:
    for reply in replies:
        send(dispatcher, tracker, reply)


def slot_events(updates: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    return [SlotSet(name, value) for name, value in updates.items()]


def language(tracker: Tracker) -> str:
    value = tracker.get_slot("language")
    return value if value in LANGUAGES else DEFAULT


def knowledge(tracker: Tracker) -> Knowledge:
    """The knowledge data with its texts in the conversation's language."""
    return default(language(tracker))


def intent(tracker: Tracker) -> Optional[Text]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def text(tracker: Tracker) -> Text:
    return tracker.latest_message.get("text") or ""


def in_form(tracker: Tracker) -> bool:
    return tracker.active_loop_name == context.FORM


def given_referral(tracker: Tracker, kb: Knowledge) -> Optional[Referral]:
    """The referral already given (bot.context.given_referral), or None: also None when the latest
    message completed the case (bot.context.completed_now), or a new problem told after the referral
    has not had its own yet (bot.new_problem.pending), as no referral was given for it yet."""
    if context.completed_now(tracker.events) or new_problem.pending(tracker.get_slot("last_case")):
        return None
    return context.given_referral(tracker.current_slot_values(), in_form(tracker), kb)


def case_referral(tracker: Tracker, kb: Knowledge) -> Optional[Referral]:
    """Where the case known so far leads, given or not: a question asked while "Is that right?" is
    open ("what's the number?") is answered for the story told, not for most plans (probe s7)."""
    return context.given_referral(tracker.current_slot_values(), False, kb)


def letter_date(tracker: Tracker) -> Optional[date]:
    return context.stored_letter_date(tracker.get_slot("letter_date"))


def letter_deadline(tracker: Tracker) -> Optional[date]:
    """The deadline printed on a letter the person sent (bot/letter/), if it had one."""
    return context.stored_letter_date(tracker.get_slot("letter_deadline"))
