"""tools/local_bot.py's action endpoint answers as the action server does: the executor's own JSON,
404 for an unknown action, 400 for a rejected one (no model needed)."""

import asyncio
import json

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import ClientResponseError
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection

from tools.local_bot import _action_endpoint
from tools.servers import ROOT

pytestmark = pytest.mark.filterwarnings("ignore:Slot auto-fill")  # Rasa's note on loading any 3.x domain


def _call(action: str) -> dict:
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("local-bot-test", domain.slots)
    return {
        "next_action": action,
        "sender_id": tracker.sender_id,
        "tracker": tracker.current_state(EventVerbosity.ALL),
        "domain": domain.as_dict(),
        "version": "3.6.21",
    }


def test_an_action_gives_the_same_json_as_the_action_servers_executor():
    executor = ActionExecutor()
    executor.register_package("actions")
    call = _call("action_out_of_scope")
    expected = json.loads(json.dumps(asyncio.run(executor.run(json.loads(json.dumps(call))))))
    got = asyncio.run(_action_endpoint().request(json=call, method="post"))
    assert got == expected
    assert got["responses"], "the action said something"


def test_an_unknown_action_is_a_404_as_from_the_action_server():
    with pytest.raises(ClientResponseError) as error:
        asyncio.run(_action_endpoint().request(json=_call("action_that_does_not_exist"), method="post"))
    assert error.value.status == 404


def test_a_rejected_action_is_a_400_with_its_name(monkeypatch):
    async def reject(self, call):
        raise ActionExecutionRejection(call["next_action"], "not now")

    monkeypatch.setattr(ActionExecutor, "run", reject)
    with pytest.raises(ClientResponseError) as error:
        asyncio.run(_action_endpoint().request(json=_call("action_out_of_scope"), method="post"))
    assert error.value.status == 400
    assert json.loads(error.value.text) == {"error": "not now", "action_name": "action_out_of_scope"}
