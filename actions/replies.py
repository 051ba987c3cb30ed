"""Send a bot/replies message through the Rasa dispatcher, in the conversation's language."""
from typing import Any, Dict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import Knowledge, default
from bot.language import DEFAULT, LANGUAGES


def send(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Dict[str, Any]) -> None:
    """One reply, marked with the conversation's language (the REST channel passes it on, so the
    web widget's own words follow the conversation)."""
    dispatcher.utter_message(text=reply.get("text"), buttons=reply.get("buttons") or [], json_message=reply.get("custom"),
                             language=language(tracker))


def language(tracker: Tracker) -> str:
    value = tracker.get_slot("language")
    return value if value in LANGUAGES else DEFAULT


def knowledge(tracker: Tracker) -> Knowledge:
    """The knowledge data with its texts in the conversation's language."""
    return default(language(tracker))
