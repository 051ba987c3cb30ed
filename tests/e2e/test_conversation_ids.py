"""The REST channel cannot continue another channel's conversation: SMS and Messenger ids (their
pseudonyms, or a raw Messenger id) are refused, so knowing one does not read a case summary back."""
import pytest
import requests


@pytest.mark.parametrize("sender", ["sms-" + "a" * 32, "fb-" + "b" * 32, "1234567890123456", "SMS-ABC"])
def test_other_channels_ids_are_refused(servers, sender):
    response = requests.post(servers.webhook, json={"sender": sender, "message": "español"}, timeout=60)
    assert response.status_code == 400


def test_the_widgets_ids_are_accepted(servers):
    response = requests.post(servers.webhook, json={"sender": "web-" + "0f" * 16, "message": "hi"}, timeout=60)
    assert response.status_code == 200 and response.json()
