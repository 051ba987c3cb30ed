"""Which language the assistant answers in (bot.language)."""

import pytest

from bot.language import decide, requested


@pytest.mark.parametrize(
    "text",
    [
        "hola",
        "Hola, necesito ayuda",
        "mi seguro me negó la cirugía",
        "me negaron la resonancia, dicen que no es necesaria",
        "mi insurance me denegó la surgery",
        "el plan no quiere pagar el ER",
        "tengo Medi-Cal y no me quieren dar la silla de ruedas",
        "Kaiser nego mi operacion",
        "¿cuánto cuesta?",
    ],
)
def test_spanish_first_messages_are_answered_in_spanish(text):
    assert decide(text, None) == "es"


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "Kaiser denied my MRI",
        "my insurance won't pay for the ER visit",
        "what is an IMR?",
        "I need help with my plan",
    ],
)
def test_english_first_messages_are_answered_in_english(text):
    assert decide(text, None) == "en"


@pytest.mark.parametrize("text", ["Kaiser", "HMO", "Medi-Cal", "no", "ok", "/affirm", "3/15/2026", ""])
def test_messages_without_evidence_keep_the_language(text):
    assert decide(text, "es") == "es" and decide(text, "en") == "en"
    assert decide(text, None) is None


def test_one_borrowed_word_does_not_switch_an_established_language():
    assert decide("si", "en") == "en"
    assert decide("yes", "es") == "es"
    assert decide("my plan denied the surgery and they won't pay", "es") == "en"


@pytest.mark.parametrize(
    "text, language",
    [
        ("español", "es"),
        ("Espanol por favor", "es"),
        ("in spanish please", "es"),
        ("can we talk in Spanish?", "es"),
        ("English", "en"),
        ("en inglés por favor", "en"),
        ("english please", "en"),
        ("no hablo inglés", "es"),
        ("no le entiendo, no hablo ingles", "es"),
        ("I don't speak Spanish", "en"),
        ("puedo hablar con alguien en espanol?", "es"),
    ],
)
def test_asking_for_a_language_switches_to_it(text, language):
    other = "en" if language == "es" else "es"
    assert requested(text) == language and decide(text, other) == language


@pytest.mark.parametrize(
    "text, language",
    [
        ("Spanish please: Kaiser denied my knee surgery, they say it is not medically necessary", "es"),
        ("English, please. Mi plan negó la cirugía de mi esposo porque dicen que no es necesaria", "en"),
        ("En español por favor mi seguro no quiere pagar la resonancia de mi esposo desde hace meses", "es"),
    ],
)
def test_a_long_message_that_opens_by_asking_for_a_language_switches_to_it(text, language):
    assert requested(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "English is my second language and my plan denied my surgery because it is not necessary",
        "Spanish speaking doctor was not available so I went out of network and now I have a bill",
    ],
)
def test_a_long_message_that_opens_with_a_language_name_is_not_a_request(text):
    assert requested(text) is None


def test_a_story_that_mentions_a_language_is_not_a_request():
    story = "Kaiser never has a Spanish interpreter for my father and they keep rescheduling his appointments"
    assert requested(story) is None and decide(story, "en") == "en"


def test_a_spanish_story_about_letters_in_english_stays_spanish():
    story = (
        "a mi esposo le negaron la cirugia de la espalda y no entiendo bien las cartas en ingles, "
        "dicen algo de que no es necesaria y no se que hacer"
    )
    assert requested(story) is None and decide(story, None) == "es"
