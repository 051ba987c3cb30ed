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
