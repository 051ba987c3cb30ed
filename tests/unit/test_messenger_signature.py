"""Messenger's webhook signature check: constant time, and a forged header is refused, not a crash."""

import hashlib
import hmac

from channels.facebook_secure import SecureFacebookInput

SECRET, BODY = "app-secret", b'{"object": "page"}'


def test_the_right_signature_verifies_and_a_wrong_one_does_not():
    good = "sha256=" + hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert SecureFacebookInput.validate_hub_signature(SECRET, BODY, good)
    assert not SecureFacebookInput.validate_hub_signature(SECRET, BODY, good[:-1] + "0")


def test_a_non_ascii_signature_is_refused_not_raised():
    for header in ("sha256=é" + "0" * 63, "sha1=\u2603", "sha256=\udcff"):
        assert SecureFacebookInput.validate_hub_signature(SECRET, BODY, header) is False
