"""Conversation locks in an SQLite file, so that several workers of one Rasa server share them.

Rasa handles one turn of a conversation at a time with a ticket lock. Its default lock store
lives in one process's memory, so Rasa refuses a second Sanic worker (SANIC_WORKERS) without
another store, and the other store it ships needs a Redis server. On one machine an SQLite file
does the same job: `make run` starts two workers with it (both cores, scripts/run.sh). Servers on
several machines need a store they all reach: deploy/ uses Redis.

Each change of a lock (a ticket issued, a turn finished) is one `BEGIN IMMEDIATE` transaction, so
two workers never issue the same ticket nor drop each other's. Locks are short-lived and need no
durability: the file is not synced to disk, and a ticket left by a crashed worker expires (Rasa's
lock lifetime). The REST channel's per-client rate limit is counted in the same file, so that it
holds across the workers.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from typing import Any, Iterator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

DEFAULT_PATH = ".rasa/locks.db"


class SQLiteLockStore(LockStore):
    """`lock_store: {type: storage.lock_store.SQLiteLockStore, db: <file>}` in endpoints.yml."""

    def __init__(self, endpoint_config: Any = None, path: Optional[Text] = None) -> None:
        kwargs = getattr(endpoint_config, "kwargs", None) or {}
        self.path = path or kwargs.get("db") or getattr(endpoint_config, "url", None) or DEFAULT_PATH
        directory = os.path.dirname(self.path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        self._connection: Optional[sqlite3.Connection] = None
        self._pid = -1
        with self._transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS locks (conversation_id TEXT PRIMARY KEY, lock TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS requests (client TEXT NOT NULL, at REAL NOT NULL)")
            db.execute("CREATE INDEX IF NOT EXISTS requests_client ON requests (client, at)")

    @property
    def db(self) -> sqlite3.Connection:
        """This process's connection (a connection must not cross a fork into a worker)."""
        if self._connection is None or self._pid != os.getpid():
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")  # takes the write lock now: no other worker reads in between
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        row = self.db.execute("SELECT lock FROM locks WHERE conversation_id = ?", (conversation_id,)).fetchone()
        return TicketLock.from_dict(json.loads(row[0])) if row else None

    def save_lock(self, lock: TicketLock) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO locks (conversation_id, lock) VALUES (?, ?)", (lock.conversation_id, lock.dumps())
        )

    def delete_lock(self, conversation_id: Text) -> None:
        deleted = self.db.execute("DELETE FROM locks WHERE conversation_id = ?", (conversation_id,)).rowcount
        self._log_deletion(conversation_id, deleted > 0)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            with self._transaction():
                lock = self.get_or_create_lock(conversation_id)
                ticket = lock.issue_ticket(lock_lifetime)
                self.save_lock(lock)
            return ticket
        except sqlite3.Error as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        with self._transaction():
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """The turn is over: drop its ticket, and the lock itself if nobody waits for it."""
        with self._transaction():
            lock = self.get_lock(conversation_id)
            if lock is None:
                return
            lock.remove_ticket_for(ticket_number)
            if lock.is_someone_waiting():
                self.save_lock(lock)
            else:
                self.delete_lock(conversation_id)

    def allow_request(self, client: Text, per_minute: int, now: float) -> bool:
        """The REST channel's rate limit counted across the workers (channels/resilient_rest.py):
        one more request from `client` if fewer than `per_minute` came in the last minute."""
        with self._transaction() as db:
            db.execute("DELETE FROM requests WHERE at <= ?", (now - 60,))
            (count,) = db.execute("SELECT count(*) FROM requests WHERE client = ?", (client,)).fetchone()
            if count >= per_minute:
                return False
            db.execute("INSERT INTO requests (client, at) VALUES (?, ?)", (client, now))
        return True
