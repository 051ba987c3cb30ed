"""The Rasa HTTP API's token: from the environment, in a header, never in a URL or on the command line.

Rasa takes its API token as `--auth-token` (which `ps` shows to every user of the machine) and
accepts it only as `?token=` (which access logs and proxies keep). Here the server is started with
`--enable-api` and no token, and this guard, run before every request, does the checking: every
path but the channels' webhooks and the health check needs `Authorization: Bearer $RASA_API_TOKEN`;
a `token` in the URL is refused; with no RASA_API_TOKEN set, the API is closed.
"""

from __future__ import annotations

import hmac
import os
from typing import Optional

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

OPEN_PATHS = ("/webhooks/",)  # the channels (each checks its own signature), and "/" (health)


def _refusal(request: Request, token: Optional[str]) -> Optional[HTTPResponse]:
    if request.path == "/" or request.path.startswith(OPEN_PATHS):
        return None
    if "token" in request.args:
        return response.json({"error": "send the token in the Authorization header, never in the URL"}, status=401)
    if not token:
        return response.json({"error": "the HTTP API is closed (RASA_API_TOKEN is not set)"}, status=403)
    scheme, _, given = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode()):
        return response.json({"error": "not authenticated"}, status=401)
    return None


def install(app: Sanic) -> None:
    """Check every request of `app` (once per app)."""
    if getattr(app.ctx, "api_guard", False):
        return
    app.ctx.api_guard = True

    @app.on_request
    async def guard(request: Request) -> Optional[HTTPResponse]:
        return _refusal(request, os.environ.get("RASA_API_TOKEN"))
