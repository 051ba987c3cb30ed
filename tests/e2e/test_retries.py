"""A request retried with the same X-Request-ID is answered once and stored once."""

import sqlite3

import requests


def test_a_retried_request_is_not_handled_twice(servers):
    body = {"sender": "retry-1", "message": "Kaiser denied my MRI as not medically necessary"}
    headers = {"X-Request-ID": "req-123"}
    first = requests.post(servers.webhook, json=body, headers=headers, timeout=60).json()
    second = requests.post(servers.webhook, json=body, headers=headers, timeout=60).json()
    assert [m.get("text") for m in first] == [m.get("text") for m in second]
    assert [m.get("custom") for m in first if m.get("custom")] == [m.get("custom") for m in second if m.get("custom")]
    with sqlite3.connect(servers.tracker_db) as db:
        users = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = 'retry-1' AND type_name = 'user'").fetchone()[
            0
        ]
    assert users == 1


def test_the_same_request_sent_twice_at_once_is_handled_once(servers):
    # probe s10 M07: two copies of one request in flight together; the second waits and is answered
    # from the store, with the same replies.
    from concurrent.futures import ThreadPoolExecutor

    body = {"sender": "retry-2", "message": "Blue Shield denied my knee surgery as not medically necessary"}
    headers = {"X-Request-ID": "req-456"}

    def post(_):
        return requests.post(servers.webhook, json=body, headers=headers, timeout=60).json()

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(post, range(2))
    assert [m.get("text") for m in first] == [m.get("text") for m in second]
    with sqlite3.connect(servers.tracker_db) as db:
        users = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = 'retry-2' AND type_name = 'user'").fetchone()[
            0
        ]
    assert users == 1
