"""The Rasa HTTP API is closed by default and needs a token when it is turned on: from the
environment (never on the command line), in the Authorization header (never in the URL)."""

from pathlib import Path

import requests

from tools.servers import Servers

# The API's guard needs no action server: these servers start without one (faster).


def test_http_api_is_off_by_default(servers):
    base = servers.webhook.split("/webhooks")[0]
    assert requests.get(f"{base}/conversations/someone/tracker", timeout=10).status_code in (403, 404)


def test_http_api_needs_the_token_in_a_header_when_enabled():
    token = "test-token-not-a-secret"
    with Servers(actions=False, extra_args=["--enable-api"], env={"RASA_API_TOKEN": token}) as api:
        base = api.webhook.split("/webhooks")[0]
        url = f"{base}/conversations/someone/tracker"
        assert requests.get(url, timeout=10).status_code == 401
        assert requests.get(url, headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
        assert requests.get(url, params={"token": token}, timeout=10).status_code == 401, "never in the URL"
        assert requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code == 200
        command_line = Path(f"/proc/{api.rasa.pid}/cmdline").read_bytes()
        assert token.encode() not in command_line, "ps shows the command line to every user"


def test_with_the_api_on_but_no_token_set_it_stays_closed():
    with Servers(actions=False, extra_args=["--enable-api"], env={"RASA_API_TOKEN": ""}) as api:
        base = api.webhook.split("/webhooks")[0]
        assert requests.get(f"{base}/conversations/someone/tracker", timeout=10).status_code == 403
