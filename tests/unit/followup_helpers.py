"""Helpers the follow-up tests share: both languages, a wording per language, an answer and a contact
read from the knowledge data (so no test types a number or an answer)."""

from datetime import date

import pytest

from bot import followups, problem_kinds, turns
from bot.knowledge import default
from bot.routing import route

LANGS = pytest.mark.parametrize("language", ["en", "es"])


def said(language, en, es):
    return en if language == "en" else es


def entry(language, topic, key):
    return next(t for t in followups.followups(language).topics if t.key == topic).answers[key]


def contact(language, key):
    return problem_kinds.default(language).contacts[key]


TODAY = date(2026, 12, 2)


def unplaced(case, language, text, letter=None):
    """The reply to a follow-up question asked after the referral for `case`."""
    kb = default(language)
    return turns.unplaced(text, route(case, kb), letter, kb, TODAY).replies[0]["text"]


def routed(case, language, topic, key):
    """The answer written for `key`, with the route's fields filled in."""
    kb = default(language)
    return entry(language, topic, key).text.format(**followups._route_fields(route(case, kb), kb))


def answered_for_route(case, language, en, es, topic, key, facts=()):
    """The question (in `language`) finds `topic`, is answered with `key`'s text for the route, from `facts`."""
    asked = said(language, en, es)
    assert followups.topic(asked) == topic
    assert unplaced(case, language, asked) == routed(case, language, topic, key)
    assert set(facts) <= set(entry(language, topic, key).facts)


def again(slots, asked, language="en", intent="inform"):
    """ActionGiveReferral after the referral was given, on the same case (the NLU read the message as a
    story or as the problem again): its messages."""
    from actions.answers import ActionGiveReferral
    from tests.unit.test_actions import run, tracker

    case_slots = {k: v for k, v in slots.items() if k != "job_plan"}
    last = {k: slots.get(k) for k in ("coverage", "problem", "problem_detail", "fair_hearing")}
    events = [{"event": "slot", "name": k, "value": v} for k, v in {**case_slots, "language": language}.items()]
    events += [
        {"event": "action", "name": "action_give_referral"},
        {"event": "slot", "name": "last_case", "value": last},
        {"event": "user", "text": asked, "parse_data": {"text": asked, "intent": {"name": intent}}},
    ]
    events += [{"event": "slot", "name": "job_plan", "value": True}] if slots.get("job_plan") else []
    full = {**slots, "language": language, "last_case": last}
    messages, _ = run(ActionGiveReferral(), tracker(full, intent=intent, text=asked, events=events))
    return messages
