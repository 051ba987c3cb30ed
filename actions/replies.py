"""Send a bot/replies message through the Rasa dispatcher."""
from typing import Any, Dict

from rasa_sdk.executor import CollectingDispatcher


def send(dispatcher: CollectingDispatcher, reply: Dict[str, Any]) -> None:
    dispatcher.utter_message(text=reply.get("text"), buttons=reply.get("buttons") or [], json_message=reply.get("custom"))
