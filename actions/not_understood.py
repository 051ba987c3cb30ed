"""The kind "I didn't understand" for a message outside any question, or, for a member ID or phone number
alone, that the assistant cannot look anything up and asks not to send them (probe s11 M01)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import send, text
from bot import context, privacy_note, replies
from bot.knowledge import Knowledge
from bot.understanding.words import frustrated


def not_understood(
    dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge, out_of_scope: bool = False
) -> List[Dict[Text, Any]]:
    private = privacy_note.note(text(tracker), kb)  # a member ID alone (probe s11 M01)
    if private is not None:
        send(dispatcher, tracker, private)
        return []
    offer, angry = not tracker.get_slot("language"), frustrated(text(tracker))  # "🙏" first; "this is useless"
    first = replies.not_understood(kb, out_of_scope=out_of_scope, offer_language=offer, frustrated=angry)
    again = context.said_before(tracker.events, first["text"]) and not angry
    send(dispatcher, tracker, replies.not_understood(kb, out_of_scope=out_of_scope, again=True) if again else first)
    return []
