"""The REST channel cannot continue another channel's conversation: SMS and Messenger ids (their
pseudonyms) are refused, so knowing one does not read a case summary back."""

import pytest
import requests


@pytest.mark.parametrize("sender", ["sms-" + "a" * 32, "fb-" + "b" * 32, "SMS-ABC"])
def test_other_channels_ids_are_refused(servers, sender):
    response = requests.post(servers.webhook, json={"sender": sender, "message": "español"}, timeout=60)
    assert response.status_code == 400


@pytest.mark.parametrize("sender", ["web-" + "0f" * 16, "123", "user-7", "1234567890123456"])
def test_the_rest_channels_own_ids_are_accepted(servers, sender):
    """The widget's ids and any id a REST client picks (a raw Messenger id is not Messenger's any
    more: those users are stored under a keyed hash)."""
    response = requests.post(servers.webhook, json={"sender": sender, "message": "hi"}, timeout=60)
    assert response.status_code == 200 and response.json()
