"""'Delete my conversation': the reply carries the flag that makes the widget forget its copy."""

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionDeleteConversation
from bot.knowledge import default


def test_the_delete_reply_says_deleted_gives_the_number_and_flags_the_widget():
    tracker = Tracker(
        "t",
        {},
        {"intent": {"name": "delete_conversation"}, "entities": [], "text": "delete my conversation"},
        [],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionDeleteConversation().run(dispatcher, tracker, {}))
    (message,) = dispatcher.messages
    assert default().agencies["DMHC"].phone in message["text"]
    assert message["custom"] == {"conversation_deleted": True}
    assert events and events[0]["event"] == "restart"
