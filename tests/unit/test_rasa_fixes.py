"""channels.rasa_fixes: cached action-result validation (same checks) and no lock starvation."""
import asyncio
import time

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.lock_store import InMemoryLockStore

import channels  # noqa: F401  (applies channels.rasa_fixes)


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
