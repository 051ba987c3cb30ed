"""Follow-up questions after the referral, over REST, in English and Spanish (issue 15).

The phrasings are a person's, written apart from the training data (data/nlu/followups.yml); the
expected answers are read from bot/knowledge/followups.yml for the route the conversation got.
"""

import pytest

from bot import followups
from bot.knowledge import default
from bot.messages import say
from bot.routing import Case, route
from tools.chat import Chat

EN, ES = default("en"), default("es")
DMHC_CASE = Case("hmo", "medical_necessity", plan_name="kaiser")
START = {
    "en": "Kaiser denied my MRI as not medically necessary",
    "es": "Kaiser me negó la resonancia magnética, dicen que no es médicamente necesaria",
}

# (topic, English, Spanish): none of these sentences is in the training data.
QUESTIONS = [
    ("how_long", "ok so about how long until they make a decision", "y más o menos cuánto se tardan en decidir"),
    ("urgent", "this is urgent, she can't wait weeks for the surgery", "es urgente, mi esposo no puede esperar tanto"),
    ("online", "can i just do the whole thing online?", "¿se puede hacer todo en línea?"),
    (
        "someone_else",
        "my granddaughter helps me with forms, can she file it for me",
        "mi nieta me ayuda, ¿puede llenarlo por mí?",
    ),
    ("documents", "what papers do i need to include with it", "¿qué documentos tengo que mandar con la solicitud?"),
    ("lawyer", "do i have to hire an attorney for this", "¿tengo que pagarle a un abogado?"),
    ("imr_yes", "and what happens if it comes back in my favor", "¿y qué pasa si sale a mi favor?"),
    ("imr_no", "what if i lose the review, then what", "¿y si pierdo la revisión, qué hago?"),
    ("premiums", "should i keep paying my premium meanwhile", "¿sigo pagando la prima mientras tanto?"),
    ("retaliation", "can they kick me off my plan for complaining", "¿me pueden cancelar el plan por quejarme?"),
    ("success_rate", "honestly what are my chances of winning", "¿qué posibilidades hay de ganar?"),
    ("mail_fax", "what's the fax number to send it", "¿a qué número de fax lo mando?"),
    ("deadline", "what's my deadline for this", "¿cuál es mi fecha límite?"),
    (
        "plan_never_answered",
        "i already appealed in may and they never answered",
        "ya apelé en mayo y nunca me contestaron",
    ),
]


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def expected(topic: str, case: Case, kb) -> str:
    return followups.answer(topic, route(case, kb), kb)["text"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("topic, english, spanish", QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_each_follow_up_is_answered_for_the_route(chat, language, topic, english, spanish):
    kb = EN if language == "en" else ES
    chat.say(START[language])
    assert chat.card()["agency"] == "DMHC"
    chat.say(english if language == "en" else spanish)
    assert expected(topic, DMHC_CASE, kb) in chat.text()


@pytest.mark.parametrize(
    "language, first, question",
    [
        (
            "en",
            "my insurance won't pay for the MRI, they say it's not medically necessary",
            "how many days does the review take",
        ),
        (
            "es",
            "mi aseguranza no quiere pagar la resonancia, dicen que no es necesaria",
            "¿cuánto tiempo tarda la revisión?",
        ),
    ],
)
def test_a_cdi_case_gets_the_cdi_answer(chat, language, first, question):
    kb = EN if language == "en" else ES
    chat.say(first)
    chat.click(kb.coverages["other_ppo_or_insurance"])
    assert chat.card()["agency"] == "CDI"
    chat.say(question)
    text = chat.text()
    assert expected("how_long", Case("other_ppo_or_insurance", "medical_necessity"), kb) in text
    assert expected("how_long", DMHC_CASE, kb) not in text


@pytest.mark.parametrize(
    "language, story",
    [
        ("en", "I filed a grievance with Kaiser two months ago about my denied MRI and they never answered"),
        ("es", "Presenté una queja con Kaiser hace dos meses porque me negaron la resonancia y nunca me contestaron"),
    ],
)
def test_someone_whose_plan_never_answered_is_not_told_to_file_a_grievance_first(chat, language, story):
    kb = EN if language == "en" else ES
    chat.say(story)
    for _ in range(4):  # answer what is still asked, the simplest way a person would
        if chat.card():
            break
        titles = [b["title"] for b in chat.buttons()]
        pick = next(
            (
                t
                for t in titles
                # A long story's guess is said back to be confirmed: Yes (issue 14).
                if t
                in (kb.problems["medical_necessity"].label, kb.coverages["hmo"], "HMO", say(language, "answer_yes"))
            ),
            None,
        )
        assert pick, f"unexpected question: {chat.text()}"
        chat.click(pick)
    card = chat.card()
    assert card and card["agency"] == "DMHC"
    assert card["first_step"] == kb.first_steps[("DMHC", card["pathway"])]["plan_silent"]
    assert kb.first_steps[("DMHC", card["pathway"])]["default"] not in chat.text()
