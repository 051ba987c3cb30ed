"""Send a bot/replies message through the Rasa dispatcher, in the conversation's language."""
from typing import Any, Dict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import Knowledge, default
from bot.language import DEFAULT, LANGUAGES


def send(dispatcher: CollectingDispatcher, reply: Dict[str, Any]) -> None:
    dispatcher.utter_message(text=reply.get("text"), buttons=reply.get("buttons") or [], json_message=reply.get("custom"))


def language(tracker: Tracker) -> str:
    value = tracker.get_slot("language")
    return value if value in LANGUAGES else DEFAULT


def knowledge(tracker: Tracker) -> Knowledge:
    """The knowledge data with its texts in the conversation's language."""
    return default(language(tracker))
