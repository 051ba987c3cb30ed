"""Two Rasa workers (as `make run` starts them) answer like one: the turns of one conversation,
sent all at once, are handled one after the other, whichever worker takes each."""

import os
import signal
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tools.servers import BIN, Servers

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
        kinds = [
            row[0]
            for row in db.execute(
                "SELECT type_name, action_name FROM events WHERE sender_id = ? ORDER BY id", (sender,)
            ).fetchall()
            if row[0] in ("user", "action") and (row[0] == "user" or row[1] == "action_listen")
        ]
    # Each stored turn ends (action_listen) before the next message is read: no two turns interleaved.
    turns = [kind for kind in kinds if kind == "user"]
    assert len(turns) == len(MESSAGES)
    assert "user,user" not in ",".join(kinds), kinds


def test_stopping_the_server_while_its_workers_load_leaves_none_behind():
    """SIGTERM reaches the Rasa server's workers even before they have loaded the model: none is
    left running (holding the port and 600 MB each) after the server stops."""
    rasa = Servers(actions=False, workers=2)
    try:
        rasa.rasa = rasa._spawn(
            [
                BIN / "rasa",
                "run",
                "--model",
                rasa.model,
                "--port",
                str(rasa.rasa_port),
                "--credentials",
                rasa.credentials,
                "--endpoints",
                rasa.endpoints,
            ],
            "rasa.log",
            SANIC_WORKERS="2",
        )
        deadline = time.monotonic() + 300
        while "Loading model" not in rasa.log("rasa.log") and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "Loading model" in rasa.log("rasa.log"), rasa.log("rasa.log")[-2000:]
        group = rasa.rasa.pid
        os.kill(group, signal.SIGTERM)  # what Ctrl-C in `make run` and a supervisor send
        rasa.rasa.wait(timeout=60)
        deadline = time.monotonic() + 30
        while _group_alive(group) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _group_alive(group), "a worker outlived its server"
    finally:
        rasa.stop()
        rasa.dir.cleanup()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
