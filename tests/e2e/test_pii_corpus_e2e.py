"""Every PII item of the labelled corpus (tests/privacy/pii_corpus.yml), sent through the REST
channel, is absent from the stored conversation (every field, decoded) and from both servers' logs;
the look-alikes the person needs ("1-888-466-2219", "30 days") are still stored."""

import json
import sqlite3

import requests

from tools.eval_pii import leaked, load

STRINGS = load()


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)


def stored_text(servers, sender):
    with sqlite3.connect(servers.tracker_db) as db:
        rows = [json.loads(row[0]) for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]
    return "\n".join(s for row in rows for s in strings_in(row))


def test_no_pii_of_the_corpus_survives_in_the_database_or_the_logs(servers):
    senders = []
    for n, s in enumerate(STRINGS):
        sender = f"pii-{n}"
        response = requests.post(servers.webhook, json={"sender": sender, "message": s["text"]}, timeout=60)
        assert response.status_code == 200 and response.json(), s["text"]
        senders.append(sender)
    logs = servers.log("rasa.log") + servers.log("actions.log")
    leaks, lost = [], []
    for sender, s in zip(senders, STRINGS):
        stored = stored_text(servers, sender)
        assert stored, "the conversation is stored"
        leaks += [(s["text"], p, "db") for p in s["pii"] if leaked(s["text"], p, stored)]
        leaks += [(s["text"], p, "logs") for p in s["pii"] if leaked(s["text"], p, logs, names_and_numbers_only=True)]
        lost += [(s["text"], k) for k in s["keep"] if k not in stored]
    assert leaks == [], "\n".join(map(str, leaks))
    assert lost == []
