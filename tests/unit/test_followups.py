"""Follow-up questions (bot/followups.py): the topic from a person's words in English and Spanish,
the answer for the route given, and a number to call when there is no sourced answer.

Phrasings here are written apart from the training data (data/nlu/followups.yml)."""
from itertools import product

import pytest

from bot import action_plan, followups
from bot.knowledge import COVERAGES, PROBLEMS, KnowledgeError, default
from bot.routing import Case, needs_fair_hearing, route

EN, ES = default("en"), default("es")


def every_route():
    for coverage, problem in product(COVERAGES, PROBLEMS):
        for hearing in ("requested", "not_requested") if needs_fair_hearing(coverage, problem) else (None,):
            yield Case(coverage, problem, fair_hearing=hearing)
    yield Case("medicare", "medical_necessity", coverage_detail="medi_medi")
    yield Case("medi_cal_managed_care", "medical_necessity", coverage_detail="medi_cal_rx")
    yield Case("other_coverage", "medical_necessity", coverage_detail="employer_self_funded")


TOPICS = [t.key for t in followups.followups("en").topics]

PHRASINGS = [
    ("how_long", "roughly how long before the state tells me something"),
    ("how_long", "cuánto se tardan en darme una respuesta"),
    ("urgent", "this is urgent, my mom needs the surgery this week"),
    ("urgent", "es urgente, no podemos esperar un mes"),
    ("online", "is there a way to do it on the internet"),
    ("online", "se puede hacer en línea?"),
    ("someone_else", "my sister handles my stuff, can she fill it out for me"),
    ("someone_else", "mi hermana puede llenarlo por mí?"),
    ("documents", "which papers go with the application"),
    ("documents", "qué documentos le pongo a la solicitud"),
    ("lawyer", "will i need an attorney for this"),
    ("lawyer", "ocupo un abogado para esto?"),
    ("imr_yes", "ok and if it comes back in my favor, then what"),
    ("imr_yes", "y si sale a mi favor qué sigue"),
    ("imr_no", "and if i lose, is that the end"),
    ("imr_no", "y si pierdo se acabó?"),
    ("premiums", "do i still have to pay my premium every month"),
    ("premiums", "tengo que seguir pagando la prima?"),
    ("retaliation", "could they kick me off the plan for complaining"),
    ("retaliation", "me pueden sacar del plan por quejarme?"),
    ("success_rate", "what are the odds this works"),
    ("success_rate", "vale la pena o casi nadie gana?"),
    ("mail_fax", "what's the fax number"),
    ("mail_fax", "cuál es la dirección para mandarlo"),
    ("deadline", "what's the deadline for this"),
    ("deadline", "hasta cuándo tengo para pedirlo"),
    ("plan_never_answered", "i sent my appeal in january and they have not answered"),
    ("plan_never_answered", "mandé mi apelación en enero y nunca me contestaron"),
]


@pytest.mark.parametrize("expected, said", PHRASINGS)
def test_the_topic_is_read_from_the_words(expected, said):
    assert followups.topic(said) == expected


def test_every_topic_is_phrased_in_both_languages_here():
    assert {t for t, _ in PHRASINGS} == set(TOPICS)


def test_unrelated_messages_have_no_topic():
    for said in ("Kaiser denied my MRI", "hola", "my plan is an HMO", "gracias"):
        assert followups.topic(said) is None


@pytest.mark.parametrize("said, found", [
    ("I filed a grievance in March and they never answered", {"plan_silent"}),
    ("presenté una queja hace dos meses y no me han contestado", {"plan_silent"}),
    ("the doctor's office never called back", set()),  # no complaint: an access problem, not F11.20
    ("I have a PPO through my job", {"job_plan"}),
    ("tengo un PPO por mi trabajo", {"job_plan"}),
    ("Blue Cross denied my surgery", set()),
])
def test_situations(said, found):
    assert followups.situations(said) == found


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
@pytest.mark.parametrize("topic", TOPICS)
def test_every_route_gets_an_answer_or_a_number_to_call(kb, topic):
    data = followups.followups(kb.language)
    for case in every_route():
        ref = route(case, kb)
        text = followups.answer(topic, ref, kb)["text"]
        entry = next(t for t in data.topics if t.key == topic)
        keys = [k for k in followups._keys(ref) if k in entry.answers]
        if keys:
            assert text == entry.answers[keys[0]].text
        elif topic == "deadline" and (action_plan.build(ref, kb=kb).deadlines or ref.deadlines):
            dated = [d.text(kb.language) for d in action_plan.build(ref, kb=kb).deadlines]
            assert text == " ".join(dated or ref.deadlines)
        else:
            assert (ref.caller or kb.agencies["DMHC"]).phone in text, f"{topic} for {case}: no answer and no number"


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
def test_a_cdi_case_gets_the_cdi_answer(kb):
    data = {t.key: t for t in followups.followups(kb.language).topics}
    cdi = route(Case("other_ppo_or_insurance", "medical_necessity"), kb)
    dmhc = route(Case("hmo", "medical_necessity"), kb)
    for topic in ("how_long", "online", "someone_else", "plan_never_answered"):
        assert followups.answer(topic, cdi, kb)["text"] == data[topic].answers["CDI"].text
        assert followups.answer(topic, dmhc, kb)["text"] == data[topic].answers["DMHC"].text


def test_the_sourced_numbers_of_section_11():
    data = {t.key: t for t in followups.followups("en").topics}
    assert "within 5 business days" in data["imr_yes"].answers["DMHC"].text  # F11.5
    assert "60%" in data["success_rate"].answers["DMHC"].text  # F11.21
    assert "45 days" in data["how_long"].answers["DMHC"].text and "7 days" in data["how_long"].answers["DMHC"].text  # F11.2, F11.3
    assert "3 days" in data["how_long"].answers["CDI"].text  # F11.6
    assert EN.contacts["health_consumer_alliance"].phone == "1-888-804-3536"  # F11.14
    assert EN.contacts["health_consumer_alliance"].phone in data["lawyer"].answers["any"].text
    assert "Part A" in data["someone_else"].answers["DMHC"].text  # F11.9
    assert "120 days" in data["imr_no"].answers["DMHC.medi_cal_managed_care"].text  # F11.15


def test_a_medi_cal_case_that_loses_the_imr_is_told_the_hearing_is_still_possible():
    ref = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested"))
    assert EN.contacts["state_hearings"].phone in followups.answer("imr_no", ref, EN)["text"]


def test_my_plan_never_answered_never_says_grievance_first():
    for kb in (EN, ES):
        for case in every_route():
            text = followups.answer("plan_never_answered", route(case, kb), kb)["text"].lower()
            assert "grievance" not in text and "file a complaint with your" not in text


def test_before_the_referral_answers_for_most_plans():
    text = followups.answer("online", None, EN)["text"]
    assert text.startswith(followups.followups("en").before_referral)
    assert followups.answer("plan_never_answered", None, EN)["text"] == \
        next(t for t in followups.followups("en").topics if t.key == "plan_never_answered").answers["before"].text


def test_the_deadline_topic_gives_the_dated_deadlines():
    from datetime import date
    ref = route(Case("hmo", "medical_necessity"))
    text = followups.answer("deadline", ref, EN, letter=date(2026, 3, 3))["text"]
    assert "September 3, 2026" in text or "2026" in text


def test_a_bad_pattern_fails_with_the_file_and_key(tmp_path):
    for name in ("agencies.yml", "routing.yml", "faq.yml", "plans.yml", "next_steps.yml"):
        (tmp_path / name).write_text((followups.KNOWLEDGE_DIR / name).read_text())
    broken = (followups.KNOWLEDGE_DIR / "followups.yml").read_text().replace('"\\\\b(urgent|', '"\\\\b((urgent|', 1)
    (tmp_path / "followups.yml").write_text(broken)
    with pytest.raises(KnowledgeError, match=r"followups.yml: topics.urgent.match"):
        followups.load(tmp_path, kb=EN)
