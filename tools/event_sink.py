"""Keep the event broker's stream in a reporting database that `make report` can read.

    RABBITMQ_URL=amqp://rasa:...@rabbitmq/ python -m tools.event_sink --db postgresql://.../reporting

For bigger deployments (deploy/event_broker/): Rasa publishes every event to RabbitMQ's
`rasa_events` queue; this consumer writes each one as a row of an `events` table shaped like the
tracker store's, so the operator's report (`python -m tools.report --db <that URL>`) runs on the
reporting copy instead of the live store. The text was redacted before Rasa published it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any, Dict, Iterable, List, Optional

import sqlalchemy as sa

QUEUE = "rasa_events"
BATCH = 500

_events = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def row(body: Dict[str, Any]) -> Dict[str, Any]:
    """One published event as the tracker store would have stored it."""
    event = {k: v for k, v in body.items() if k != "sender_id"}
    return {
        "sender_id": body["sender_id"],
        "type_name": event.get("event"),
        "timestamp": event.get("timestamp"),
        "intent_name": ((event.get("parse_data") or {}).get("intent") or {}).get("name"),
        "action_name": event.get("name"),
        "data": json.dumps(event),
    }


def store(engine: sa.engine.Engine, bodies: Iterable[Dict[str, Any]]) -> int:
    rows = [row(b) for b in bodies if b.get("sender_id") and b.get("event")]
    if rows:
        with engine.begin() as connection:
            connection.execute(_events.insert(), rows)
    return len(rows)


def open_store(url: str) -> sa.engine.Engine:
    engine = sa.create_engine(url)
    _events.metadata.create_all(engine)
    return engine


async def consume(amqp_url: str, engine: sa.engine.Engine) -> None:
    import aio_pika

    connection = await aio_pika.connect_robust(amqp_url)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=BATCH)
        queue = await channel.declare_queue(QUEUE, durable=True)
        async with queue.iterator() as messages:
            async for message in messages:
                async with message.process():  # acknowledged once stored
                    store(engine, [json.loads(message.body)])


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.event_sink", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of the reporting database")
    parser.add_argument("--amqp", default=os.environ.get("RABBITMQ_URL"), help="default: RABBITMQ_URL")
    args = parser.parse_args(argv)
    if not args.amqp:
        parser.error("set RABBITMQ_URL or --amqp")
    asyncio.run(consume(args.amqp, open_store(args.db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
