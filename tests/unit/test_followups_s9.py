"""The s9 probe's follow-up findings 5, 7, 8, 10, 11 and 16 (/work/helpers/s9/probe/REPORT.md): what a
person asks after (or while) getting the referral is answered from the sourced facts in the knowledge
data, in English and Spanish, for the route given: never the IMR's cost on a bill, never the whole
referral again, never "no checked answer" where the data has one. The wordings are new (not the
probe's, not the training data); expected values are read from the knowledge data, plus literal checks
of the fact ids an answer must rest on."""

from datetime import date

import pytest

from actions.answers import ActionAnswerImrQuestion, ActionGiveReferral
from bot import action_plan, followups, problem_kinds, replies
from bot.context import asked_now
from bot.dates import format_date
from bot.knowledge import default
from bot.problem_kinds import step_plan
from bot.routing import Case, route
from tests.unit.test_actions import run, tracker
from tests.unit.followup_helpers import LANGS, TODAY, again, contact, entry, said, unplaced

COVERED_CA = Case("unknown", "other", problem_detail="covered_california")
COUNTY = Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility")
HOSPITAL = Case("unknown", "other", problem_detail="hospital_bill")
DRUG_DMHC = Case("anthem_or_blue_shield_ppo", "other", problem_detail="drug_cost")
DENTAL = Case("unknown", "other", problem_detail="dental_vision")
WORK = Case("unknown", "other", problem_detail="workers_comp")
CDI_ER = Case("other_ppo_or_insurance", "emergency_payment")
LEAVING = Case(
    "medicare", "other", problem_detail="medicare_non_denial", problem_words="they want to discharge him friday"
)
AFTER_STAY = "she came home from the hospital in May, now rehab bills us $9,000 since it was only observation"
AFTER_DISCHARGE = "he was discharged in April and last week we got a $4,200 bill for the observation days"


# Finding 5: "do I have to pay the bill meanwhile?" on a bill is never the IMR's cost.
@LANGS
def test_paying_a_surprise_bill_meanwhile_before_the_coverage_is_known_is_the_bill_answer(language):
    """Asked at the coverage question (no route yet): the surprise bill's own answer (F12.17, F12.18),
    as the Spanish one after the referral was, not "you do not pay anything for an IMR"."""
    kb = default(language)
    asked = said(language, "will I have to pay that bill while this gets sorted out?", "¿la tengo que pagar mientras?")
    slots = {"problem": "other", "problem_detail": "surprise_bill", "requested_slot": "coverage", "language": language}
    messages, _ = run(ActionAnswerImrQuestion(), tracker(slots, intent="ask_imr_cost", text=asked))
    bill = entry(language, "cost", "any.surprise_bill")
    assert followups.topic(asked) == "pay_meanwhile"  # its own topic since s10 probe 4 (P04), same answer
    assert messages[0]["text"].startswith(bill.text.split("{")[0])
    assert entry(language, "cost", "before").text not in messages[0]["text"]
    assert {"F12.17", "F12.18"} <= set(bill.facts)
    assert kb.agencies["DMHC"].phone in messages[0]["text"]


@LANGS
def test_paying_a_hospital_bill_meanwhile_is_the_180_days_and_charity_care(language):
    asked = said(language, "should I pay them in the meantime?", "¿tengo que pagarles mientras tanto?")
    text = unplaced(HOSPITAL, language, asked)
    assert text == entry(language, "cost", "HOSPITAL_BILLING").text
    assert "180" in text and contact(language, "health_consumer_alliance").phone in text
    assert "IMR" not in text and "F12.27" in entry(language, "cost", "HOSPITAL_BILLING").facts


@LANGS
def test_a_question_that_ends_the_questions_is_answered_with_the_referral(language):
    """After "I don't know" twice, the question itself completes the case (the coverage is "not sure"):
    the referral comes, and the question is answered with it, not dropped."""
    asked = said(language, "do we have to pay it for now?", "¿tengo que pagarla mientras?")
    events = [
        {"event": "user", "text": "the anesthesiologist billed me $2,000, he was out of network"},
        {"event": "bot", "text": "Is that right?"},
        {"event": "user", "text": asked},
    ]
    assert asked_now(events) == asked
    assert asked_now(events + [{"event": "bot", "text": "an answer"}]) is None
    assert asked_now(events[:1]) is None  # the story itself
    slots = {"coverage": "unknown", "problem": "other", "problem_detail": "surprise_bill", "language": language}
    messages, _ = run(ActionGiveReferral(), tracker(slots, intent="ask_imr_cost", text=asked, events=events))
    texts = [m.get("text") or "" for m in messages]
    assert messages[0]["custom"]["referral"]["problem_detail"] == "surprise_bill"  # the referral first
    assert texts[1].startswith(entry(language, "cost", "any.surprise_bill").text.split("{")[0])


# Finding 7: a follow-up is answered, not the referral repeated.
@LANGS
def test_the_drug_cap_is_answered_for_a_dmhc_plan(language):
    asked = said(
        language,
        "what's the most they're allowed to charge me for a prescription?",
        "¿cuánto es lo máximo que me cobran por una receta?",
    )
    text = unplaced(DRUG_DMHC, language, asked)
    assert followups.topic(asked) == "drug_cap"
    assert text.startswith(entry(language, "drug_cap", "DMHC.drug_cost").text.split("{")[0])
    assert default(language).agencies["DMHC"].phone in text
    assert "$250" in text and "F12.35" in entry(language, "drug_cap", "DMHC.drug_cost").facts


@LANGS
def test_the_drug_cap_on_a_cdi_policy_says_it_could_not_be_checked(language):
    case = Case("other_ppo_or_insurance", "other", problem_detail="drug_cost")
    text = unplaced(
        case,
        language,
        said(language, "is there a limit on my copay for a drug?", "¿hay un tope para el copago de una medicina?"),
    )
    assert text == entry(language, "drug_cap", "CDI.drug_cost").text
    assert default(language).agencies["CDI"].phone in text


@LANGS
def test_applying_for_charity_care_says_where_the_application_is_and_what_to_send(language):
    asked = said(language, "where do I sign up for the financial assistance?", "¿cómo solicito la ayuda financiera?")
    text = unplaced(HOSPITAL, language, asked)
    answer = entry(language, "charity_apply", "HOSPITAL_BILLING")
    assert text == answer.text and {"F12.24", "F12.25"} <= set(answer.facts)
    assert text != replies.referral(route(HOSPITAL, default(language)), default(language))["text"]


@LANGS
def test_what_if_they_discharge_him_anyway_is_the_fast_appeals_protection(language):
    asked = said(
        language,
        "what happens if the hospital sends him home before that?",
        "¿y qué pasa si lo mandan a la casa antes?",
    )
    text = unplaced(LEAVING, language, asked)
    kb = default(language)
    assert route(LEAVING, kb).agency.key == "MEDICARE_QIO"
    assert text == entry(language, "discharge_anyway", "MEDICARE_QIO").text
    assert problem_kinds.default(language).agencies["MEDICARE_QIO"].phone in text
    assert "F12.41" in entry(language, "discharge_anyway", "MEDICARE_QIO").facts


def test_a_follow_up_read_as_a_problem_on_the_same_case_is_answered_not_the_referral_again():
    """Probe s9 7: the NLU read the question as the problem again; the case is the same."""
    slots = {"coverage": "anthem_or_blue_shield_ppo", "problem": "other", "problem_detail": "drug_cost"}
    messages = again(slots, "how much can my plan charge me for my insulin, is there a cap?", intent="problem_other")
    assert len(messages) == 1 and "$250" in messages[0]["text"] and not messages[0]["custom"]


# Finding 8: the questions facts.md answers.
@LANGS
def test_covered_california_what_if_they_say_no_is_the_appeal_and_the_ombuds_office(language):
    text = unplaced(
        COVERED_CA, language, said(language, "and if they still say no?", "¿y si de todos modos me dicen que no?")
    )
    ombuds = contact(language, "covered_california_ombuds")
    assert text == entry(language, "imr_no", "COVERED_CALIFORNIA").text
    assert "90" in text and ombuds.phone in text
    assert {"F12.5", "F12.7"} <= set(entry(language, "imr_no", "COVERED_CALIFORNIA").facts)


@LANGS
@pytest.mark.parametrize(
    "case, key, fact",
    [(COVERED_CA, "COVERED_CALIFORNIA", "F12.6"), (COUNTY, "COUNTY_MEDI_CAL.medi_cal_eligibility", "F12.16")],
)
def test_seeing_my_doctor_meanwhile_is_keeping_coverage_during_the_appeal(language, case, key, fact):
    asked = said(
        language,
        "will I still be able to see my doctor in the meantime?",
        "¿voy a poder seguir yendo con mi doctor mientras?",
    )
    assert followups.topic(asked) == "stop_change"
    assert unplaced(case, language, asked) == entry(language, "stop_change", key).text
    assert fact in entry(language, "stop_change", key).facts


@LANGS
def test_the_fax_on_the_county_route_is_the_state_hearings_fax(language):
    text = unplaced(COUNTY, language, said(language, "is there a fax number?", "¿a qué fax lo mando?"))
    hearings = default(language).contacts["state_hearings"]
    assert text == entry(language, "mail_fax", "COUNTY_MEDI_CAL").text
    assert hearings.fax in text and hearings.phone in text
    assert "F11.25" in entry(language, "mail_fax", "COUNTY_MEDI_CAL").facts


@LANGS
def test_running_out_of_medicine_after_medi_cal_ended_is_safety_first_then_the_hearing(language):
    asked = said(language, "I'm almost out of my heart pills, what now", "se me está acabando la insulina, ¿qué hago?")
    text = unplaced(COUNTY, language, asked)
    answer = entry(language, "out_of_medicine", "COUNTY_MEDI_CAL")
    assert followups.topic(asked) == "out_of_medicine"
    assert text == answer.text and text.find("911") < text.find(contact(language, "state_hearings").phone)
    assert {"F7.1", "F12.16"} <= set(answer.facts)


@LANGS
@pytest.mark.parametrize("case, key", [(DENTAL, "DMHC"), (WORK, "DWC"), (CDI_ER, "CDI"), (COUNTY, "any.state_hearing")])
def test_help_filling_the_form_says_what_i_can_do_and_who_helps_for_free(language, case, key):
    asked = said(language, "could you fill out the paperwork with me?", "¿me podría ayudar a llenar los papeles?")
    text = unplaced(case, language, asked)
    assert followups.topic(asked) == "help_fill"
    assert text == entry(language, "help_fill", key).text
    free = (
        problem_kinds.default(language).agencies["DWC"].phone
        if key == "DWC"
        else contact(language, "health_consumer_alliance").phone
    )
    assert free in text
    assert text != entry(language, "someone_else", "CDI").text


def test_someone_else_filling_the_form_is_still_someone_else():
    assert followups.topic("can my son fill out the form for me?") == "someone_else"
    assert followups.topic("¿mi hijo me puede ayudar a llenar la forma?") == "someone_else"


# Finding 10: a Medicare bill after the stay: the Summary Notice's appeal and HICAP first.
@LANGS
@pytest.mark.parametrize("words", [AFTER_STAY, AFTER_DISCHARGE])
def test_a_medicare_bill_after_the_stay_leads_with_the_summary_notice_not_before_you_leave(language, words):
    kb = default(language)
    kind = problem_kinds.default(language).kinds["medicare_non_denial"]
    ref = route(Case("medicare", "other", problem_detail="medicare_non_denial", problem_words=words), kb)
    assert ref.agency.key == "HICAP" and ref.first_step == kind.medicare_first_step != kind.first_step
    assert "120" in ref.first_step
    assert step_plan(ref, kb) is kind.medicare_steps
    plan = action_plan.build(ref, kb=kb)
    assert plan.steps[0] == kind.medicare_steps.steps[0] != kind.steps.steps[0]
    assert plan.have_ready == followups.have_ready(ref, kb) != kb.have_ready


@LANGS
def test_care_ending_now_still_gets_the_fast_appeal_first(language):
    kb = default(language)
    ref = route(LEAVING, kb)
    assert ref.agency.key == "MEDICARE_QIO"
    assert ref.first_step == problem_kinds.default(language).kinds["medicare_non_denial"].first_step


# Finding 11: a ground-ambulance bill with a DMHC plan: the surprise-bill route and its ambulance rule.
@LANGS
@pytest.mark.parametrize("coverage", ["hmo", "anthem_or_blue_shield_ppo", "other_ppo_or_insurance"])
def test_a_ground_ambulance_bill_with_a_state_regulated_plan_is_a_surprise_bill(language, coverage):
    words = said(
        language,
        "the ambulance company sent me a $1,700 bill after the crash",
        "la ambulancia me mandó un cobro de 1,700 dólares",
    )
    ref = route(Case(coverage, "other", problem_words=words), default(language))
    kind = problem_kinds.default(language).kinds["surprise_bill"]
    assert ref.case.problem_detail == "surprise_bill" and ref.first_step.endswith(kind.first_step)
    assert "F12.23" in kind.steps.facts


def test_an_ambulance_claim_the_plan_refused_keeps_its_denial_route():
    ref = route(Case("hmo", "emergency_payment", problem_words="Kaiser denied the ambulance claim"), default("en"))
    assert ref.case.problem == "emergency_payment" and ref.imr


# Finding 16: dates.
@LANGS
def test_am_i_too_late_says_no_first_with_the_days_left(language):
    kb = default(language)
    asked = said(
        language,
        "the UR letter is from 2 weeks ago, is it too late?",
        "la carta de UR es de hace 2 semanas, ¿ya es muy tarde?",
    )
    text = unplaced(WORK, language, asked)
    due = date(2026, 12, 18)  # 30 days from November 18 (F12.50)
    first = (
        followups.followups(language)
        .too_late_texts["not_yet"]
        .format(days=(due - TODAY).days, date=format_date(due, language))
    )
    assert text.split("\n")[0] == first
    assert kb.newer_letter not in text  # a DWC decision is not a plan's: no "after your complaint"


@LANGS
def test_am_i_too_late_after_the_date_says_yes_with_the_number(language):
    text = unplaced(
        WORK,
        language,
        said(
            language,
            "the letter came 2 months ago, did I miss the deadline?",
            "la carta llegó hace 2 meses, ¿ya se me pasó?",
        ),
    )
    assert text.split("\n")[0].startswith(followups.followups(language).too_late_texts["passed"].split("{")[0])
    assert problem_kinds.default(language).agencies["DWC"].phone in text.split("\n")[0]


def test_the_newer_letter_note_stays_for_a_health_plan_decision():
    kb = default("en")
    plan = action_plan.build(route(Case("hmo", "medical_necessity"), kb), date(2026, 11, 1), TODAY, kb)
    assert kb.newer_letter in replies.dates(plan, kb)["text"]
    known = set(kb.clocks) | set(problem_kinds.default().clocks)
    assert followups.followups().newer_letter_clocks <= known


@LANGS
def test_the_date_offer_after_a_county_referral_does_not_say_the_plans_letter(language):
    text = unplaced(COUNTY, language, said(language, "how much time do I have?", "¿cuánto tiempo tengo?"))
    offer = followups.followups(language).date_offer
    assert text.endswith(offer)
    assert said(language, "plan's letter", "carta del plan") not in offer


# Probe 2, findings 11 and 12 (/work/helpers/s9/probe2/REPORT.md).
@LANGS
def test_the_most_they_can_charge_with_no_drug_named_is_the_drug_cap(language):
    asked = said(language, "ok so what's the most the plan can charge me?", "¿y lo máximo que me pueden cobrar?")
    assert followups.topic(asked) == "drug_cap"
    text = unplaced(DRUG_DMHC, language, asked)
    assert text.startswith(entry(language, "drug_cap", "DMHC.drug_cost").text.split("{")[0])
    assert "$250" in text and default(language).agencies["DMHC"].phone in text
    assert "F12.35" in entry(language, "drug_cap", "DMHC.drug_cost").facts


@LANGS
def test_medicine_meanwhile_after_medi_cal_ended_is_the_hearing_not_911_first(language):
    asked = said(
        language, "could I keep getting my inhaler in the meantime?", "¿me siguen dando mis pastillas mientras tanto?"
    )
    text = unplaced(COUNTY, language, asked)
    answer = entry(language, "emergency_supply", "COUNTY_MEDI_CAL")
    assert followups.topic(asked) == "emergency_supply"
    assert text == answer.text and text.startswith(said(language, "Ask for a State Hearing", "Pida una Audiencia"))
    assert contact(language, "state_hearings").phone in text and "911" in text
    assert text.find(contact(language, "state_hearings").phone) < text.find("911")
    assert {"F12.16", "F7.1"} <= set(answer.facts)


@LANGS
def test_out_of_medicine_on_a_medi_cal_rx_route_is_still_the_emergency_supply(language):
    case = Case("medi_cal_managed_care", "other", problem_detail="drug_cost")
    asked = said(language, "he already ran out of his pills", "ya no tengo insulina")
    assert followups.topic(asked) == "out_of_medicine"
    assert unplaced(case, language, asked) == entry(language, "emergency_supply", "MEDI_CAL_RX").text


def test_seeing_my_doctor_meanwhile_in_spanish_in_either_order():
    asked = "y mientras puedo seguir yendo con mi doctora?"
    assert followups.topic(asked) == "stop_change"
    assert unplaced(COUNTY, "es", asked) == entry("es", "stop_change", "COUNTY_MEDI_CAL.medi_cal_eligibility").text


@LANGS
def test_what_if_the_county_says_no_is_the_state_hearing_within_90_days(language):
    asked = said(language, "and what if they turn around and say no?", "¿y si me dicen que no otra vez?")
    text = unplaced(COUNTY, language, asked)
    answer = entry(language, "imr_no", "COUNTY_MEDI_CAL")
    assert followups.topic(asked) == "imr_no"
    assert text == answer.text
    assert "90" in text and contact(language, "state_hearings").phone in text
    assert "F3.3" in answer.facts and "IMR" not in text


def test_can_you_all_help_me_fill_the_form_in_spanish_is_not_a_yes():
    dmhc = Case("hmo", "medical_necessity")
    for asked in ("¿ustedes me pueden ayudar a llenar la forma?", "me podrían ayudar a llenar el formulario?"):
        text = unplaced(dmhc, "es", asked.replace("ustedes ", ""))
        assert followups.topic(asked.replace("ustedes ", "")) == "help_fill"
        assert text == entry("es", "help_fill", "DMHC").text and not text.startswith("Sí")
        assert contact("es", "health_consumer_alliance").phone in text
