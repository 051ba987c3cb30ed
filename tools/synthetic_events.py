"""Many synthetic conversations written straight into a tracker store's `events` table.

For the test and the benchmark of the operator's report at 100,000 conversations: running that
many through the servers would take hours. Each kind of conversation is made once with Rasa's own
event classes (so the stored JSON is exactly what the tracker store writes, referral card from the
real routing and replies), then copied under new sender ids and times in one bulk insert.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa

from bot import feedback, replies
from bot.knowledge import default
from bot.routing import Case, route

DAY = 86400.0
START = 1_772_323_200.0  # 2026-03-01 00:00 UTC


@dataclass(frozen=True)
class Kind:
    """A kind of conversation and what the report must count for it."""

    name: str
    channel: str  # Rasa's input channel name
    language: str
    agency: Optional[str] = None  # None: no referral
    stopped_at: Optional[str] = None
    fallbacks: int = 0
    low_confidence: int = 0
    feedback: Optional[str] = None
    user_messages: int = 0


def _user(text: str, intent: str, confidence: float, channel: str):
    from rasa.shared.core.events import UserUttered

    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
        "intent_ranking": [{"name": intent, "confidence": confidence}, {"name": "greet", "confidence": 1 - confidence}],
    }
    return UserUttered(text, intent=parse["intent"], parse_data=parse, input_channel=channel)


def _events(kind: Kind) -> List[Tuple[str, object]]:
    """(offset seconds, event) for one conversation of this kind."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet

    kb = default(kind.language)
    ch = kind.channel
    out: List[object] = [ActionExecuted("action_session_start"), ActionExecuted("action_listen")]

    def bot(reply):
        out.append(BotUttered(reply.get("text"), data={"buttons": reply.get("buttons"), "custom": reply.get("custom")}))

    out += [
        _user("my plan said no to my surgery", "problem_medical_necessity", 0.93, ch),
        SlotSet("language", kind.language),
        SlotSet("problem", "medical_necessity"),
        ActionExecuted("referral_form"),
        SlotSet("requested_slot", "coverage"),
    ]
    bot(replies.ask("coverage", {"problem": "medical_necessity"}, kb=kb))
    for _ in range(kind.fallbacks):
        out += [ActionExecuted("action_listen"), _user("blah what", "nlu_fallback", 0.5, ch)]
        bot(replies.ask("coverage", {"problem": "medical_necessity"}, kb=kb))
    for _ in range(kind.low_confidence):
        out += [ActionExecuted("action_listen"), _user("its through work i think", "inform_coverage", 0.61, ch)]
        bot(replies.ask("coverage", {"problem": "medical_necessity"}, kb=kb))
    if kind.agency:
        coverage = {"DMHC": "hmo", "CDI": "other_ppo_or_insurance"}[kind.agency]
        out += [
            ActionExecuted("action_listen"),
            _user("/inform_coverage", "inform_coverage", 1.0, ch),
            SlotSet("coverage", coverage),
            ActionExecuted("referral_form"),
            SlotSet("requested_slot", None),
            ActionExecuted("action_give_referral"),
        ]
        referral = route(Case(coverage=coverage, problem="medical_necessity"), kb)
        bot(replies.referral(referral, kb))
        if kind.feedback:
            bot(feedback.question(kb))
            out.append(SlotSet("feedback", "asked"))
            if kind.feedback != "asked":
                out += [
                    ActionExecuted("action_listen"),
                    _user(f"/feedback_{kind.feedback}", f"feedback_{kind.feedback}", 1.0, ch),
                    ActionExecuted("action_feedback"),
                ]
                bot(feedback.thanks(kind.feedback, referral, kb))
                out.append(SlotSet("feedback", kind.feedback))
    out.append(ActionExecuted("action_listen"))
    return [(30.0 * i, event) for i, event in enumerate(out)]


KINDS = (
    Kind("web DMHC", "rest", "en", agency="DMHC", feedback="yes", user_messages=2),
    Kind("web DMHC, unsure first", "rest", "en", agency="DMHC", low_confidence=1, feedback="no", user_messages=3),
    Kind("sms CDI in Spanish", "twilio", "es", agency="CDI", feedback="asked", user_messages=2),
    Kind("messenger DMHC", "facebook", "en", agency="DMHC", user_messages=2),
    Kind("web stopped at coverage", "rest", "en", stopped_at="coverage", fallbacks=1, user_messages=2),
    Kind("sms stopped at coverage", "twilio", "en", stopped_at="coverage", user_messages=1),
)


def create_table(url: str) -> None:
    """The events table exactly as Rasa's SQL tracker store creates it."""
    from rasa.core.tracker_store import SQLTrackerStore

    if url.startswith("sqlite:///"):
        SQLTrackerStore(dialect="sqlite", db=url[len("sqlite:///") :]).engine.dispose()
    else:
        SQLTrackerStore(dialect=url.split(":", 1)[0], host=url).engine.dispose()


def write(url: str, counts: Dict[Kind, int], days: int = 30, seed: int = 7) -> Counter:
    """Insert counts[kind] conversations of each kind, spread over `days` days from START; returns
    the number of conversations per kind name."""
    create_table(url)
    rng = random.Random(seed)
    templates = {
        kind: [(offset, event.type_name, event.as_dict()) for offset, event in _events(kind)] for kind in counts
    }
    rows: List[dict] = []
    made: Counter = Counter()
    engine = sa.create_engine(url)
    insert = sa.text(
        "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
        "VALUES (:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)"
    )
    serialised = {
        kind: [(offset, type_name, data, json.dumps(data)) for offset, type_name, data in template]
        for kind, template in templates.items()
    }
    with engine.begin() as connection:
        for kind, count in counts.items():
            prefix = "sms-" if kind.channel == "twilio" else ""
            for _ in range(count):
                sender = f"{prefix}{made.total():012x}{rng.randrange(16**8):08x}"
                start = START + rng.random() * days * DAY
                for offset, type_name, data, text in serialised[kind]:
                    rows.append(
                        {
                            "sender_id": sender,
                            "type_name": type_name,
                            "timestamp": start + offset,
                            "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
                            "action_name": data.get("name"),
                            "data": text,
                        }
                    )
                made[kind.name] += 1
                if len(rows) >= 50_000:
                    connection.execute(insert, rows)
                    rows = []
        if rows:
            connection.execute(insert, rows)
    engine.dispose()
    return made


def spread(total: int) -> Dict[Kind, int]:
    """`total` conversations over the kinds, in a fixed mix (most reach a referral)."""
    weights = (40, 10, 15, 10, 15, 10)
    counts = {kind: total * w // sum(weights) for kind, w in zip(KINDS, weights)}
    counts[KINDS[0]] += total - sum(counts.values())
    return counts
