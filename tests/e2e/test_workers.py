"""Two Rasa workers (as `make run` starts them) answer like one: the turns of one conversation,
sent all at once, are handled one after the other, whichever worker takes each."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import requests

MESSAGES = ["hi", "what is an IMR", "is it free", "who decides", "thanks", "bye"]


def test_messages_sent_at_once_are_handled_one_turn_at_a_time(servers):
    assert servers.workers > 1, "the end-to-end servers run as `make run` does: several workers"
    sender = "same-time-1"

    def post(message: str) -> list:
        reply = requests.post(servers.webhook, json={"sender": sender, "message": message}, timeout=120)
        assert reply.status_code == 200
        return reply.json()

    with ThreadPoolExecutor(max_workers=len(MESSAGES)) as pool:
        replies = list(pool.map(post, MESSAGES))
    assert all(replies), "every message is answered"
    with sqlite3.connect(servers.tracker_db) as db:
        kinds = [row[0] for row in db.execute(
            "SELECT type_name, action_name FROM events WHERE sender_id = ? ORDER BY id", (sender,))
            .fetchall() if row[0] in ("user", "action") and (row[0] == "user" or row[1] == "action_listen")]
    # Each stored turn ends (action_listen) before the next message is read: no two turns interleaved.
    turns = [kind for kind in kinds if kind == "user"]
    assert len(turns) == len(MESSAGES)
    assert "user,user" not in ",".join(kinds), kinds
