"""Conversations survive a restart; stored events and logs hold no identifiers; delete works."""

import sqlite3

from bot.knowledge import default
from bot.messages import say
from tools.chat import Chat

SECRET_MESSAGE = "my ssn is 123-45-6789 and member id XJK4471298. Kaiser denied my MRI as not medically necessary"
SECRETS = ("123-45-6789", "XJK4471298")


def stored_texts(servers, sender):
    with sqlite3.connect(servers.tracker_db) as db:
        return [row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


def test_stored_events_and_logs_hold_no_identifiers(servers):
    chat = Chat(servers.webhook)
    chat.say(SECRET_MESSAGE)
    assert chat.card()["agency"] == "DMHC", "the redacted message is still understood"
    rows = stored_texts(servers, chat.sender)
    assert rows, "the conversation is stored"
    assert not any(secret in row for row in rows for secret in SECRETS)
    assert any("[removed]" in row for row in rows)
    logs = servers.log("rasa.log") + servers.log("actions.log")
    assert not any(secret in logs for secret in SECRETS) and "Kaiser denied" not in logs


def test_delete_my_conversation_deletes_it_at_once(servers):
    chat = Chat(servers.webhook)
    chat.say("Blue Shield denied my surgery")
    assert stored_texts(servers, chat.sender)
    chat.say("please delete my conversation")
    assert "deleted" in chat.text() and default().agencies["DMHC"].phone in chat.text()
    assert stored_texts(servers, chat.sender) == []


def test_restarting_the_server_mid_conversation_loses_nothing(servers):
    chat = Chat(servers.webhook)
    chat.say("my plan denied my knee surgery as not medically necessary")
    assert "coverage" in chat.text().lower()
    servers.restart_rasa()
    chat.say("Medi-Cal")
    assert say("en", "ask_fair_hearing") in chat.text(), "the problem given before the restart is remembered"
    chat.say("no")
    card = chat.card()
    assert (card["agency"], card["coverage"], card["problem"]) == ("DMHC", "medi_cal_managed_care", "medical_necessity")


def test_action_server_down_still_gives_a_number(servers):
    """The person is never left in silence: with the action server stopped, the answer still has
    the Help Center number and the 911 advice."""
    servers.actions.terminate()
    servers.actions.wait(timeout=20)
    try:
        for message in ("hi", "Kaiser denied my MRI as not medically necessary", ""):
            chat = Chat(servers.webhook)
            chat.say(message)
            assert default().agencies["DMHC"].phone in chat.text(), message
            assert default().faq["emergency"] in chat.text()
    finally:
        servers.processes.remove(servers.actions)
        servers.start_actions()
