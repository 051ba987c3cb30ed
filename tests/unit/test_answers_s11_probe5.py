"""Session 11, probe 5: answers to the bot's own questions that were misread (B01, B06, B08, A09, M01),
in English and Spanish. Routes and lines are read from the knowledge data, never typed here."""

import pytest

from bot import privacy_note
from bot.knowledge import default
from bot.replies import ask
from bot.routing import Case, route
from bot.understanding import extract
from bot.understanding.coverage import first_word_plan


def ents(*pairs):
    return [{"entity": label, "value": value} for label, value in pairs]


def turns(*steps, slots=None):
    """Run (intent, entities, requested_slot, text) steps; the slots after each, as the form keeps them."""
    slots = dict(slots or {})
    for intent, entities, requested, text in steps:
        slots.update(extract(intent, entities, requested, slots, text=text))
    return slots


@pytest.mark.parametrize("text", ["Sharp", "it's just Sharp", "es Sharp creo", "SHARP."])
def test_a_plans_first_word_alone_at_the_coverage_question_is_that_plan(text):
    # B01: "Sharp" got "Sorry, I didn't catch that".
    got = extract("inform_coverage", [], "coverage", {}, text=text)
    assert got["plan"] == "sharp" and got["coverage_pending"] == "plan_kind"


@pytest.mark.parametrize("text", ["sharp pain", "Gold", "Blue", "Health", "covered"])
def test_a_word_that_means_something_else_is_not_a_plan(text):
    assert first_word_plan(text, default()) == []
    assert "plan" not in extract("inform_coverage", [], "coverage", {}, text=text)


def test_the_first_word_is_a_plan_only_at_the_coverage_question():
    assert "plan" not in extract("problem_other", [], "problem", {}, text="Sharp")
    assert "plan" not in extract("problem_other", [], None, {}, text="Sharp")


def test_a_plan_without_its_kind_is_asked_once_more_then_the_help_center():
    # B01: "Sharp", "Sharp Health Plan. through my job", "it's just Sharp": four asks. Now two.
    slots = turns(
        ("inform_coverage", [], "coverage", "Sharp"),
        ("inform_coverage", ents(("plan", "Sharp Health Plan")), "coverage", "Sharp Health Plan. through my job"),
    )
    assert slots["coverage"] == "unknown" and slots["plan"] == "sharp" and not slots.get("coverage_pending")
    assert route(Case("unknown", "medical_necessity", plan_name="sharp")).agency.key == "DMHC"


@pytest.mark.parametrize("lang, unsure", [("en", "not sure"), ("es", "no estoy seguro")])
def test_hmo_or_ppo_asked_once_after_the_plan_named_then_the_help_center(lang, unsure):
    # Issue 14: "ask 'HMO or PPO?' once; if the person still doesn't know, the Help Center".
    first = extract("inform_coverage", ents(("plan", "Health Net")), "coverage", {}, text="Health Net")
    question = ask("coverage", first, kb=default(lang))
    assert "Health Net" in question["text"] and not question["text"].startswith(("Sorry", "Perd"))
    assert len(question["buttons"]) == 3  # HMO, PPO, not sure: the plan's own question, not the long list
    assert extract("dont_know", [], "coverage", first, text=unsure)["coverage"] == "unknown"


@pytest.mark.parametrize("first, then", [("Oscar", "es de Covered California"), ("Covered California", "Oscar")])
def test_a_carrier_and_the_marketplace_decide_the_help_center(first, then):
    # B08: "Oscar", then "es de Covered California", then asked again and again. F5.10: the DMHC oversees
    # most Covered California plans and forwards the others; the bot cannot know which: the Help Center.
    value = {
        "Oscar": "Oscar",
        "Covered California": "Covered California",
        "es de Covered California": "Covered California",
    }
    slots = turns(
        ("inform_coverage", ents(("plan", value[first])), "coverage", first),
        ("inform_coverage", ents(("plan", value[then])), "coverage", then),
    )
    assert (slots["coverage"], slots["plan"]) == ("unknown", "oscar")


def test_the_marketplace_does_not_undo_a_carrier_whose_kind_can_be_asked():
    # probe s11 A01 kept: "Covered California with Blue Shield" asks Blue Shield's HMO or PPO.
    got = extract("inform_coverage", ents(("plan", "covered california"), ("plan", "blue shield")), None, {})
    assert got["plan"] == "blue_shield" and got["coverage_pending"] == "hmo_or_ppo"


def test_no_se_with_calpers_counts_and_calpers_is_kept_then_its_board_line():
    # A09: "no sé, es el de la escuela, CalPERS creo" at Blue Shield's question: the "no sé" was ignored,
    # CalPERS asked about, then Blue Shield a third time.
    start = {"plan": "blue_shield", "coverage_pending": "hmo_or_ppo", "problem": "experimental"}
    said = extract(
        "out_of_scope", ents(("plan", "CalPERS")), "coverage", start, text="no sé, es el de la escuela, CalPERS creo"
    )
    assert said["plan"] == "calpers" and said["attempts"]["reason"] == "unsure"
    slots = {**start, **said}
    asked = "¿tengo que quejarme primero con Blue Shield?"
    then = extract("ask_followup", ents(("plan", "Blue Shield")), "coverage", slots, text=asked)
    assert then.get("plan") is None and then["coverage"] == "unknown", "never a third ask, CalPERS kept"
    for lang in ("en", "es"):
        extras = route(Case("unknown", "experimental", plan_name="calpers"), default(lang)).extras
        board = default(lang).extras["plan_calpers"].split(":")[0]
        assert any(line.startswith(board) for line in extras)


@pytest.mark.parametrize(
    "text",
    [
        "es que me cobraron 600 dolares por una consulta que segun ellos no estaba cubierta",
        "they charged me 600 dollars for a visit that they say was not covered",
    ],
)
def test_the_problem_told_at_the_coverage_question_is_kept_and_the_question_asked_once_more(text):
    # B06: "Perdón, no le entendí" and the same question.
    slots = {"problem": "other", "problem_words": "tengo un problema con mi seguro"}
    got = extract("problem_other", [], "coverage", slots, confidence=0.75, text=text)
    assert got["attempts"] == {"slot": "coverage", "count": 1, "reason": "story"}
    for lang in ("en", "es"):
        question = ask("coverage", {**slots, **got}, kb=default(lang))["text"]
        assert question == ask("coverage", slots, kb=default(lang))["text"], "no sorry: the same question"


def test_the_story_told_at_the_coverage_question_joins_the_persons_words():
    from bot.context import context_updates

    slots = {"problem": "other", "problem_words": "tengo un problema con mi seguro", "language": "es"}
    text = "es que me cobraron 600 dolares por una consulta que no estaba cubierta"
    case = extract("problem_other", [], "coverage", slots, confidence=0.75, text=text)
    message = {"text": text, "intent": {"name": "problem_other"}}
    from datetime import date

    words = context_updates(message, slots, case, date(2026, 12, 2))["problem_words"]
    assert words.startswith("tengo un problema") and "600" in words


@pytest.mark.parametrize("text", ["559-555-0147", "XWB884207731", "(559) 555 0147"])
def test_an_identifier_alone_gets_the_privacy_answer(text):
    # M01: a phone number got "I couldn't read a date"; a member ID the usual miss.
    for lang in ("en", "es"):
        note = privacy_note.note(text, default(lang))
        assert note is not None and note["buttons"], "what happened is asked, with the options"


@pytest.mark.parametrize(
    "text, lookup",
    [
        ("that's my member id, can you look up my claim?", True),
        ("can you check my account please", True),
        ("¿me puede buscar mi reclamo?", True),
        ("es mi numero de miembro", True),
        ("I checked and the claim was denied", False),
        ("Kaiser denied my MRI on 11/20/2026", False),
        ("December 2, 2026", False),
    ],
)
def test_asking_to_look_up_a_claim_gets_the_privacy_answer(text, lookup):
    assert (privacy_note.note(text, default(), asking=True) is not None) is lookup


def test_the_privacy_answer_says_it_cannot_look_up_and_asks_not_to_send_ids():
    en = privacy_note.note("XWB884207731", default("en"))["text"]
    es = privacy_note.note("XWB884207731", default("es"))["text"]
    assert "can't look up" in en and "member ID" in en and "XWB" not in en
    assert "No puedo buscar" in es and "número de miembro" in es
