"""Nonsense is never told to call 911; real emergencies, also misspelled, always are (bot/nonsense.py
and the guard where the emergency intent is acted on)."""

import pytest
import yaml

from actions.answers import ActionEmergency, ActionOutOfScope
from bot import replies
from bot.knowledge import default
from bot.messages import say
from bot.nonsense import is_nonsense
from bot.understanding import emergency_now, side_intent
from tests.unit.test_actions import run, tracker

# Written for this test, none of them in the training data.
NONSENSE = [
    "zxqv blorp wibble",
    "asdfghjk",
    "jkjkjk",
    "plimf snarb",
    "qazwsx edc",
    "ñlkj ñlkj",
    "gggggg",
    "\U0001f642",
    "\U0001f602\U0001f602",
    "\U0001f914",
    "??",
    "?!?!",
    "...",
    "",
    "  ",
]
REAL_EMERGENCIES = [
    "my husband cant breth",
    "i think my dad is having a heart atack",
    "she's not braething",
    "my baby swallowed a coin and is choking",
    "suicide",
    "i want to die",
    "mi esposo no pueede respirar",
    "creo que le esta dando un infrato",
    "ayudaaaa mi hijo no despierta",
    "socorro",
    "ambulancia",
    "\U0001f691",
    "\U0001f198",
]


def heldout_messages():
    for name in ("heldout.yml", "heldout_es.yml"):
        for item in yaml.safe_load(open(f"tests/nlu/{name}", encoding="utf-8"))["nlu"]:
            for line in item["examples"].splitlines():
                if line.strip().startswith("- "):
                    yield item["intent"], line.strip()[2:]


@pytest.mark.parametrize("text", NONSENSE)
def test_keyboard_mashing_made_up_words_a_lone_emoji_or_punctuation_are_nonsense(text):
    assert is_nonsense(text)


@pytest.mark.parametrize("text", REAL_EMERGENCIES)
def test_real_emergencies_misspelled_or_in_one_word_are_not_nonsense(text):
    assert not is_nonsense(text)


def test_no_message_of_the_held_out_sets_is_nonsense():
    """624 real messages in both languages, none trained on: every one has a word the assistant knows."""
    messages = list(heldout_messages())
    assert len(messages) > 500
    assert [text for _, text in messages if is_nonsense(text)] == []


def test_without_training_data_nothing_is_nonsense(tmp_path):
    assert not is_nonsense("zxqv blorp wibble", nlu_dir=tmp_path)


def test_nonsense_read_as_an_emergency_gets_not_understood_with_options_and_a_number_not_911():
    kb = default()
    messages, _ = run(ActionEmergency(), tracker({}, intent="medical_emergency", text="zxqv blorp wibble"))
    text = " ".join(m.get("text") or "" for m in messages)
    assert kb.faq["emergency"] not in text and "911" not in text
    assert messages[-1]["buttons"] and kb.agencies["DMHC"].phone in text
    assert text.startswith(say("en", "not_understood"))


@pytest.mark.parametrize("text", ["i cant breth", "no puedo respirar", "suicidio", "\U0001f691"])
def test_a_real_emergency_gets_the_911_advice(text):
    messages, _ = run(ActionEmergency(), tracker({}, intent="medical_emergency", text=text))
    assert messages[0]["text"] == replies.emergency(default())["text"]


def test_nonsense_read_as_an_emergency_during_the_questions_is_an_unclear_answer():
    messages, _ = run(
        ActionEmergency(),
        tracker(
            {"problem": "medical_necessity"}, intent="medical_emergency", text="asdfghjk", active_loop="referral_form"
        ),
    )
    assert messages == []  # the form asks its question again, reworded
    assert not side_intent("medical_emergency", "asdfghjk")
    assert side_intent("medical_emergency", "my son is choking")


def test_keyboard_mashing_read_as_out_of_scope_is_not_understood_and_off_topic_is_out_of_scope():
    (mashing,), _ = run(ActionOutOfScope(), tracker({}, intent="out_of_scope", text="qazwsx edc"))
    assert mashing["text"].startswith(say("en", "not_understood")) and mashing["buttons"]
    (pizza,), _ = run(ActionOutOfScope(), tracker({}, intent="out_of_scope", text="where can I order a pizza"))
    assert pizza["text"].startswith(say("en", "out_of_scope"))


@pytest.mark.parametrize("text", ["i cant breth", "my wife can't breath", "he cannot brethe"])
def test_cant_breathe_misspelled_is_danger_now_whatever_the_nlu_says(text):
    assert emergency_now(text)
