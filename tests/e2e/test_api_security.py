"""The Rasa HTTP API is closed by default and needs a token when it is turned on."""
import requests

from tools.servers import Servers


def test_http_api_is_off_by_default(servers):
    base = servers.webhook.split("/webhooks")[0]
    assert requests.get(f"{base}/conversations/someone/tracker", timeout=10).status_code in (403, 404)


def test_http_api_needs_the_token_when_enabled():
    token = "test-token-not-a-secret"
    with Servers(extra_args=["--enable-api", "--auth-token", token]) as api:
        base = api.webhook.split("/webhooks")[0]
        url = f"{base}/conversations/someone/tracker"
        assert requests.get(url, timeout=10).status_code == 401
        assert requests.get(url, params={"token": "wrong"}, timeout=10).status_code == 401
        assert requests.get(url, params={"token": token}, timeout=30).status_code == 200
