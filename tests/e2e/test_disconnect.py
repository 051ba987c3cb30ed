"""A client that leaves in the middle of a turn (a closed tab, a dropped phone connection, a proxy
timeout) leaves no message text in any log, even at debug level; the turn is still finished and
stored (redacted), so a retry can be answered from the store.

The action server here is a stand-in that answers slowly, so the client can leave mid-turn.
"""

import json
import socket
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tools.servers import MODEL, Servers, free_port

ACTION_SECONDS = 2
SECRET = "my ssn is 123-45-6789, Kaiser denied my MRI as not medically necessary"
FRAGMENTS = ("123-45-6789", "123456789", "kaiser denied my mri")


class SlowActions(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(ACTION_SECONDS)
        body = json.dumps({"events": [], "responses": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_):
        pass


@pytest.fixture(scope="module")
def slow(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    actions = ThreadingHTTPServer(("127.0.0.1", free_port()), SlowActions)
    threading.Thread(target=actions.serve_forever, daemon=True).start()
    db = tmp_path_factory.mktemp("disconnect") / "conversations.db"
    endpoints = (
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions.server_address[1]}/webhook"\n'
        f"tracker_store:\n  type: storage.tracker_store.PrivateSQLTrackerStore\n  db: {db}\n"
    )
    servers = Servers(actions=False, endpoints=endpoints, extra_args=["--debug"], env={"TURN_TIMEOUT_SECONDS": "60"})
    try:
        servers.start()
        yield servers, db
    finally:
        servers.stop()
        actions.shutdown()


def stored(db, sender):
    if not db.exists():
        return []
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


def test_a_client_leaving_mid_turn_leaves_no_text_in_the_logs(slow):
    servers, db = slow
    sender = "disconnect-1"
    body = json.dumps({"sender": sender, "message": SECRET}).encode()
    with socket.create_connection(("127.0.0.1", servers.rasa_port)) as client:
        client.sendall(
            b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        time.sleep(ACTION_SECONDS / 2)  # the turn is waiting for the (slow) action server now
    time.sleep(1)
    log = servers.log("rasa.log").lower()
    assert "client left mid-turn" in log, "the disconnect is logged (without the text)"
    assert not [f for f in FRAGMENTS if f in log]
    deadline = time.monotonic() + 60
    while not any('"user"' in row for row in stored(db, sender)) and time.monotonic() < deadline:
        time.sleep(0.5)
    rows = stored(db, sender)
    assert any('"user"' in row for row in rows), "the turn was finished and stored after the client left"
    assert not [f for f in FRAGMENTS[:2] if f in " ".join(rows)], "stored redacted"
    assert not [f for f in FRAGMENTS if f in servers.log("rasa.log").lower()]
