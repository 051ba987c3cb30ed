"""The referral turn fits one phone screen, for every route in the decision table, in both
languages, on every channel (issue 12). The limits live in tests/thresholds.yml (`referral_turn`).

The turn is made by the real action (`action_give_referral` with a CollectingDispatcher), shaped
by Rasa's own REST output channel, and by bot.channel_format for SMS and Messenger.
"""

import asyncio
from dataclasses import replace
import re
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml
from rasa.core.channels.channel import CollectingOutputChannel
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionGiveReferral
from bot import channel_format, followups
from bot.knowledge import default
from bot.routing import Case, route
from bot.reply_types import ReferralCard
from tests.unit.test_actions import DOMAIN, tracker

LIMITS = yaml.safe_load((Path(__file__).parents[1] / "thresholds.yml").read_text())["referral_turn"]
LANGUAGES = ("en", "es")


def cases(language: str) -> List[Dict[str, Any]]:
    """The slots of every case the decision table routes: each row, problem, hearing answer and
    other-coverage kind; and, where a plan's name alone tells the coverage, the same case named
    (the turn then also says how the coverage was guessed)."""
    kb = default(language)
    found = []
    for row in kb.routes:
        kinds = list(kb.other_kinds) if row.coverage == "other_coverage" else [None]
        named = [None] + [e.key for e in kb.gazetteer if e.label == "plan" and e.coverage == row.coverage][:1]
        for problem in row.problems:
            for kind in kinds:
                for plan in named:
                    slots = {
                        "coverage": row.coverage,
                        "problem": problem,
                        "fair_hearing": row.fair_hearing,
                        "coverage_detail": kind,
                        "plan": plan,
                        "language": language,
                    }
                    found.append({k: v for k, v in slots.items() if v is not None})
    return found


def name(slots: Dict[str, Any]) -> str:
    return "-".join(str(v) for v in slots.values())


def referral_turn(slots: Dict[str, Any]) -> List[Dict[str, Any]]:
    """What action_give_referral sends, as bot messages (text, buttons, custom)."""
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionGiveReferral().run(dispatcher, tracker(slots, intent="affirm"), DOMAIN))
    return [{k: m[k] for k in ("text", "buttons", "custom") if m.get(k)} for m in dispatcher.messages]


def rest(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The JSON objects the REST channel (and so the widget) receives, made by Rasa's own code."""
    channel = CollectingOutputChannel()
    for message in messages:
        asyncio.run(channel.send_response("me", dict(message)))
    return channel.messages


ALL = [(language, slots) for language in LANGUAGES for slots in cases(language)]
IDS = [f"{language}-{name(slots)}" for language, slots in ALL]


def test_every_route_of_the_table_is_measured():
    for language in LANGUAGES:
        kb = default(language)
        measured = {(s["coverage"], s["problem"], s.get("fair_hearing")) for s in cases(language)}
        table = {(r.coverage, p, r.fair_hearing) for r in kb.routes for p in r.problems}
        assert table <= measured and len(table) >= len(kb.routes)


@pytest.mark.parametrize("language, slots", ALL, ids=IDS)
def test_the_referral_turn_fits_one_phone_screen_on_rest_and_the_widget(language, slots):
    objects = rest(referral_turn(slots))
    chars = sum(len(o.get("text") or "") for o in objects)
    assert len(objects) <= LIMITS["rest_messages"]
    assert chars <= LIMITS[f"rest_chars_{language}"], "\n---\n".join(o.get("text") or "" for o in objects)


@pytest.mark.parametrize("language, slots", ALL, ids=IDS)
def test_the_referral_turn_says_where_the_number_the_first_step_and_free(language, slots):
    kb = default(language)
    messages = referral_turn(slots)
    ref = route(
        Case(
            slots["coverage"],
            slots["problem"],
            slots.get("fair_hearing"),
            slots.get("coverage_detail"),
            slots.get("plan"),
        ),
        kb,
    )
    text = "\n".join(m.get("text") or "" for m in messages)
    cards = [m["custom"]["referral"] for m in messages if "referral" in (m.get("custom") or {})]
    shown = replace(ref, first_step=followups.first_step(ref, kb))  # the step the first screen gives
    assert cards == [{**ReferralCard.of(shown).as_dict(), "language": language}], "the card keeps its contract"
    # The route's first step (a Medi-Cal plan: its own, the 60-day appeal, followups.yml first_steps).
    assert followups.first_step(ref, kb) in text
    assert (ref.phone or kb.agencies["DMHC"].phone) in text, "always a number to call"
    if ref.agency.key != "HEALTH_PLAN":
        assert re.sub(r"^(the|el) ", "", ref.agency.short_name) in text  # "al Centro de Ayuda" in Spanish
    if ref.imr:
        assert kb.faq["imr"]["cost"] in text
    offered = [b["payload"] for m in messages for b in m.get("buttons") or []]
    assert offered[:2] == ["/ask_steps", "/ask_summary"] and offered[-1] == "/ask_question"


@pytest.mark.parametrize("language, slots", ALL, ids=IDS)
def test_the_referral_turn_fits_two_sms_of_two_segments(language, slots):
    bodies = channel_format.sms_turn(referral_turn(slots))
    assert len(bodies) <= LIMITS["sms_messages"], bodies
    for body in bodies:
        assert channel_format.sms_segments(body) <= LIMITS["sms_segments"], body


@pytest.mark.parametrize("language, slots", ALL, ids=IDS)
def test_the_referral_turn_is_one_messenger_card_with_a_call_button_and_one_text(language, slots):
    sent = [out for m in referral_turn(slots) for out in channel_format.messenger(m)]
    cards = [o for o in sent if "attachment" in o]
    texts = [o for o in sent if "text" in o]
    assert len(cards) == LIMITS["messenger_cards"] and len(texts) <= LIMITS["messenger_texts"]
    buttons = cards[0]["attachment"]["payload"]["buttons"]
    assert any(b["type"] == "phone_number" for b in buttons)
    assert len(cards[0]["attachment"]["payload"]["text"]) <= channel_format.MESSENGER_TEMPLATE_TEXT


@pytest.mark.parametrize(
    "text, segments",
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("á" * 70, 1),
        ("á" * 71, 2),
        ("[" * 80, 1),
        ("[" * 81, 2),
    ],
)
def test_sms_segments_are_counted_as_carriers_do(text, segments):
    assert channel_format.sms_segments(text) == segments


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_county_run_medi_cal_plan_is_named_on_the_first_screen_within_its_size(language):
    # probe s9: "CalOptima denied my surgery" got the DMHC IMR with the county-run note only in the steps.
    kb = default(language)
    county_run = [e for e in kb.gazetteer if e.detail == "county_run"]
    rows = [r for r in kb.routes if r.coverage == "medi_cal_managed_care" and r.agency == "DMHC" and r.pathway == "imr"]
    assert county_run and rows
    for entry in county_run:
        for row in rows:
            slots = {"coverage": row.coverage, "problem": row.problems[0], "coverage_detail": "county_run"}
            slots.update(plan=entry.key, language=language, fair_hearing=row.fair_hearing or "not_requested")
            objects = rest(referral_turn(slots))
            text = "\n".join(o.get("text") or "" for o in objects)
            assert entry.name in text
            assert sum(len(o.get("text") or "") for o in objects) <= LIMITS[f"rest_chars_{language}"], text
