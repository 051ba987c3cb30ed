"""Local fakes of Twilio's REST API and the Facebook Graph API that record what would be sent.

Each answers like the real API for the one call the connectors make (create a message), checks the
credentials that call carries, and keeps the requests so a test can read what a person would get.
"""

import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List
from urllib.parse import parse_qs, urlsplit


class FakeApi:
    """One fake API server on a free loopback port, run in a thread."""

    def __init__(self, handler: type, **expected: str) -> None:
        self.records: List[Dict[str, Any]] = []
        self.lock = threading.Lock()
        self.unreachable = False  # when True, every request is dropped unanswered (an API outage)
        self.expected = expected
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.api = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def record(self, entry: Dict[str, Any]) -> int:
        with self.lock:
            self.records.append(entry)
            return len(self.records)

    def sent_to(self, recipient: str) -> List[Dict[str, Any]]:
        with self.lock:
            return [r for r in self.records if r["to"] == recipient]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # quiet: the test output is the record
        pass

    def reply(self, status: int, body: Dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))


class TwilioHandler(_Handler):
    """POST /2010-04-01/Accounts/{sid}/Messages.json with HTTP basic auth (sid, auth token)."""

    PATH = re.compile(r"^/2010-04-01/Accounts/(\w+)/Messages\.json$")

    def do_POST(self) -> None:
        api = self.server.api
        match = self.PATH.match(urlsplit(self.path).path)
        auth = "Basic " + base64.b64encode(f"{api.expected['sid']}:{api.expected['token']}".encode()).decode()
        if not match or match.group(1) != api.expected["sid"]:
            return self.reply(404, {"code": 20404, "message": "not found", "status": 404})
        if self.headers.get("Authorization") != auth:
            return self.reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
        form = {k: v[0] for k, v in parse_qs(self.body().decode()).items()}
        n = api.record({"to": form.get("To"), "from": form.get("From"), "body": form.get("Body")})
        self.reply(
            201,
            {
                "sid": f"SM{n:032d}",
                "account_sid": match.group(1),
                "to": form.get("To"),
                "from": form.get("From"),
                "body": form.get("Body"),
                "status": "queued",
                "num_segments": "1",
                "direction": "outbound-api",
            },
        )


class GraphHandler(_Handler):
    """POST /v{version}/me/messages?access_token=... with a JSON body (a message or a sender action)."""

    PATH = re.compile(r"^/v[\d.]+/me/messages$")

    def do_POST(self) -> None:
        api = self.server.api
        if api.unreachable:
            self.close_connection = True
            return
        url = urlsplit(self.path)
        if not self.PATH.match(url.path):
            return self.reply(404, {"error": {"message": "unknown path", "code": 100}})
        if parse_qs(url.query).get("access_token") != [api.expected["token"]]:
            return self.reply(401, {"error": {"message": "Invalid OAuth access token", "code": 190}})
        body = json.loads(self.body() or b"{}")
        recipient = body.get("recipient", {}).get("id")
        n = api.record(
            {
                "to": recipient,
                "message": body.get("message"),
                "sender_action": body.get("sender_action"),
                "messaging_type": body.get("messaging_type"),
            }
        )
        self.reply(200, {"recipient_id": recipient, "message_id": f"mid.{n}"})
