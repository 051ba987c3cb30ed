"""probe3 (issue 14) conversations over REST, in English and Spanish: the first step an experimental
denial keeps when the person asks questions at "Is that right?", the plan that never answered, the
follow-ups that had no answer, "no quiero robot". The sentences are the probe's; expected values
are read from the knowledge data."""

import pytest
import yaml

from bot import followups, replies
from bot.knowledge import KNOWLEDGE_DIR, default
from bot.routing import Case, route
from tools.chat import Chat

KB = {"en": default("en"), "es": default("es")}


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def _step(language, situation):
    path = KNOWLEDGE_DIR / ("routing.yml" if language == "en" else f"{language}/routing.yml")
    steps = yaml.safe_load(path.read_text())["first_steps"]["DMHC"]["imr"]
    return " ".join((steps["by_problem"].get(situation) or steps[situation]).split())


@pytest.mark.parametrize(
    "language,story,questions",
    [
        (
            "en",
            "My dad's doctor wants him on a drug that is still in a clinical trial for his lymphoma. Health Net "
            "said no because it's investigational. It's an HMO.",
            ["how long does an IMR take?", "do I have to complain to Health Net first?"],
        ),
        (
            "es",
            "mi hermana tiene leucemia y el doctor quiere darle un tratamiento nuevo de un estudio clinico. el "
            "seguro dice que no lo cubre porque es experimental. tiene un HMO de Anthem",
            ["cuanto se tarda? ella esta muy grave", "tengo que quejarme con el seguro primero?"],
        ),
    ],
)
def test_two_questions_at_is_that_right_keep_the_experimental_first_step(chat, language, story, questions):
    """en42, es11: the card said "file a complaint with your plan first" (F1.8, F1.11: not for this)."""
    chat.say(story)
    assert chat.buttons()  # "Is that right?"
    for question in questions:
        chat.say(question)
    card = chat.card()
    assert card["agency"] == "DMHC" and card["problem"] == "experimental"
    assert card["first_step"] == _step(language, "experimental")


def test_a_grievance_never_answered_in_english_goes_to_the_dmhc_now(chat):
    """en22: "I never heard anything back" after a grievance 6 weeks ago (F11.20)."""
    chat.say(
        "I filed a grievance with Blue Shield 6 weeks ago about them denying my son's insulin pump as not "
        "medically necessary and I never heard anything back. Nobody returns my calls. It's an HMO."
    )
    if chat.buttons() and not chat.card():
        chat.click(chat.buttons()[0]["title"])  # "Is that right?" Yes
    assert chat.card()["first_step"] == _step("en", "plan_silent")


@pytest.mark.parametrize(
    "language,first,question,topic",
    [
        ("en", "Kaiser denied my wife's chemo drug as experimental", "do I have to wait 30 days?", "appeal_first"),
        (
            "es",
            "el seguro de mi esposo (es PPO de blue shield por su trabajo) no quiere pagar la medicina para su cancer "
            "porque dicen que la FDA no la aprobo para ese tipo de cancer. el oncologo dice que es la unica opcion",
            "tengo que esperar 30 dias?",
            "appeal_first",
        ),
        (
            "en",
            "Kaiser denied my wife's chemo drug as experimental",
            "how long does it take? she doesn't have much time",
            "how_long",
        ),
        ("es", "Kaiser me nego la resonancia porque dice que no es necesaria", "que hago?", "repeat_referral"),
    ],
)
def test_follow_ups_that_had_no_answer(chat, language, first, question, topic):
    """en43, es25 (read as a date on the letter), es30."""
    chat.say(first)
    card = chat.card()
    assert card is not None
    referral = route(Case(card["coverage"], card["problem"]), KB[language])
    chat.say(question)
    assert followups.answer(topic, referral, KB[language]).text in chat.text()


def test_no_quiero_robot_gives_a_number_to_reach_a_person(chat):
    """es23: told to type "hablar con una persona" instead of getting the number."""
    chat.say("hola")
    chat.say("no quiero robot")
    assert replies.handoff(None, None, KB["es"]).text in chat.text()


def test_what_does_self_funded_mean_is_answered_not_the_cdi_card_again(chat):
    """en13: after "actually it's through my job", the question repeated the CDI card."""
    chat.say(
        "My insurance company denied my knee replacement saying it's not medically necessary yet. It's a PPO, "
        "I think it's United Healthcare."
    )
    if chat.card() is None:
        chat.click(chat.buttons()[0]["title"])
    referral = route(Case(chat.card()["coverage"], chat.card()["problem"], job_plan=True), KB["en"])
    chat.say("what does self-funded mean for me?")
    assert chat.card() is None
    assert followups.answer("self_funded", referral, KB["en"]).text in chat.text()


@pytest.mark.parametrize(
    "language,story,question,topic",
    [
        (
            "en",
            "My teenage daughter has been waiting since July for a therapist at Kaiser mental health and they keep "
            "cancelling her appointments. It's an HMO.",
            "what if they say no?",
            "imr_no",
        ),
        ("es", "Kaiser me nego la resonancia porque dice que no es necesaria", "no me sirvio", "not_helped"),
    ],
)
def test_after_the_referral_the_answer_is_for_the_route(chat, language, story, question, topic):
    """en06, es05: a non-denial route got the IMR's "what if they say no"; es30: "no me sirvió" got "Muy bien."."""
    chat.say(story)
    if chat.card() is None:
        chat.click(chat.buttons()[0]["title"])
    card = chat.card()
    referral = route(Case(card["coverage"], card["problem"], problem_detail=card["problem_detail"]), KB[language])
    chat.say(question)
    assert followups.answer(topic, referral, KB[language]).text in chat.text()
