"""The s10 probe 4 follow-up findings (/work/helpers/s10/probe4/REPORT.md: F04, P04/P10, R09, F07, F10,
F08, F11, F12): what a person asks after (or while) getting the referral is answered from the sourced
facts, in English and Spanish, for the route given; never the IMR's cost for a bill, never the whole
referral again, never a letter for a question, never a yes to "Is that right?" for a question. The
wordings are new (not the probe's, not the training data); expected values are read from the knowledge
data, plus literal checks of the fact ids an answer rests on."""

import pytest

from actions.letter import ActionDraftLetter
from bot import followups, named_numbers, turns
from bot.knowledge import default
from bot.routing import Case, route
from bot.understanding import extract
from tests.unit.followup_helpers import LANGS, again, contact, entry, routed, said, unplaced
from tests.unit.test_actions import run, tracker

COVERED_CA = Case("unknown", "other", problem_detail="covered_california")
COUNTY = Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility")
ER_DMHC = Case("hmo", "emergency_payment")
ER_CDI = Case("other_ppo_or_insurance", "emergency_payment")
WAIT = Case("hmo", "other", problem_detail="access_delay")
COUNTY_RUN = Case("medi_cal_managed_care", "medical_necessity", coverage_detail="county_run")
RX = Case("medi_cal_managed_care", "other", problem_detail="drug_cost")
MEDICARE_WAIT = Case("medicare", "other", problem_detail="medicare_non_denial")


# F04: "the ombuds number" on a Covered California route is its own Ombuds Office (F12.7).
@LANGS
def test_the_ombuds_number_on_a_covered_california_route_is_its_ombuds_office(language):
    kb = default(language)
    asked = said(language, "and the phone number for the ombudsman?", "¿me da el número del ombudsman?")
    ombuds = contact(language, "covered_california_ombuds")
    text = unplaced(COVERED_CA, language, asked)
    assert ombuds.phone in text and kb.agencies["MEDI_CAL_OMBUDSMAN"].phone not in text
    # Elsewhere the same words still mean the Medi-Cal Ombudsman.
    assert kb.agencies["MEDI_CAL_OMBUDSMAN"].phone in named_numbers.answer(asked, kb).text
    assert kb.agencies["MEDI_CAL_OMBUDSMAN"].phone in named_numbers.answer(asked, kb, route(COUNTY, kb)).text
    # Named with Covered California, it is its office whatever the route.
    named = said(
        language, "what's Covered California's ombuds office number?", "¿el teléfono del ombuds de covered california?"
    )
    assert ombuds.phone in named_numbers.answer(named, kb).text


# P04, P10: paying the bill meanwhile is never answered with the IMR's cost.
@LANGS
@pytest.mark.parametrize("case", [ER_DMHC, ER_CDI])
@pytest.mark.parametrize(
    "en, es",
    [
        ("am I supposed to pay the $12,750 while we wait?", "¿le pago los $12,750 mientras esperamos?"),
        ("should I pay the 2,300 in the meantime", "¿y por mientras pago los 2,300?"),
        ("do I pay the ER bill until this is decided?", "¿tengo que pagar la cuenta mientras tanto?"),
    ],
)
def test_paying_an_er_bill_meanwhile_is_the_bill_answer_not_the_imr_cost(language, case, en, es):
    asked = said(language, en, es)
    text = unplaced(case, language, asked)
    answer = entry(language, "pay_meanwhile", "any.emergency_payment")
    assert followups.topic(asked) == "pay_meanwhile"
    assert text == routed(case, language, "pay_meanwhile", "any.emergency_payment")
    assert entry(language, "cost", "any.imr").text not in text
    assert route(case, default(language)).caller.phone in text
    assert contact(language, "health_consumer_alliance").phone in text
    assert {"F1.13", "F12.28"} <= set(answer.facts)


@LANGS
def test_paying_meanwhile_asked_as_an_imr_cost_question_is_still_the_bill_answer(language):
    """The NLU reads it as "does the IMR cost?" (turns.imr_question): the route's bill answer first."""
    kb = default(language)
    asked = said(language, "will I owe the $980 while the appeal goes on?", "¿debo pagar los $980 mientras apelo?")
    text = turns.imr_question(asked, "cost", route(ER_DMHC, kb), kb).replies[0]["text"]
    assert text == routed(ER_DMHC, language, "pay_meanwhile", "any.emergency_payment")


@LANGS
def test_is_the_imr_free_is_still_the_imr_cost(language):
    asked = said(language, "is the review going to cost anything?", "¿me va a costar algo la revisión?")
    assert followups.topic(asked) == "cost"
    assert unplaced(ER_DMHC, language, asked) == entry(language, "cost", "any.imr").text


@LANGS
def test_a_surprise_bill_meanwhile_keeps_its_own_answer_in_both_topics(language):
    for key in ("any.surprise_bill", "HOSPITAL_BILLING", "any.hospital_bill"):
        assert entry(language, "pay_meanwhile", key).text == entry(language, "cost", key).text


# R09: joining Covered California after Medi-Cal ended (F12.15).
@LANGS
def test_joining_covered_california_after_medi_cal_ended_is_the_90_day_enrollment(language):
    kb = default(language)
    asked = said(
        language, "could I get a plan through Covered California instead?", "¿y si me inscribo en covered california?"
    )
    text = unplaced(COUNTY, language, asked)
    answer = entry(language, "join_covered", "COUNTY_MEDI_CAL")
    assert followups.topic(asked) == "join_covered"
    assert text == answer.text and "90" in text
    assert route(COUNTY, kb).caller.phone not in text
    assert contact(language, "covered_california_spanish").phone in text
    assert {"F12.15", "F12.3"} <= set(answer.facts)


# F07: a doctor outside the network after a long wait: no source says the plan must pay; the DMHC.
@LANGS
def test_a_doctor_outside_the_network_during_a_wait_says_no_rule_was_found(language):
    asked = said(
        language,
        "could we just go see a specialist outside the network?",
        "¿podemos ver a un especialista fuera de la red?",
    )
    text = unplaced(WAIT, language, asked)
    answer = entry(language, "outside_network", "DMHC.access_delay")
    assert followups.topic(asked) == "outside_network"
    assert text == routed(WAIT, language, "outside_network", "DMHC.access_delay")
    assert default(language).agencies["DMHC"].phone in text and "15" in text
    assert {"F12.29", "F12.32"} <= set(answer.facts)


def test_a_doctor_outside_the_network_read_as_the_problem_again_is_answered():
    """The NLU read the question as the problem on the same case: the answer, not the referral again."""
    slots = {"coverage": "hmo", "problem": "other", "problem_detail": "access_delay"}
    messages = again(slots, "can my daughter see a pediatrician out of network then?", intent="problem_other")
    assert len(messages) == 1 and not messages[0]["custom"]
    assert messages[0]["text"] == routed(WAIT, "en", "outside_network", "DMHC.access_delay")


# F10: a county-run plan: what "ask if the DMHC can review it" means, and a plan that never answers.
@LANGS
def test_what_asking_the_dmhc_means_on_a_county_run_plan_is_the_licence_and_the_hearing(language):
    kb = default(language)
    asked = said(
        language,
        "what do you mean, the DMHC may not be able to review it?",
        "¿qué significa eso de que el DMHC tal vez no lo revise?",
    )
    text = unplaced(COUNTY_RUN, language, asked)
    answer = entry(language, "which_agency", "DMHC.county_run")
    assert followups.topic(asked) == "which_agency"
    assert text == answer.text
    assert kb.contacts["state_hearings"].phone in text and kb.agencies["DMHC"].phone in text
    assert {"F10.9", "F10.10", "F3.11"} <= set(answer.facts)


@LANGS
def test_a_plan_that_never_answers_on_a_county_run_plan_is_the_hearing_now(language):
    kb = default(language)
    asked = said(language, "and if my plan never gets back to me?", "¿y si el plan nunca me responde?")
    text = unplaced(COUNTY_RUN, language, asked)
    answer = entry(language, "plan_never_answered", "DMHC.county_run")
    assert followups.topic(asked) == "plan_never_answered"
    assert text == answer.text and kb.contacts["state_hearings"].phone in text
    assert {"F3.7", "F11.20"} <= set(answer.facts)


# F08: the hearing deadline after a Medi-Cal Rx denial: 90 days, inferred from F3.3, and said so.
@LANGS
def test_the_hearing_deadline_after_a_medi_cal_rx_denial_is_90_days_said_as_inferred(language):
    asked = said(language, "by when do I need to ask for the hearing?", "¿hasta cuándo puedo pedir la audiencia?")
    text = unplaced(RX, language, asked)
    answer = entry(language, "deadline", "MEDI_CAL_RX")
    assert text == answer.text and "90" in text
    assert text.startswith(said(language, "I found no source", "No encontré una fuente"))
    assert default(language).contacts["state_hearings"].phone in text
    assert {"F3.3", "F12.37"} <= set(answer.facts)


# F11: re-enrolling after a cancellation for non-payment (F12.8), and never a letter for the question.
@LANGS
def test_re_enrolling_after_a_cancellation_is_open_enrollment_or_the_appeal(language):
    asked = said(language, "am I able to sign back up?", "¿me dejan inscribirme de nuevo?")
    text = unplaced(COVERED_CA, language, asked)
    answer = entry(language, "reenroll", "COVERED_CALIFORNIA")
    assert followups.topic(asked) == "reenroll"
    assert text == answer.text and "90" in text
    assert {"F12.8", "F12.4", "F12.5"} <= set(answer.facts)


@LANGS
def test_a_question_read_as_write_the_letter_is_answered_not_a_letter(language):
    slots = {"coverage": "unknown", "problem": "other", "problem_detail": "covered_california", "language": language}
    asked = said(language, "can I reenroll in my plan?", "¿puedo volver a inscribirme en el plan?")
    messages, _ = run(ActionDraftLetter(), tracker(slots, intent="draft_letter", text=asked))
    assert len(messages) == 1 and "draft_letter" not in (messages[0].get("custom") or {})
    assert messages[0]["text"] == entry(language, "reenroll", "COVERED_CALIFORNIA").text
    asked = said(language, "please write my appeal letter", "escríbame la carta, por favor")
    messages, _ = run(ActionDraftLetter(), tracker(slots, intent="draft_letter", text=asked))
    assert any("draft_letter" in (m.get("custom") or {}) for m in messages)


# F12: a question at "Is that right?" is never a yes; leaving a Medicare Advantage plan is answered.
GUESS = {
    "coverage": "medicare",
    "problem": "other",
    "problem_detail": "medicare_non_denial",
    "problem_guess": "yes",
    "requested_slot": "problem_confirmed",
}
MEDICARE = [{"entity": "coverage_type", "value": "medicare"}]


@LANGS
def test_a_question_naming_the_plan_at_is_that_right_is_not_a_yes(language):
    kb = default(language)
    asked = said(language, "could I go back to original Medicare?", "¿me puedo pasar a Medicare Original?")
    slots = {**GUESS, "language": language}
    updates = extract("ask_followup", MEDICARE, "problem_confirmed", slots, kb, text=asked)
    assert "problem_confirmed" not in updates
    said_yes = said(language, "yes. could I go back to original Medicare?", "sí. ¿me puedo pasar a Medicare Original?")
    assert (
        extract("ask_followup", MEDICARE, "problem_confirmed", slots, kb, text=said_yes)["problem_confirmed"] == "yes"
    )
    told = said(language, "it's a Medicare plan", "es un plan de Medicare")
    assert extract("inform_coverage", MEDICARE, "problem_confirmed", slots, kb, text=told)["problem_confirmed"] == "yes"


@LANGS
def test_leaving_a_medicare_advantage_plan_is_answered_aside_with_1_800_medicare_and_hicap(language):
    kb = default(language)
    asked = said(language, "can I drop my Medicare Advantage plan?", "¿puedo salirme de mi plan medicare advantage?")
    answer = entry(language, "leave_medicare_advantage", "any.medicare")
    reply = turns.side_question(
        asked, True, "medicare", kb, "other", "medicare_non_denial", tentative=route(MEDICARE_WAIT, kb)
    )
    assert followups.topic(asked) == "leave_medicare_advantage"
    assert reply.text == answer.text
    assert kb.contacts["medicare"].phone in reply.text and kb.agencies["HICAP"].phone in reply.text
    assert {"F4.7", "F4.8", "F12.43"} <= set(answer.facts)
