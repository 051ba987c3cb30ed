"""rasa_fixes: cached action-result validation (same checks) and no lock starvation."""

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
