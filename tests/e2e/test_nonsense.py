"""Over REST, with the trained model: nonsense gets the options, never the 911 advice; real
emergencies in both languages, also misspelled, always get it.
Messages written for this test, none of them in the training data."""

import pytest

from bot.knowledge import default
from tools.chat import Chat

EN, ES = default("en"), default("es")
NONSENSE = [
    "zxqv blorp wibble",
    "asdfghjk",
    "jkjkjk",
    "plimf snarb",
    "qazwsx edc",
    "\U0001f642",
    "\U0001f914",
    "??",
    "...",
]
EMERGENCIES = [
    ("en", "my husband cant breth"),
    ("en", "i think my dad is having a heart atack"),
    ("en", "my baby swallowed a coin and is choking"),
    ("en", "i keep thinking about killing myself tonight"),
    ("es", "mi esposo no puede respirar"),
    ("es", "creo que mi mamá tiene un infarto ahorita"),
    ("es", "estoy pensando en matarme"),
    ("es", "mi hijo se desmayó y no despierta"),
]


def emergency_advice(text: str) -> bool:
    return EN.faq["emergency"] in text or ES.faq["emergency"] in text


@pytest.mark.parametrize("message", NONSENSE)
def test_nonsense_is_not_understood_never_an_emergency(servers, message):
    chat = Chat(servers.webhook)
    chat.say(message)
    text = chat.text()
    assert not emergency_advice(text) and "911" not in text, f"{message!r} got: {text}"
    # The options, always. (The number too, except when the NLU reads the nonsense as a coverage
    # answer, as it does "plimf snarb": then the problem question opens the questions.)
    assert chat.buttons(), f"{message!r} got: {text}"


def test_nonsense_during_the_questions_asks_the_question_again_without_911(servers):
    chat = Chat(servers.webhook)
    chat.say("my plan denied my MRI as not medically necessary")
    chat.say("zxqv blorp wibble")
    assert not emergency_advice(chat.text()) and chat.buttons(), chat.text()


@pytest.mark.parametrize("language,message", EMERGENCIES)
def test_real_emergencies_get_the_911_advice(servers, language, message):
    chat = Chat(servers.webhook)
    chat.say(message)
    kb = ES if language == "es" else EN
    assert kb.faq["emergency"] in chat.text(), f"{message!r} got: {chat.text()}"
