"""What the optional event broker carries (deploy/event_broker/): the tracker store publishes each
event redacted, and tools/event_sink.py turns the stream into a table the report reads alike."""

import asyncio

from rasa.core.brokers.broker import EventBroker
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import replies
from bot.knowledge import default
from bot.routing import Case, route
from storage.tracker_store import PrivateSQLTrackerStore
from tools import event_sink, report


class Collecting(EventBroker):
    def __init__(self):
        self.published = []

    def publish(self, event):
        self.published.append(event)


def test_the_stream_is_redacted_and_reports_like_the_store(tmp_path):
    broker = Collecting()
    store = PrivateSQLTrackerStore(db=str(tmp_path / "store.db"), event_broker=broker)
    kb = default()
    card = replies.referral(route(Case(coverage="hmo", problem="medical_necessity"), kb), kb)
    parse = {"intent": {"name": "problem_medical_necessity", "confidence": 0.95}, "entities": []}
    events = [
        UserUttered(
            "Kaiser denied my MRI, my member id is XYZ123456789",
            parse["intent"],
            parse_data=parse,
            input_channel="rest",
        ),
        SlotSet("language", "en"),
        ActionExecuted("action_give_referral"),
        BotUttered(card["text"], data={"custom": card["custom"]}),
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events("person-1", events)))
    (user,) = [e for e in broker.published if e["event"] == "user"]
    assert "XYZ123456789" not in user["text"] and "[removed]" in user["text"]

    sink = event_sink.open_store(f"sqlite:///{tmp_path / 'reporting.db'}")
    assert event_sink.store(sink, broker.published) == len(broker.published)
    from_stream = report.collect(f"sqlite:///{tmp_path / 'reporting.db'}")
    from_store = report.collect(f"sqlite:///{tmp_path / 'store.db'}")
    assert from_stream.referrals["agency"] == from_store.referrals["agency"] == {"DMHC": 1}
    assert from_stream.per_day == from_store.per_day and from_stream.turns == from_store.turns == [1]
