"""A local fake of a channel's media host: Twilio's MediaUrl (HTTP basic auth with the account SID
and auth token) or a Messenger attachment URL (no auth). Serves the bytes put in `files`."""

import base64
from typing import Dict, Optional, Tuple
from urllib.parse import urlsplit

from tests.channels.fakes import FakeApi, _Handler


class MediaHandler(_Handler):
    def do_GET(self) -> None:
        api = self.server.api
        path = urlsplit(self.path).path
        if path not in api.files:
            return self.reply(404, {"message": "not found"})
        data, content_type, auth = api.files[path]
        if auth and self.headers.get("Authorization") != "Basic " + base64.b64encode(":".join(auth).encode()).decode():
            return self.reply(401, {"code": 20003, "message": "Authenticate"})
        api.record({"to": path, "authorized": bool(auth)})
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeMedia(FakeApi):
    def __init__(self) -> None:
        super().__init__(MediaHandler)
        self.files: Dict[str, Tuple[bytes, str, Optional[Tuple[str, str]]]] = {}

    def put(self, path: str, data: bytes, content_type: str, auth: Optional[Tuple[str, str]] = None) -> str:
        self.files[path] = (data, content_type, auth)
        return self.url + path
