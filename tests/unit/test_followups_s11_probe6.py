"""The s11 probe 6 follow-up findings (/work/helpers/s11/probe6/REPORT.md: E06, F01, S07, F09, F02, F05,
F07, E03, E05, E08, E09, S16, S20, F10, L01, L02, M02): the plan's own time to answer, the legal wait,
who to call first, no office visit, "the state", a health plan on a work injury, and wordings that fell to
"no checked answer"; a question read as a problem after the referral is answered, never the referral
again. The wordings are new (not the probe's); expected values are read from the knowledge data, plus
literal checks of the fact ids an answer rests on."""

from datetime import date

import pytest

from bot import followups
from bot.dates import format_date
from bot.knowledge import default
from bot.routing import Case, route
from tests.unit.followup_helpers import LANGS, again, answered_for_route, contact, entry, routed, said, unplaced

HMO = Case("hmo", "medical_necessity")
CDI = Case("other_ppo_or_insurance", "medical_necessity")
MEDI_CAL_PLAN = Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested")
COUNTY = Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility")
WAIT = Case("hmo", "other", problem_detail="access_delay")
MEDICARE_MA = Case("medicare", "medical_necessity")
MEDI_MEDI = Case("medicare", "medical_necessity", coverage_detail="medi_medi")
WORK = Case("unknown", "other", problem_detail="workers_comp")
SURPRISE = Case("hmo", "other", problem_detail="surprise_bill")
COVERED_CA = Case("unknown", "other", problem_detail="covered_california")


# 1. The plan's time to answer, not the member's deadlines (E06, F01, S07).
@LANGS
@pytest.mark.parametrize(
    "case, key, facts",
    [(HMO, "DMHC", {"F1.9"}), (CDI, "CDI", {"F2.4"}), (MEDI_CAL_PLAN, "DMHC.medi_cal_managed_care", {"F1.9"})],
    ids=["dmhc", "cdi", "medi-cal"],
)
def test_a_deadline_for_the_plan_to_answer_is_the_plans_time(language, case, key, facts):
    asked = said(
        language, "is there any time limit for my insurance to respond?", "¿cuántos días tiene Anthem para contestar?"
    )
    assert followups.topic(asked) == "plan_answer_time"
    assert unplaced(case, language, asked) == routed(case, language, "plan_answer_time", key)
    assert facts <= set(entry(language, "plan_answer_time", key).facts)


@LANGS
def test_the_members_own_deadline_is_still_the_deadline(language):
    assert followups.topic(said(language, "what's my deadline to appeal?", "¿cuál es mi plazo?")) == "deadline"
    assert followups.topic(said(language, "how long do I have?", "¿cuánto tiempo tengo?")) == "deadline"


# 2. The legal wait and who to call first on the wait route (F09).
@LANGS
def test_the_legal_wait_time_is_the_timely_access_standards(language):
    asked = said(language, "what is the maximum waiting time allowed?", "¿cuál es el tiempo de espera máximo por ley?")
    assert followups.topic(asked) == "wait_standard"
    text = unplaced(WAIT, language, asked)
    assert text == routed(WAIT, language, "wait_standard", "DMHC")
    assert "15" in text and "F12.29" in entry(language, "wait_standard", "DMHC").facts


@LANGS
@pytest.mark.parametrize("case", [WAIT, HMO], ids=["wait", "hmo"])
def test_who_to_call_first_is_the_routes_first_step(language, case):
    kb = default(language)
    asked = said(
        language, "who should I contact first, my HMO or the DMHC?", "¿a quién le llamo primero, al plan o al DMHC?"
    )
    assert followups.topic(asked) == "call_first"
    text = unplaced(case, language, asked)
    assert followups.first_step(route(case, kb), kb) in text
    assert route(case, kb).caller.phone in text


@LANGS
def test_making_the_plan_see_me_sooner_is_the_dmhc_complaint(language):
    asked = said(
        language,
        "can they make Sharp give me an appointment sooner?",
        "¿pueden obligar al plan a darme la cita más pronto?",
    )
    assert followups.topic(asked) == "still_no_appointment"
    assert unplaced(WAIT, language, asked) == routed(WAIT, language, "still_no_appointment", "DMHC.access_delay")
    assert "F12.32" in entry(language, "still_no_appointment", "DMHC.access_delay").facts


# 3. Questions that got the whole referral again (F02, F07, E05, E08, E09, S16).
@LANGS
@pytest.mark.parametrize(
    "case, en, es, topic, key, facts",
    [
        (
            MEDI_CAL_PLAN,
            "do I have to go to an office in person?",
            "¿tengo que presentarme en alguna oficina?",
            "in_person",
            "DMHC.medi_cal_managed_care",
            {"F11.7", "F1.25"},
        ),
        (COUNTY, "do I need to go in person?", "¿hay que ir a la oficina?", "in_person", "COUNTY_MEDI_CAL", {"F3.5"}),
        (
            WORK,
            "can I just use my regular insurance for the therapy instead?",
            "¿y no puedo usar mi seguro de medi-cal para la operación?",
            "health_plan_instead",
            "DWC",
            {"F12.51", "F12.53"},
        ),
        (
            COVERED_CA,
            "can we get reinstated, or do we wait for open enrollment?",
            "¿me pueden reinscribir en el plan?",
            "reenroll",
            "COVERED_CALIFORNIA",
            {"F12.8", "F12.4"},
        ),
        (
            CDI,
            "is my plan self-insured? how do I find out?",
            "¿es autofinanciado mi plan? ¿cómo lo sé?",
            "self_funded",
            "any",
            {"F5.1"},
        ),
        (
            MEDI_MEDI,
            "should he go to Medicare or Medi-Cal with this?",
            "¿va con Medicare o con Medi-Cal?",
            "which_agency",
            "HICAP.medi_medi",
            {"F4.10"},
        ),
    ],
    ids=["office", "county-office", "work-injury", "reinstate", "self-funded", "medi-medi"],
)
def test_the_question_is_answered_for_the_route(language, case, en, es, topic, key, facts):
    answered_for_route(case, language, en, es, topic, key, facts)


@LANGS
def test_the_work_injury_answer_says_no_source_was_found(language):
    text = entry(language, "health_plan_instead", "DWC").text
    assert said(language, "I found no source", "No encontré una fuente") in text


HMO_SLOTS = {"coverage": "hmo", "problem": "medical_necessity"}


@LANGS
def test_a_question_read_as_the_story_after_the_referral_is_not_the_referral_again(language):
    kb = default(language)
    asked = said(
        language, "does our plan being through my job matter for the state?", "¿y eso lo ve el estado también?"
    )
    messages = again(HMO_SLOTS, asked, language)
    referral = route(HMO, kb)
    assert len(messages) == 1
    assert referral.caller.phone in messages[0]["text"]
    assert "Anything else" not in messages[0]["text"] and "¿Algo más" not in messages[0]["text"]


@LANGS
def test_a_question_with_a_topic_read_as_the_story_is_answered(language):
    asked = said(language, "do I need to go to their office in person?", "¿tengo que ir a alguna oficina?")
    messages = again(HMO_SLOTS, asked, language)
    assert [m["text"] for m in messages] == [routed(HMO, language, "in_person", "DMHC")]


# 4. "No checked answer" where the facts answer (F05, F02, L02, F10, L01, S20).
@LANGS
@pytest.mark.parametrize(
    "case, en, es, topic, key, facts",
    [
        (MEDICARE_MA, "is hicap really free?", "¿HICAP es gratis?", "free_help", "HICAP", {"F4.8"}),
        (MEDICARE_MA, "who decides it after that?", "¿quién decide después?", "plan_no_again", "HICAP", {"F4.5"}),
        (MEDICARE_MA, "can we appeal to the state instead?", "¿puedo ir al estado?", "go_state", "HICAP", None),
        (
            MEDI_CAL_PLAN,
            "my son can fill it in for me?",
            "¿mi hijo me puede llenar la forma?",
            "someone_else",
            "DMHC",
            {"F11.9"},
        ),
        (
            COUNTY,
            "will I keep Medi-Cal if I request a hearing?",
            "¿me quedo con Medi-Cal si pido la audiencia?",
            "stop_change",
            "COUNTY_MEDI_CAL.medi_cal_eligibility",
            {"F12.16"},
        ),
        (
            SURPRISE,
            "should I pay the anesthesiologist or not?",
            "¿le pago al anestesiólogo o no?",
            "pay_meanwhile",
            "any.surprise_bill",
            {"F12.17"},
        ),
    ],
    ids=["hicap-free", "ire", "medicare-state", "helper", "keep-medi-cal", "pay-doctor"],
)
def test_the_facts_answer_it(language, case, en, es, topic, key, facts):
    answered_for_route(case, language, en, es, topic, key, facts or ())


@LANGS
def test_when_it_runs_out_with_the_letters_date_is_the_date(language):
    asked = said(language, "when does it expire?", "¿y cuándo se vence?")
    asked = asked if language == "es" else "what's the deadline?"
    assert followups.topic(asked) == "deadline"
    text = unplaced(MEDI_CAL_PLAN, language, asked, letter=date(2026, 12, 2))
    assert format_date(date(2027, 1, 31), language) in text


@LANGS
def test_going_to_the_state_after_a_silent_plan_is_yes_and_now(language):
    kb = default(language)
    silent = Case("hmo", "medical_necessity", plan_silent=True)
    text = unplaced(
        silent, language, said(language, "so can I go to the state now?", "¿entonces ya puedo ir al estado?")
    )
    assert text.startswith(said(language, "Yes", "Sí"))
    assert followups.first_step(route(silent, kb), kb) in text


# 5. "Papeles" as immigration status in a "can they report me?" (M02).
@LANGS
def test_can_they_report_me_for_having_no_papers_is_immigration_status(language):
    asked = said(language, "can they report me to immigration?", "¿por no tener papeles me pueden reportar?")
    assert followups.topic(asked) == "immigration_status"
    text = unplaced(MEDI_CAL_PLAN, language, asked)
    assert text == routed(MEDI_CAL_PLAN, language, "immigration_status", "any")
    assert contact(language, "health_consumer_alliance").phone in text
