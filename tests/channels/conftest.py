"""One Rasa server (with the action server) that has the REST, SMS and Messenger channels, the
latter two configured from the project's own credentials.*.yml files and environment variables,
and sending to local fakes of Twilio's and Facebook's APIs."""

import secrets
from dataclasses import dataclass

import pytest
import yaml

from tests.channels.fakes import FakeApi, GraphHandler, TwilioHandler
from tools.servers import MODEL, ROOT, Servers

# What Twilio would sign: the public URL set in its console, not the one the server sees locally.
TWILIO_PUBLIC_URL = "https://sms.example.org/webhooks/twilio/webhook"


@dataclass
class ChannelStack:
    servers: Servers
    twilio: FakeApi
    graph: FakeApi
    env: dict

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.servers.rasa_port}{path}"

    def referrals_logged(self) -> int:
        """How many referrals the action server has given (it logs route labels at INFO)."""
        return self.servers.log("actions.log").count("referral agency=")


def _credentials(twilio: FakeApi, graph: FakeApi) -> str:
    twilio_file = yaml.safe_load((ROOT / "credentials.twilio.yml").read_text())
    facebook_file = yaml.safe_load((ROOT / "credentials.facebook.yml").read_text())
    for channel in twilio_file.values():
        channel["api_base_url"] = twilio.url
    for channel in facebook_file.values():
        channel["graph_api_url"] = graph.url
    return (ROOT / "credentials.yml").read_text() + "\n" + yaml.safe_dump({**twilio_file, **facebook_file})


@pytest.fixture(scope="session")
def stack():
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    env = {
        "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "TWILIO_NUMBER": "+15005550006",
        "TWILIO_WEBHOOK_URL": TWILIO_PUBLIC_URL,
        "FB_VERIFY_TOKEN": secrets.token_hex(8),
        "FB_APP_SECRET": secrets.token_hex(16),
        "FB_PAGE_ACCESS_TOKEN": secrets.token_hex(16),
        "PSEUDONYM_KEY": secrets.token_hex(16),
    }
    twilio = FakeApi(TwilioHandler, sid=env["TWILIO_ACCOUNT_SID"], token=env["TWILIO_AUTH_TOKEN"])
    graph = FakeApi(GraphHandler, token=env["FB_PAGE_ACCESS_TOKEN"])
    servers = Servers(credentials=_credentials(twilio, graph), env=env)
    try:
        servers.start()
        yield ChannelStack(servers, twilio, graph, env)
    finally:
        servers.stop()
        twilio.stop()
        graph.stop()
