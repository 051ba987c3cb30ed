"""rasa_fixes: cached action-result validation (same checks), no lock starvation, kept action-server sessions."""

import asyncio
import subprocess
import sys
import time

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.lock_store import InMemoryLockStore

import channels  # noqa: F401  (applies rasa_fixes, as the Rasa server does)


def test_action_result_validation_keeps_rasas_checks():
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}], "responses": []})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": [{"no_event_key": 1}], "responses": "not a list"})


def test_a_waiter_whose_ticket_expired_behind_a_dead_one_gets_its_turn():
    store = InMemoryLockStore()
    store.issue_ticket("c", 0.3)  # a server that died holding the lock
    mine = store.issue_ticket("c", 0.4)  # the retried request, waiting behind it
    time.sleep(0.5)  # both tickets have expired
    lock = asyncio.run(asyncio.wait_for(store._acquire_lock("c", mine, 0.05), timeout=2))
    assert not lock.is_locked(mine)


def test_a_waiter_still_waits_for_a_live_ticket_ahead():
    store = InMemoryLockStore()
    store.issue_ticket("c", 30)
    mine = store.issue_ticket("c", 30)
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(store._acquire_lock("c", mine, 0.05), timeout=0.3))


def test_importing_the_fixes_changes_nothing_and_the_channels_package_applies_them():
    """The one place the fixes are applied is channels/__init__.py (loaded by every Rasa server)."""
    check = (
        "import rasa_fixes\n"
        "from rasa.core.lock_store import LockStore\n"
        "assert LockStore._acquire_lock is not rasa_fixes._acquire_lock, 'applied on import'\n"
        "import channels\n"
        "assert LockStore._acquire_lock is rasa_fixes._acquire_lock, 'not applied by channels'\n"
    )
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_calls_to_an_endpoint_share_one_kept_session_per_event_loop():
    import rasa_fixes
    from rasa.utils.endpoints import EndpointConfig

    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")

    async def two_sessions():
        async with endpoint.session() as first:
            pass
        async with endpoint.session() as second:
            pass
        assert not first.closed and first.connector._keepalive_timeout == rasa_fixes.KEEP_ALIVE_S
        await first.close()
        async with endpoint.session() as third:  # a closed one is replaced
            await third.close()
        return first, second, third

    first, second, third = asyncio.run(two_sessions())
    assert first is second and third is not first


def test_a_call_on_a_connection_the_server_closed_is_made_once_more(monkeypatch):
    import aiohttp

    import rasa_fixes
    from rasa.utils.endpoints import EndpointConfig

    calls = []

    async def flaky(self, *args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise aiohttp.ServerDisconnectedError()
        return {"events": []}

    monkeypatch.setattr(rasa_fixes, "_original_request", flaky)
    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")
    assert asyncio.run(endpoint.request(json={"next_action": "x"}, method="post")) == {"events": []}
    assert len(calls) == 2 and calls[1] == {"json": {"next_action": "x"}, "method": "post"}


def test_an_answer_with_an_error_status_is_not_retried(monkeypatch):
    import aiohttp

    import rasa_fixes
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig

    calls = []

    async def failing(self, *args, **kwargs):
        calls.append(1)
        raise ClientResponseError(500, "error", b"")

    monkeypatch.setattr(rasa_fixes, "_original_request", failing)
    with pytest.raises(ClientResponseError):
        asyncio.run(EndpointConfig("http://127.0.0.1:9/webhook").request(json={}))
    assert len(calls) == 1 and aiohttp  # one call: only a dropped connection is retried
