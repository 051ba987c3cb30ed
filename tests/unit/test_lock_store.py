"""The SQLite lock store shared by the Rasa server's workers (storage/lock_store.py)."""

import asyncio
import multiprocessing

from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from storage.lock_store import SQLiteLockStore


def _issue(path: str, count: int, queue) -> None:
    store = SQLiteLockStore(path=path)
    queue.put([store.issue_ticket("same-person", lock_lifetime=600) for _ in range(count)])


def test_processes_never_get_the_same_ticket(tmp_path):
    """Two workers (processes) asking at once for one conversation: every ticket is different."""
    path = str(tmp_path / "locks.db")
    SQLiteLockStore(path=path)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_issue, args=(path, 50, queue)) for _ in range(3)]
    for worker in workers:
        worker.start()
    tickets = [ticket for _ in workers for ticket in queue.get(timeout=60)]
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(tickets) == list(range(min(tickets), min(tickets) + 150))  # 150 different, none skipped


def test_a_second_worker_waits_for_the_turn_in_progress(tmp_path):
    """Two stores on one file (two workers): the second turn of a conversation starts only after
    the first has finished, and the lock is gone when nobody waits."""
    path = str(tmp_path / "locks.db")
    first, second = SQLiteLockStore(path=path), SQLiteLockStore(path=path)
    order = []

    async def turn(store: SQLiteLockStore, name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        async with store.lock("person", wait_time_in_seconds=0.01):
            order.append(f"{name} starts")
            await asyncio.sleep(0.1)
            order.append(f"{name} ends")

    async def both() -> None:
        await asyncio.gather(turn(first, "one", 0), turn(second, "two", 0.02))

    asyncio.run(both())
    assert order == ["one starts", "one ends", "two starts", "two ends"]
    assert first.get_lock("person") is None and second.get_lock("person") is None


def test_other_conversations_are_not_held_up(tmp_path):
    store = SQLiteLockStore(path=str(tmp_path / "locks.db"))
    store.issue_ticket("busy")
    ticket = store.issue_ticket("free")
    assert not store.get_lock("free").is_locked(ticket)


def test_endpoints_yml_names_the_file(tmp_path):
    """As endpoints.yml configures it; Rasa then allows several Sanic workers."""
    path = tmp_path / "sub" / "locks.db"
    config = EndpointConfig(type="storage.lock_store.SQLiteLockStore", db=str(path))
    store = LockStore.create(config)
    assert isinstance(store, SQLiteLockStore) and path.exists()
