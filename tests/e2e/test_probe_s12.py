"""Session 12's probe findings over REST: STOP and BAJA end the chat kindly; a story with an identifier
says it was not kept; danger named with a denial gets the 911 advice and then the questions; an IMR
already won gets the plan's duty. Expected texts are read from the knowledge data, domain.yml and the
message catalogues."""

from pathlib import Path

import pytest
import yaml

from bot import followups
from bot.knowledge import default
from bot.messages import say
from tools.chat import Chat

EN = default("en")
GOODBYE = {
    (r.get("condition") or [{}])[0].get("value", "en"): r["text"]
    for r in yaml.safe_load((Path(__file__).parents[2] / "domain.yml").read_text())["responses"]["utter_goodbye"]
}


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


@pytest.mark.parametrize("word", ["STOP", "stop please"])
def test_stop_ends_the_chat_kindly(chat, word):
    chat.say(word)
    assert chat.text() == GOODBYE["en"]


def test_baja_in_a_spanish_chat_ends_it_in_spanish(chat):
    chat.say("hola, mi aseguranza no quiere pagar la sala de emergencias")
    chat.say("BAJA")
    assert chat.text() == GOODBYE["es"]


def test_stop_after_the_referral_is_a_goodbye_not_no_answer(chat):
    chat.say("my kaiser hmo refused to pay my ER bill, they say it was not an emergency")
    assert chat.card() is not None
    chat.say("STOP")
    assert chat.text() == GOODBYE["en"]


def test_an_identifier_in_a_story_gets_the_not_kept_line_first(chat):
    chat.say("my husband's member ID is KPX908877665 and Health Net denied his MRI as not necessary")
    assert chat.text().startswith(say("en", "privacy_removed"))
    assert "KPX908877665" not in chat.text()


def test_danger_told_with_a_denial_gets_911_then_the_questions(chat):
    replies = chat.say("Blue Shield denied my chemo and honestly I want to kill myself")
    texts = [r.get("text") or "" for r in replies]
    assert "911" in texts[0]
    assert len(texts) >= 2 and "911" not in texts[-1]


def test_an_imr_won_but_not_followed_gets_the_plans_five_days(chat):
    # Told as the story (not asked): the questions go on, and the referral comes with the plan's duty (F11.5).
    chat.say("We won the IMR a month ago and Anthem still has not approved the surgery")
    if chat.buttons():
        chat.click("HMO")
    texts = [chat.text(t) for t in range(len(chat.replies))]
    answer = entry_text("imr_won", "DMHC")
    assert chat.card() is not None and chat.card()["agency"] == "DMHC"
    assert any(answer in t for t in texts)


def entry_text(topic, key):
    from tests.unit.followup_helpers import entry

    return entry("en", topic, key).text.format(**followups._route_fields(None, EN)).split(":")[0]
