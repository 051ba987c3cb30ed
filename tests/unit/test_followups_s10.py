"""The s10 probe 3 follow-up findings (/work/helpers/s10/probe3/REPORT.md: E09, E12, E13, E15, E19, E25,
E27, E30, S03, S05, S06, S07, S21, S22, S27): what a person asks after the referral is answered from the
sourced facts, in English and Spanish, for the route given; never the whole referral again, never "no
checked answer" where the data has one. The wordings are new (not the probe's, not the training data);
expected values are read from the knowledge data, plus literal checks of the fact ids an answer rests on."""

from datetime import date

import pytest

from actions.dates import ActionLetterDate
from bot import action_plan, followups, replies, turns
from bot.dates import format_date, money
from bot.knowledge import default
from bot.routing import Case, route
from tests.unit.followup_helpers import LANGS, TODAY, again, entry, routed, said, unplaced
from tests.unit.test_actions import run, tracker

MEDICARE_ADVANTAGE = Case("medicare", "medical_necessity")
COVERED_CA = Case("unknown", "other", problem_detail="covered_california")
WAIT = Case("hmo", "other", problem_detail="access_delay")
MEDI_CAL_WAIT = Case("medi_cal_managed_care", "other", problem_detail="access_delay")
AFTER_STAY = Case("medicare", "other", problem_detail="medicare_non_denial")
LEAVING = Case("medicare", "other", problem_detail="medicare_non_denial", problem_words="discharge tomorrow")
RX = Case("medi_cal_managed_care", "other", problem_detail="drug_cost")
COUNTY_RUN = Case("medi_cal_managed_care", "medical_necessity", coverage_detail="county_run")
MEDI_CAL_PLAN = Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested")
COUNTY = Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility")
HMO = Case("hmo", "medical_necessity")
EXPERIMENTAL = Case("hmo", "experimental")


# E09: "can I go to the DMHC?" after a Medicare Advantage referral.
@LANGS
def test_going_to_the_dmhc_with_a_medicare_plan_is_a_no_first(language):
    asked = said(language, "so could I just take this to the DMHC?", "¿y puedo acudir al DMHC con esto?")
    text = unplaced(MEDICARE_ADVANTAGE, language, asked)
    assert followups.topic(asked) == "go_dmhc"
    assert text == entry(language, "go_dmhc", "HICAP").text and text.startswith("No")
    assert default(language).agencies["HICAP"].phone in text
    assert {"F0.1", "F4.1"} <= set(entry(language, "go_dmhc", "HICAP").facts)


@LANGS
def test_going_to_the_dmhc_on_a_cdi_route_is_never_a_yes(language):
    asked = said(language, "what about the DMHC?", "¿y qué tal el DMHC?")
    text = unplaced(Case("other_ppo_or_insurance", "medical_necessity"), language, asked)
    assert text == entry(language, "go_dmhc", "CDI").text and not text.startswith(("Yes", "Sí"))
    assert default(language).agencies["CDI"].phone in text


@LANGS
def test_going_to_the_dmhc_on_a_dmhc_route_is_yes_with_the_first_step(language):
    kb = default(language)
    text = unplaced(HMO, language, said(language, "can I complain to the DMHC?", "¿puedo quejarme con el DMHC?"))
    assert text.startswith(("Yes", "Sí")) and route(HMO, kb).first_step in text
    assert kb.agencies["DMHC"].phone in text


# E12: getting Covered California back while appealing.
@LANGS
def test_coverage_back_while_appealing_covered_california_is_continued_enrollment(language):
    asked = said(
        language, "will they put my plan back on while the appeal goes?", "¿puedo recuperar mi seguro mientras apelo?"
    )
    text = unplaced(COVERED_CA, language, asked)
    assert text == routed(COVERED_CA, language, "stop_change", "COVERED_CALIFORNIA")
    assert "Continued Enrollment" in text and "F12.6" in entry(language, "get_back", "COVERED_CALIFORNIA").facts


# E13: "what if they still don't give me one?" after a wait for an appointment.
@LANGS
@pytest.mark.parametrize("case", [WAIT, MEDI_CAL_WAIT], ids=["hmo", "medi-cal"])
def test_still_no_appointment_is_a_dmhc_complaint(language, case):
    kb = default(language)
    asked = said(language, "and if the clinic still can't get me a visit?", "¿y si de todos modos no me dan cita?")
    text = unplaced(case, language, asked)
    answer = entry(language, "still_no_appointment", "DMHC.access_delay")
    assert followups.topic(asked) == "still_no_appointment"
    assert text == answer.text and kb.agencies["DMHC"].phone in text
    assert {"F12.32", "F12.33"} <= set(answer.facts)


# E25: "is that legal?" after an observation stay.
@LANGS
def test_is_it_legal_after_an_observation_stay_is_outpatient_time_and_its_appeal(language):
    asked = said(language, "can medicare really do that?", "¿pero eso está permitido?")
    text = unplaced(AFTER_STAY, language, asked)
    answer = entry(language, "is_legal", "HICAP.medicare_non_denial")
    assert followups.topic(asked) == "is_legal" and text == routed(
        AFTER_STAY, language, "is_legal", "HICAP.medicare_non_denial"
    )
    assert "3" in text and "24" in text and {"F12.39", "F12.40"} <= set(answer.facts)


@LANGS
def test_is_it_legal_elsewhere_is_the_routed_number(language):
    kb = default(language)
    text = unplaced(
        Case("other_ppo_or_insurance", "emergency_payment"),
        language,
        said(language, "is this even legal", "¿es legal?"),
    )
    assert text == followups.followups(language).no_answer.format(
        **followups._route_fields(route(Case("other_ppo_or_insurance", "emergency_payment"), kb), kb)
    )


# S05, S06: the Spanish wordings of answers English had.
def test_what_if_they_take_her_out_anyway_in_spanish_is_the_fast_appeal():
    text = unplaced(LEAVING, "es", "¿y si de todas formas lo sacan del hospital?")
    assert text == routed(LEAVING, "es", "discharge_anyway", "MEDICARE_QIO")
    assert "F12.41" in entry("es", "discharge_anyway", "MEDICARE_QIO").facts


@LANGS
def test_running_out_of_insulin_on_medi_cal_rx_is_the_emergency_supply(language):
    asked = said(language, "what happens if I run out of insulin before then", "¿qué hago si me quedo sin mi insulina?")
    text = unplaced(RX, language, asked)
    assert followups.topic(asked) == "out_of_medicine"
    assert text == routed(RX, language, "out_of_medicine", "MEDI_CAL_RX") and "72" in text
    assert "F12.38" in entry(language, "out_of_medicine", "MEDI_CAL_RX").facts


# S21: "what are my dates" with the letter's date known gives the dated deadlines.
@LANGS
def test_asking_for_my_dates_in_words_with_the_letter_known_gives_the_dates(language):
    kb = default(language)
    letter = date(2026, 11, 5)
    asked = said(language, "ok so what are my dates", "¿y cuáles son mis fechas entonces?")
    referral = route(EXPERIMENTAL, kb)
    text = turns.unplaced(asked, referral, letter, kb, TODAY).replies[0]["text"]
    plan = action_plan.build(referral, letter, kb=kb)
    assert followups.topic(asked) is None and followups.request(asked) == "dates"
    assert text == replies.dates(plan, kb)["text"] and format_date(plan.deadlines[0].due, language) in text


def test_the_spanish_dates_request_is_read_as_dates():
    assert followups.topic("cuáles son mis fechas") is None
    assert followups.request("cuáles son mis fechas") == "dates"
    assert followups.request("what are my dates") == "dates"


# E19: a county-run Medi-Cal plan, "can I get an IMR?": ask the Help Center; the hearing either way.
@LANGS
def test_an_imr_with_a_county_run_plan_is_not_an_unqualified_yes(language):
    kb = default(language)
    referral = route(COUNTY_RUN, kb)
    asked = said(language, "could we get an independent medical review?", "¿podemos pedir una IMR?")
    turn = turns.imr_question(asked, "what", referral, kb)
    text = turn.replies[0]["text"]
    answer = entry(language, "imr_here", "DMHC.county_run")
    assert not text.startswith(("Yes", "Sí")) and text == routed(COUNTY_RUN, language, "imr_here", "DMHC.county_run")
    assert kb.agencies["DMHC"].phone in text and kb.contacts["state_hearings"].phone in text
    assert {"F3.11", "F6.12", "F10.9"} <= set(answer.facts)


# LOOPs: the referral again instead of an answer.
@LANGS
def test_they_said_i_dont_need_it_is_one_line_not_the_referral(language):
    asked = said(language, "the plan says I don't need the machine", "me dijeron que no la necesito")
    slots = {"coverage": "hmo", "problem": "medical_necessity"}
    messages = again(slots, asked, language)
    assert followups.topic(asked) == "same_reason"
    assert len(messages) == 1 and not messages[0].get("custom")
    assert messages[0]["text"] == entry(language, "same_reason", "any.medical_necessity").text


def test_a_story_that_goes_on_is_not_the_same_reason():
    assert followups.topic("they said I don't need it but my doctor says I do, what can I do?") is None


@LANGS
def test_an_appointment_meanwhile_after_medi_cal_ended_is_the_hearing_and_the_cure(language):
    asked = said(language, "in the meantime can I still go to my checkup?", "¿mientras tanto puedo ir a mi consulta?")
    text = unplaced(COUNTY, language, asked)
    answer = entry(language, "stop_change", "COUNTY_MEDI_CAL.medi_cal_eligibility")
    assert followups.topic(asked) == "stop_change" and text == routed(
        COUNTY, language, "stop_change", "COUNTY_MEDI_CAL.medi_cal_eligibility"
    )
    assert "90" in text and {"F12.14", "F12.16"} <= set(answer.facts)


@LANGS
@pytest.mark.parametrize(
    "case, key",
    [
        (MEDI_CAL_PLAN, "DMHC.medi_cal_managed_care"),
        (HMO, "DMHC"),
        (Case("other_ppo_or_insurance", "medical_necessity"), "CDI"),
    ],
    ids=["medi-cal", "hmo", "cdi"],
)
def test_my_doctor_will_handle_it_keeps_the_deadline_mine(language, case, key):
    asked = said(
        language,
        "the doctor's office told me they will deal with the appeal",
        "el consultorio dice que ellos lo arreglan",
    )
    text = unplaced(case, language, asked)
    assert followups.topic(asked) == "doctor_handles" and text == routed(case, language, "doctor_handles", key)
    facts = set(entry(language, "doctor_handles", key).facts)
    assert facts & {"F11.11", "F11.9", "F1.29", "F11.10"}


def test_a_medi_cal_doctor_handling_it_says_the_60_days_and_written_permission():
    answer = entry("en", "doctor_handles", "DMHC.medi_cal_managed_care")
    assert "60 days" in answer.text and "written permission" in answer.text
    assert {"F3.1", "F11.11"} <= set(answer.facts)


@LANGS
def test_what_if_the_plan_says_no_again_on_medi_cal_is_the_imr_and_the_hearing(language):
    kb = default(language)
    asked = said(language, "what if the plan rejects my appeal", "¿y qué pasa si mi plan vuelve a negarlo?")
    text = unplaced(MEDI_CAL_PLAN, language, asked)
    answer = entry(language, "plan_no_again", "DMHC.medi_cal_managed_care")
    assert followups.topic(asked) == "plan_no_again" and text == routed(
        MEDI_CAL_PLAN, language, "plan_no_again", "DMHC.medi_cal_managed_care"
    )
    assert "120" in text and kb.agencies["DMHC"].phone in text and kb.contacts["state_hearings"].phone in text
    assert {"F3.2", "F10.4"} <= set(answer.facts)


@LANGS
def test_the_plan_saying_no_again_on_a_dmhc_plan_is_the_imr_not_a_lost_imr(language):
    text = unplaced(
        HMO, language, said(language, "what if my plan says no again", "¿y si mi seguro me vuelve a decir que no?")
    )
    assert text == routed(HMO, language, "plan_no_again", "DMHC")
    assert text != routed(HMO, language, "imr_no", "DMHC")


@LANGS
@pytest.mark.parametrize(
    "slots, key",
    [
        ({"coverage": "hmo", "problem": "medical_necessity"}, "DMHC.hmo"),
        ({"coverage": "unknown", "problem": "other", "problem_detail": "dental_vision"}, "any"),
    ],
    ids=["kaiser-hmo", "dental"],
)
def test_a_job_plan_told_after_the_referral_is_one_line(language, slots, key):
    asked = said(language, "oh and it's my employer's plan", "ah, y es el seguro de mi trabajo")
    messages = again({**slots, "job_plan": True}, asked, language)
    assert len(messages) == 1 and not messages[0].get("custom")
    assert messages[0]["text"] == entry(language, "job_plan_told", key).text
    if key == "any":
        assert {"F5.1", "F10.13"} <= set(entry(language, "job_plan_told", key).facts)


# E27: an income is not a date.
@pytest.mark.parametrize(
    "text, language",
    [
        ("we bring in maybe 2,300 a month", "en"),
        ("my husband earns $650 per week", "en"),
        ("ganamos unos 1500 al mes", "es"),
    ],
)
def test_an_amount_of_money_is_not_a_date_left_unread(text, language):
    kb = default(language)
    slots = {"coverage": "unknown", "problem": "other", "problem_detail": "uninsured", "language": language}
    messages, _ = run(ActionLetterDate(), tracker(slots, intent="inform_date", text=text))
    unread = replies.letter_date_problem("unreadable", date.today(), None, kb)["text"]
    assert money(text) and messages and all(m.get("text") != unread for m in messages)


@pytest.mark.parametrize("text", ["I got the letter a month ago", "hace 1 mes", "March 3", "3/15", "2 weeks ago"])
def test_dates_are_not_money(text):
    assert not money(text)


@LANGS
@pytest.mark.parametrize(
    "case, key", [(COVERED_CA, "COVERED_CALIFORNIA"), (COUNTY, "COUNTY_MEDI_CAL")], ids=["cc", "county"]
)
def test_the_plan_saying_no_on_a_route_without_a_plan_keeps_that_route_s_next_step(language, case, key):
    """The words name a plan, but the route is Covered California's or the county's: imr_no's answer."""
    text = unplaced(case, language, said(language, "and what if the plan says no?", "¿y si el plan dice que no?"))
    assert text == routed(case, language, "plan_no_again", key) == routed(case, language, "imr_no", key)
