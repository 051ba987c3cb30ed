"""Session 11's probe findings over REST: a plan's name that sounds like "human" is a plan's name.
Expected texts are read from the knowledge data and message catalogues."""

import pytest

from bot.knowledge import default
from bot.messages import say
from tools.chat import Chat

EN = default("en")


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def test_humana_at_the_coverage_question_is_a_plan_not_a_request_for_a_person(chat):
    # probe s11 B07: "Humana" got "To talk to a person: call the DMHC Help Center", then the question again.
    chat.say("plan denied my cataract surgery, says not necessary yet")
    chat.say("Humana")
    text = chat.text()
    assert "Humana" in text and EN.agencies["DMHC"].phone not in text
    assert chat.buttons() and chat.buttons()[0]["title"] == EN.coverages["hmo"]
    chat.click(EN.coverages["medicare"])
    card = chat.card()
    assert card is not None and card["coverage"] == "medicare" and card["agency"] != "DMHC"


def test_asking_for_a_human_still_gets_a_person(chat):
    chat.say("I want to talk to a human")
    intro = say("en", "handoff", line="", notes="").strip()
    assert chat.text().startswith(intro) and EN.agencies["DMHC"].phone in chat.text()
