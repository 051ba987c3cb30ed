"""Session 12 follow-up findings: an IMR already won while the plan has not approved the care (F11.5:
5 business days, then a complaint; probe s11 7 E12, where the IMR steps came again). The wordings are
new; expected values are read from the knowledge data, plus literal checks of the facts an answer rests on."""

import pytest

from bot import followups, turns
from bot.knowledge import default
from bot.routing import Case
from tests.unit.followup_helpers import LANGS, answered_for_route, entry, said

HMO = Case("hmo", "medical_necessity")
CDI = Case("other_ppo_or_insurance", "experimental")
WON = (
    "we won the independent review last month and Health Net still hasn't scheduled it",
    "ganamos la IMR y el plan no ha aprobado nada",
)


@LANGS
@pytest.mark.parametrize(
    "case, key, facts", [(HMO, "DMHC", {"F11.5", "F12.1"}), (CDI, "CDI", {"F11.16"})], ids=["dmhc", "cdi"]
)
def test_an_imr_won_but_not_followed_gets_the_plans_duty_and_the_regulator(language, case, key, facts):
    answered_for_route(case, language, *WON, "imr_won", key, facts)


@LANGS
def test_an_imr_won_before_any_route_names_both_regulators(language):
    kb = default(language)
    asked = said(
        language,
        "the IMR ruled in my favor but Blue Shield still won't approve the surgery",
        "la revision independiente salio a mi favor pero no me dan la cirugia",
    )
    text = turns.imr_question(asked, "what", None, kb).replies[0]["text"]
    assert text == entry(language, "imr_won", "any").text.format(**followups._route_fields(None, kb))
    for agency in ("DMHC", "CDI"):
        assert kb.agencies[agency].phone in text


@LANGS
def test_if_i_win_is_still_the_question_about_winning(language):
    assert followups.topic(said(language, "what if I win the IMR?", "¿y si gano?")) == "imr_yes"
    assert followups.topic(said(language, "we won the appeal with the plan", "ganamos el caso")) != "imr_won"
    assert followups.topic(said(language, "what if the IMR says no?", "¿y si la IMR dice que no?")) != "imr_won"


# Probe s12 8: "can you file it for me?" is not a relative acting for them (c43 got "Yes. Use the form").
@LANGS
def test_the_assistant_files_nothing_and_keeps_nothing(language):
    answered_for_route(
        HMO,
        language,
        "could you submit the complaint for me?",
        "¿usted me lo puede mandar?",
        "bot_files",
        "any",
        {"F11.14"},
    )
    assert (
        followups.topic(said(language, "can my husband file it for me?", "¿mi hija lo puede presentar por mí?"))
        == "someone_else"
    )


# c23: a drug's copay "is that allowed?" on a plan's denial route: the DMHC plans' cap (F12.35).
@LANGS
def test_a_drug_copay_asked_on_a_denial_route_gets_the_cap(language):
    asked = "my inhaler copay went to $300 a month, is that even legal?"
    assert followups.topic(asked) == "drug_cap"
    if language == "en":
        answered_for_route(HMO, language, asked, asked, "drug_cap", "DMHC", {"F12.35"})
    assert entry(language, "drug_cap", "DMHC").text == entry(language, "drug_cap", "DMHC.drug_cost").text


# c39: "can I do the IMR thing?" is the IMR question for the route (Medi-Cal Rx: no DMHC IMR, F10.7).
def test_doing_the_imr_is_asking_for_one():
    assert followups.topic("can i do the IMR thing for this?") == "imr_here"


# c21: "how do I appeal this?" asks for the route's steps.
@LANGS
def test_how_do_i_appeal_is_the_steps(language):
    assert followups.request(said(language, "so how do I appeal this?", "¿y cómo apelo?")) == "steps"
    assert (
        followups.request(
            said(
                language,
                "how do I appeal if the plan already said no twice and I have a lawyer?",
                "¿cómo apelo si ya me dijeron que no dos veces y tengo abogado?",
            )
        )
        is None
    )


# Probe s12 9 c35: "el grievance cómo lo pongo? online?" got the DMHC's online form for the plan's step.
@LANGS
def test_the_grievance_goes_to_the_plan_by_its_member_number(language):
    answered_for_route(
        HMO,
        language,
        "how do I file the grievance, is it online?",
        "el grievance como lo pongo? online?",
        "grievance_how",
        "DMHC",
        {"F12.46", "F1.7"},
    )
    assert followups.topic(said(language, "can I apply online?", "¿puedo aplicar en linea?")) == "online"


# Probe s12 10 e12: "how long does she have to ask for the hearing?" is her deadline, not how long a hearing takes.
def test_a_relatives_time_to_ask_for_the_hearing_is_the_deadline():
    assert followups.topic("how long does she have to ask for the hearing?") == "deadline"
    assert followups.topic("how long does the state hearing take?") == "hearing_how_long"


# Probe s12 10 e15, s04: "something so they cut the bill?" on a hospital-bill route is its financial assistance.
@LANGS
def test_cutting_the_hospital_bill_is_its_financial_assistance(language):
    bill = Case("unknown", "other", problem_detail="hospital_bill")
    answered_for_route(
        bill,
        language,
        "is there anything so they lower the bill?",
        "¿hay algo para que me rebajen la cuenta?",
        "charity_apply",
        "HOSPITAL_BILLING",
        {"F12.24", "F12.25"},
    )
    assert (
        followups.topic(said(language, "the plan cut my therapy visits", "me bajaron las horas de terapia"))
        != "charity_apply"
    )
