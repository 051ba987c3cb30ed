"""The probe3 findings (issue 14) on how a case is read and what its replies say: an experimental
denial keeps its own first step when the person asks questions at "Is that right?", the plan that
never answered in English, follow-ups that got no answer, "what if they say no?" on a route that is
not an IMR, the uninsured card's numbers, "what does self-funded mean?", "who is Livanta?" and "no
me sirvió". Expected values are read from the knowledge data; the sentences are the probe's."""

from datetime import date

import pytest
import yaml

from bot import context, followups, named_numbers, problem_kinds, turns
from bot.knowledge import KNOWLEDGE_DIR, default
from bot.routing import Case, route
from bot.understanding import extract

EN, ES = default("en"), default("es")
KB = {"en": EN, "es": ES}


def _first_steps(language):
    path = KNOWLEDGE_DIR / ("routing.yml" if language == "en" else f"{language}/routing.yml")
    return yaml.safe_load(path.read_text())["first_steps"]


def _answer(topic, key, language):
    found = {t.key: t for t in followups.followups(language).topics}[topic]
    return found.answers[key].text


def _said(topic, referral, language):
    return followups.answer(topic, referral, KB[language]).text


@pytest.mark.parametrize("second_intent", ["ask_followup", "nlu_fallback", None])
@pytest.mark.parametrize(
    "language,questions",
    [
        ("en", ["how long does an IMR take?", "do I have to complain to Health Net first?"]),
        ("es", ["cuanto se tarda? ella esta muy grave", "tengo que quejarme con el seguro primero?"]),
    ],
)
def test_questions_at_is_that_right_keep_an_experimental_denial_going_to_the_dmhc_at_once(
    language, questions, second_intent
):
    # probe3 en42, es11: two questions at "Is that right?" made the reason unknown, and the first
    # step "complain to your plan first" (the NLU read en42's second question as a fallback).
    slots = {"problem": "experimental", "problem_guess": "yes", "coverage": "hmo", "plan": "health_net"}
    for text, intent in zip(questions, ["ask_followup", second_intent]):
        slots.update(extract(intent, [], "problem_confirmed", slots, text=text))
    assert slots.get("problem_confirmed") and slots["problem"] == "experimental"
    referral = route(context.case(slots), KB[language])
    own = _first_steps(language)["DMHC"]["imr"]["by_problem"]["experimental"]
    assert referral.first_step == " ".join(own.split())


@pytest.mark.parametrize(
    "text",
    [
        "I filed a grievance with Blue Shield 6 weeks ago about them denying my son's insulin pump as not "
        "medically necessary and I never heard anything back. Nobody returns my calls. It's an HMO.",
        "I appealed Anthem's denial of my surgery 45 days ago and they still haven't given me an answer.",
    ],
)
def test_the_plan_never_answered_is_read_in_english_and_the_first_step_is_the_dmhc_now(text):
    # probe3 en22, en36: "file a grievance first" to people who had, 6 weeks before (F11.20).
    assert "plan_silent" in followups.situations(text)
    silent = route(Case("hmo", "medical_necessity", plan_silent=True), EN)
    assert silent.first_step == " ".join(_first_steps("en")["DMHC"]["imr"]["plan_silent"].split())


def test_a_denial_named_as_a_noun_gets_the_reason_question():
    # probe3 en36: "Anthem's denial of my surgery" was not read as a denial ("What happened?").
    from bot.understanding.problem import says_denial

    assert says_denial("I appealed Anthem's denial of my surgery 45 days ago")
    assert not says_denial("I have a question about my plan")


@pytest.mark.parametrize("text", ["it's been 6 weeks and no answer", "45 days no decision"])
def test_the_plan_never_answered_as_a_follow_up(text):
    referral = route(Case("hmo", "medical_necessity"), EN)
    assert followups.topic(text) == "plan_never_answered"
    assert _said("plan_never_answered", referral, "en") == _answer("plan_never_answered", "DMHC", "en")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_plan_never_answered_on_the_ombudsman_route_is_the_hearing_now(language):
    # probe3 en44: "what if the plan never answers my appeal?" had no answer on the Medi-Cal Ombudsman route.
    referral = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="requested"), KB[language])
    assert referral.agency.key == "MEDI_CAL_OMBUDSMAN"
    said = _said("plan_never_answered", referral, language)
    assert KB[language].contacts["state_hearings"].phone in said and referral.agency.phone in said


@pytest.mark.parametrize(
    "text",
    ["how long does it take? he doesn't have much time", "how long does it take? she doesn't have much time"],
)
def test_how_long_with_words_of_urgency_is_answered(text):
    # probe3 en01, en43: "doesn't have much time" hid "how long" (the deadline's "have" was looked for anywhere).
    assert followups.topic(text) == "how_long"
    assert followups.topic("how long do I have to appeal?") == "deadline"


@pytest.mark.parametrize("language,text", [("en", "do I have to wait 30 days?"), ("es", "tengo que esperar 30 dias?")])
def test_do_i_have_to_wait_30_days_after_an_experimental_denial(language, text):
    # probe3 en43 (no answer), es25 (read as a date on the letter).
    referral = route(Case("hmo", "experimental"), KB[language])
    expected = _said("appeal_first", referral, language)
    assert followups.topic(text) == "appeal_first"
    turn = turns.letter_date_given(None, text, False, referral, KB[language], date.today())
    assert [r["text"] if isinstance(r, dict) else r.text for r in turn.replies] == [expected]


@pytest.mark.parametrize(
    "text,topic",
    [("que hago?", "repeat_referral"), ("¿Qué hago?", "repeat_referral"), ("como pido la audiencia?", "hearing")],
)
def test_spanish_questions_that_had_no_answer(text, topic):
    # probe3 es16, es30 ("qué hago ahora" worked), es19 (the English worked).
    assert followups.topic(text) == topic
    referral = route(Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility"), ES)
    said = _said(topic, referral, "es")
    assert referral.agency.phone in said or ES.contacts["state_hearings"].phone in said


@pytest.mark.parametrize("language,text", [("en", "what if they say no?"), ("es", "y si el seguro dice que no?")])
@pytest.mark.parametrize("coverage,agency", [("hmo", "DMHC"), ("other_ppo_or_insurance", "CDI")])
def test_what_if_they_say_no_on_a_complaint_route_is_that_route_s_next_step(language, text, coverage, agency):
    # probe3 en06, es05: after an access-delay referral, "The IMR decision binds your plan...".
    referral = route(Case(coverage, "other", problem_detail="access_delay"), KB[language])
    assert referral.agency.key == agency and not referral.imr
    said = followups.answer(followups.topic(text), referral, KB[language]).text
    imr_text = _answer("imr_no", agency, language).split(".")[0]
    assert imr_text not in said and KB[language].agencies[agency].phone in said
    assert said == _answer("imr_no", f"{agency}.other", language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_uninsured_first_step_gives_the_health_consumer_alliance_s_number(language):
    # probe3 en24, es15: "call the Health Consumer Alliance", with no number.
    referral = route(Case("unknown", "other", problem_detail="uninsured"), KB[language])
    assert KB[language].contacts["health_consumer_alliance"].phone in referral.first_step


def test_losing_a_job_and_with_it_the_insurance_is_the_uninsured_kind():
    # probe3 en24: "What happened with your health plan?" to someone without one.
    story = (
        "I lost my job in September and with it my insurance. I have high blood pressure and I'm running "
        "out of my pills. I don't know where to even start to get coverage again."
    )
    assert problem_kinds.read(story).detail == "uninsured"


@pytest.mark.parametrize(
    "language,text", [("en", "what does self-funded mean for me?"), ("es", "¿qué significa autofinanciado?")]
)
@pytest.mark.parametrize(
    "case",
    [
        Case("other_ppo_or_insurance", "medical_necessity", job_plan=True),
        Case("other_coverage", "medical_necessity", coverage_detail="employer_self_funded"),
    ],
)
def test_what_does_self_funded_mean_is_answered_not_the_card_again(language, text, case):
    # probe3 en13: read as a coverage, the CDI card came back, which the self-funded note contradicts.
    referral = route(case, KB[language])
    assert followups.topic(text) == "self_funded"
    said = _said("self_funded", referral, language)
    assert KB[language].contacts["ebsa"].phone in said and referral.first_step not in said


@pytest.mark.parametrize("language,text", [("en", "who is Livanta?"), ("es", "¿quién es Livanta?")])
def test_who_is_livanta(language, text):
    # probe3 en07: "I don't have a checked answer" to a name on the person's own card.
    qio = problem_kinds.default(language).agencies["MEDICARE_QIO"]
    said = named_numbers.answer(text, KB[language]).text
    assert qio.name in said and qio.phone in said
    assert named_numbers.answer("what is Medicare Advantage?", EN) is None
    assert named_numbers.asked("what is a state fair hearing") is None  # a term, explained at its question


@pytest.mark.parametrize("language,text", [("en", "that didn't help"), ("es", "no me sirvio")])
def test_it_did_not_help_gets_the_number_not_ok(language, text):
    # probe3 es30: "no me sirvió" after the answer got "Muy bien."
    referral = route(Case("hmo", "medical_necessity"), KB[language])
    turn = turns.acknowledge(text, referral, KB[language])
    said = " ".join(r["text"] if isinstance(r, dict) else r.text for r in turn.replies)
    assert referral.agency.phone in said
