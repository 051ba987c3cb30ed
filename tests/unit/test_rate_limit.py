"""The REST channel's per-client rate limit (channels/resilient_rest.py)."""

from channels.resilient_rest import RateLimit


def test_a_client_over_the_limit_is_refused_until_the_minute_passes():
    limit = RateLimit(3)
    assert [limit.allows("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limit.allows("b", now=3), "another client is not affected"
    assert limit.allows("a", now=60.5), "a minute after the first message, one more is allowed"


def test_zero_turns_the_limit_off():
    limit = RateLimit(0)
    assert all(limit.allows("a", now=0) for _ in range(1000))


def test_the_workers_of_one_server_count_together(tmp_path):
    """Two workers (two stores on one lock file): the limit holds for both together."""
    from storage.lock_store import SQLiteLockStore

    path = str(tmp_path / "locks.db")
    first, second = RateLimit(3, SQLiteLockStore(path=path)), RateLimit(3, SQLiteLockStore(path=path))
    assert [first.allows("a", now=0), second.allows("a", now=1), first.allows("a", now=2)] == [True, True, True]
    assert not second.allows("a", now=3) and not first.allows("a", now=4)
    assert second.allows("b", now=4), "another client is not affected"
    assert first.allows("a", now=60.5), "a minute after the first message, one more is allowed"
