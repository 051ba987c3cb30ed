"""What a connector needs from the conversation itself: the options the bot offered last, and
whether a message was handled already.

Read from Rasa's tracker store rather than kept in the connector, so a reply "2" still means the
same option after a restart of the server or on another server sharing the store.
"""

from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel
from rasa.shared.core.events import BotUttered, UserUttered

from bot.channel_format import chosen_option


class TurnCollector(OutputChannel):
    """Keeps each bot message of one turn whole (text, buttons and card together), so a connector
    can shape the complete turn for its channel, e.g. into as few SMS as possible."""

    @classmethod
    def name(cls) -> Text:
        return "collector"

    def __init__(self) -> None:
        self.messages: List[Dict[Text, Any]] = []

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.messages.append(dict(message))


async def offered_buttons(agent: Optional[Any], sender_id: Text) -> List[Dict[Text, Any]]:
    """The buttons of the bot's latest turn (after the person's latest message), in the order shown."""
    tracker = await agent.tracker_store.retrieve(sender_id) if agent is not None else None
    for event in reversed(tracker.events if tracker else []):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return event.data["buttons"]
    return []


async def resolve_number(agent: Optional[Any], sender_id: Text, text: Text) -> Text:
    """The text to hand to Rasa: a bare number becomes the payload of the option it names."""
    if not text.strip().rstrip(".)").isdigit():
        return text
    return chosen_option(text, await offered_buttons(agent, sender_id)) or text


async def already_handled(agent: Optional[Any], sender_id: Text, message_id: Text) -> bool:
    """Whether the conversation already holds a message with this id (Twilio's MessageSid,
    Messenger's mid): a delivery retried, or a captured request replayed, is not handled twice."""
    tracker = await agent.tracker_store.retrieve(sender_id) if agent is not None else None
    return any(isinstance(e, UserUttered) and e.message_id == message_id for e in (tracker.events if tracker else []))
