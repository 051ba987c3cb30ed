"""An SQL tracker store that keeps no identifiers and forgets on request.

- SQLite file by default; PostgreSQL (or any SQLAlchemy URL) when DATABASE_URL is set.
- Every field that can carry what a person wrote is redacted (storage/redaction.py) before it is
  written or streamed: their messages, entities, slots, and the assistant's messages and cards.
- When the last turn ran `action_delete_conversation`, the person's whole conversation is
  deleted instead of saved.
- `purge(days)` deletes every event older than `days`, even in a conversation still going.
- SQLite runs in WAL mode with synchronous=NORMAL: a commit no longer waits for a disk flush (it
  was a quarter of the server's CPU time per turn under load); a crash of the process loses nothing.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import time
from typing import Any, Dict, Optional

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from storage import event_types  # noqa: F401  (event classes found once, not per event)
from storage.redaction import redact_events

logger = logging.getLogger(__name__)

DELETE_ACTION = "action_delete_conversation"
MAX_REMEMBERED = 10_000  # conversations retrieved but not yet saved (an API read saves nothing)


class _TablesRace(logging.Filter):
    """Rasa's "Could not create tables: ... already exists" ERROR: two workers starting together both
    create the tables, and the one that comes second logs it although nothing is wrong."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Could not create tables") and "already exists" in message)


def _ensure_tables(store: SQLTrackerStore) -> None:
    """Create the tables if they are still missing (a no-op when they exist): a real failure is
    still raised, a table another worker made in between is not one."""
    import sqlalchemy as sa

    try:
        store.Base.metadata.create_all(store.engine)
    except (sa.exc.OperationalError, sa.exc.ProgrammingError) as error:
        if "already exists" not in str(error):
            raise
        logger.debug("tables created by another worker at the same time")


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self, domain: Optional[Domain] = None, event_broker: Optional[EventBroker] = None, **kwargs: Any
    ) -> None:
        url = os.environ.get("DATABASE_URL")
        if url and url.startswith("postgres://"):  # the scheme some hosts hand out; SQLAlchemy wants postgresql
            url = "postgresql://" + url[len("postgres://") :]
        if url:
            kwargs.update(dialect=url.split(":", 1)[0], host=url)
        race = _TablesRace()
        rasa_logger = logging.getLogger("rasa.core.tracker_store")
        rasa_logger.addFilter(race)  # the workers' race to create the tables is no error
        try:
            super().__init__(domain=domain, event_broker=event_broker, **kwargs)
        finally:
            rasa_logger.removeFilter(race)
        _ensure_tables(self)
        self._stored_counts: Dict[str, int] = {}
        if self.engine.dialect.name == "sqlite":
            self._tune_sqlite()

    def _tune_sqlite(self) -> None:
        """Pooled connections: SQLAlchemy 1.4 opens and closes an SQLite file's connection for every
        session, and closing the last one checkpoints the WAL with a disk sync, twice a turn (with
        the pragmas run again on each connect, a fifth of the server's CPU under load)."""
        import sqlalchemy as sa

        self.engine.dispose()
        self.engine = sa.create_engine(
            self.engine.url, poolclass=sa.pool.QueuePool, pool_pre_ping=False, connect_args={"check_same_thread": False}
        )

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """Rasa's, remembering how many events of the latest session are stored: the turn's save
        then needs no count query (4% of the server's CPU under load). Every turn retrieves before
        it saves, under the conversation's lock, so the number is the one the query would give."""
        tracker = await super().retrieve(sender_id)
        if len(self._stored_counts) > MAX_REMEMBERED:
            self._stored_counts.clear()
        self._stored_counts[sender_id] = len(tracker.events) if tracker else 0
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's `SQLTrackerStore.save`, with the new events redacted before they are streamed or
        written, and counting the stored events once (Rasa's count query was a tenth of the
        server's CPU under load, and redacting first had doubled it). The rows go in as one
        executemany INSERT: the ORM's flush of one object per event was 8% of the server's CPU."""
        stored = self._stored_counts.pop(tracker.sender_id, None)
        if self._asked_to_forget(tracker):
            self.delete(tracker.sender_id)
            return
        with self.session_scope() as session:
            # Only the events not stored yet: the stored ones were redacted when they were written.
            if stored is None:
                new_events = list(self._additional_events(session, tracker))
            else:
                new_events = list(itertools.islice(tracker.events, stored, None))
            redact_events(new_events)
            await self.stream_events(tracker)
            rows = []
            for event in new_events:
                data = event.as_dict()
                rows.append(
                    dict(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            if rows:  # one INSERT for the turn's events, without the ORM's per-object bookkeeping
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    @staticmethod
    def _asked_to_forget(tracker: DialogueStateTracker) -> bool:
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                return False
            if isinstance(event, ActionExecuted) and event.action_name == DELETE_ACTION:
                return True
        return False

    def delete(self, sender_id: str) -> int:
        """Delete every stored event of one conversation; returns the number of rows removed."""
        with self.session_scope() as session:
            removed = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        logger.info("conversation deleted on request (%d events)", removed)
        return removed

    def purge(self, days: float) -> int:
        """Delete every event older than `days` days, in every conversation (a conversation still
        going keeps only its recent events); returns the number of conversations touched."""
        cutoff = time.time() - days * 86400
        with self.session_scope() as session:
            old = session.query(self.SQLEvent).filter(self.SQLEvent.timestamp < cutoff)
            touched = old.with_entities(self.SQLEvent.sender_id).distinct().count()
            removed = old.delete(synchronize_session=False)
            session.commit()
        logger.info("retention purge removed %d events of %d conversations, older than %s days", removed, touched, days)
        return touched
