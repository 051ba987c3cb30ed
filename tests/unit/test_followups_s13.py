"""Session 13 follow-up findings (probe s13 12, Spanish and Spanglish): follow-ups that got "no checked
answer" although the fact is known, or were answered as another question. The wordings are new;
expected values are read from the knowledge data (followup_helpers), plus checks of the facts an
answer rests on and of what it must not say."""

import pytest

from bot import followups
from bot.knowledge import default
from bot.routing import Case, route
from tests.unit.followup_helpers import LANGS, answered_for_route, contact, entry, routed, said, unplaced

DRUG = Case("hmo", "other", problem_detail="drug_cost")
WAIT = Case("medi_cal_managed_care", "other", problem_detail="access_delay")
OBSERVATION = Case(
    "medicare",
    "other",
    problem_detail="medicare_non_denial",
    problem_words="she was kept under observation for 3 days and now Medicare won't pay the nursing home",
)
COVERED = Case("unknown", "other", problem_detail="covered_california")
HOSPITAL = Case("unknown", "other", problem_detail="hospital_bill")
MEDI_CAL_PLAN = Case("medi_cal_managed_care", "medical_necessity")
COUNTY = Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility")
CCS = Case("unknown", "other", problem_detail="ccs")
HMO = Case("hmo", "medical_necessity")
DISCHARGE = Case(
    "medicare", "other", problem_detail="medicare_non_denial", problem_words="they want to discharge my dad tomorrow"
)
MEDICARE_BILL = Case("medicare", "emergency_payment")
ER = Case("hmo", "emergency_payment")
SURPRISE = Case("other_ppo_or_insurance", "other", problem_detail="surprise_bill")
TRICARE = Case("other_coverage", "medical_necessity", coverage_detail="tricare")
SELF_FUNDED = Case("other_coverage", "medical_necessity", coverage_detail="employer_self_funded")


def _text(case, language, asked):
    return unplaced(case, language, asked)


# es09: a cap asked with no drug named, on a drug-cost route (the first screen says $250).
@LANGS
def test_a_cap_on_what_they_may_charge_with_no_drug_named_is_the_drug_cap(language):
    answered_for_route(
        DRUG,
        language,
        "is there some limit to how much they're allowed to charge me?",
        "¿existe algún tope de lo que me pueden cobrar?",
        "drug_cap",
        "DMHC.drug_cost",
        {"F12.35"},
    )
    # a bill's charges are not the drug cap
    assert (
        followups.topic(
            said(
                language,
                "is there a limit on how much the hospital can charge?",
                "¿hay un límite de cuánto me cobra el hospital?",
            )
        )
        != "drug_cap"
    )


# es08: how long they may take to give the appointment: the timely-access standards, not the DMHC's 30 days.
@LANGS
def test_how_long_they_may_take_to_give_the_appointment_is_the_timely_access_standard(language):
    answered_for_route(
        WAIT,
        language,
        "how many days should it take the plan to give me an appointment?",
        "¿en cuánto tiempo deben tardarse en darme una consulta?",
        "wait_standard",
        "any.access_delay",
        {"F12.29"},
    )


# es12, es39: "can that be appealed?" on routes whose first screen says how.
@LANGS
@pytest.mark.parametrize(
    "case, key, facts",
    [
        (OBSERVATION, "HICAP.medicare_non_denial", {"F4.2", "F12.40"}),
        (COVERED, "COVERED_CALIFORNIA", {"F12.4", "F12.5"}),
        (CCS, "COUNTY_CCS", {"F12.49"}),
    ],
    ids=["observation", "covered-california", "ccs"],
)
def test_can_it_be_appealed_is_answered_for_the_route(language, case, key, facts):
    answered_for_route(case, language, "could we appeal it?", "¿y eso se podría apelar?", "can_appeal", key, facts)
    # appealing to the DMHC stays the DMHC question
    assert followups.topic(said(language, "could we appeal to the DMHC?", "¿podemos apelar ante el DMHC?")) == "go_dmhc"


# es07, es02: "colecciones" (Spanglish) is collections: the hospital's 180 days.
def test_collections_in_spanglish_is_the_hospitals_180_days():
    answered_for_route(
        HOSPITAL, "es", "—", "¿y me van a mandar a colecciones?", "collections", "HOSPITAL_BILLING", {"F12.27"}
    )


# es01: losing Medi-Cal for complaining.
@LANGS
def test_losing_medi_cal_for_complaining_is_retaliation(language):
    answered_for_route(
        MEDI_CAL_PLAN,
        language,
        "can they take away my dad's medi-cal for complaining?",
        "¿a mi papá le pueden cortar el medical por quejarse?",
        "retaliation",
        "DMHC.medi_cal_managed_care",
        {"F11.18"},
    )
    # keeping coverage while appealing stays its own question
    assert (
        followups.topic(said(language, "will I lose my medi-cal if I appeal?", "¿pierdo el medi-cal mientras apelo?"))
        == "stop_change"
    )


# es26: asking for the hearing, and the coverage meanwhile.
@LANGS
def test_coverage_while_the_hearing_is_asked_is_the_hearing_before_the_date(language):
    answered_for_route(
        COUNTY,
        language,
        "if I request a hearing, will they keep covering me?",
        "si solicito la audiencia, ¿me siguen atendiendo?",
        "stop_change",
        "COUNTY_MEDI_CAL.medi_cal_eligibility",
        {"F12.16"},
    )


# es30: CCS services during the appeal.
@LANGS
def test_ccs_services_during_the_appeal(language):
    answered_for_route(
        CCS,
        language,
        "will she keep getting her therapy while we appeal?",
        "¿le van a seguir dando las terapias mientras apelamos?",
        "stop_change",
        "COUNTY_CCS",
        {"F12.49"},
    )


# es27: charity care with insurance.
@LANGS
def test_patients_with_insurance_can_ask_for_charity_care(language):
    answered_for_route(
        HOSPITAL,
        language,
        "would I still qualify even though I have insurance through work?",
        "¿y todavía califico si tengo aseguranza?",
        "charity_apply",
        "HOSPITAL_BILLING",
        {"F12.24"},
    )


# es23: a bare "in Spanish?" after "can it be done online?".
@LANGS
def test_a_bare_in_spanish_is_the_spanish_line(language):
    answered_for_route(
        HMO, language, "and is it in spanish?", "¿y viene en español?", "spanish_line", "DMHC", {"F11.7"}
    )


# sw3: "cuanto time" (Spanglish) asks how long.
def test_spanglish_how_long_is_the_fast_appeal_time():
    answered_for_route(DISCHARGE, "es", "—", "cuanto time se tarda el appeal?", "how_long", "MEDICARE_QIO", {"F12.42"})


# es19: "do I have to pay?" on a Medicare bill is the bill, not HICAP's price.
@LANGS
def test_having_to_pay_a_medicare_bill_is_the_bills_appeal(language):
    answered_for_route(
        MEDICARE_BILL,
        language,
        "will I need to pay?",
        "¿lo tengo que pagar?",
        "cost",
        "HICAP.emergency_payment",
        {"F12.44", "F4.2"},
    )
    assert _text(MEDICARE_BILL, language, said(language, "will I need to pay?", "¿lo tengo que pagar?")) != routed(
        MEDICARE_BILL, language, "cost", "HICAP"
    )


# es34: the assistant calls no one (the Authorized Assistant form is for a person who helps).
@LANGS
@pytest.mark.parametrize(
    "en, es",
    [
        ("could you phone my insurance company for me?", "¿usted le puede hablar a mi seguro por mí?"),
        ("can you call me back?", "¿me podría llamar usted?"),
    ],
    ids=["call-them", "call-me"],
)
def test_the_assistant_calls_no_one(language, en, es):
    answered_for_route(HMO, language, en, es, "bot_files", "any", {"F11.14"})
    assert (
        followups.topic(said(language, "can my sister call them for me?", "¿mi hermana puede llamarles por mí?"))
        == "someone_else"
    )


# es28: "is that legal? it was an emergency" about an ER visit already made: the review, never 911.
@LANGS
def test_is_it_legal_about_a_past_er_visit_is_the_emergency_payment_review(language):
    asked = said(language, "how is that legal? it was an emergency", "¿y eso es legal? fue una emergencia")
    answered_for_route(ER, language, asked, asked, "is_legal", "DMHC.emergency_payment", {"F1.13"})
    assert "911" not in _text(ER, language, asked)


# es06: a CDI complaint's time is the insurer's 30 days, not the IMR's.
@LANGS
def test_how_long_a_cdi_complaint_takes_is_not_the_imrs_time(language):
    answered_for_route(
        SURPRISE,
        language,
        "how long will the complaint take?",
        "¿cuánto se tarda mi queja?",
        "how_long",
        "CDI.complaint",
        {"F2.4"},
    )
    assert "F11.6" not in entry(language, "how_long", "CDI.complaint").facts


# es06: a job's plan told after a surprise-bill referral names the No Surprises Help Desk (F12.22).
@LANGS
def test_a_job_plan_on_a_surprise_bill_names_the_no_surprises_help_desk(language):
    kb = default(language)
    text = followups.answer("job_plan_told", route(SURPRISE, kb), kb)["text"]
    assert text == routed(SURPRISE, language, "job_plan_told", "any.surprise_bill")
    assert contact(language, "no_surprises").phone in text


# es31: TRICARE is not a job plan: no Department of Labor for "do I need a lawyer?" (F5.3).
@LANGS
def test_a_lawyer_on_tricare_is_not_the_department_of_labor(language):
    kb = default(language)
    asked = said(language, "should I hire an attorney?", "¿tengo que contratar abogado?")
    answered_for_route(TRICARE, language, asked, asked, "lawyer", "HEALTH_PLAN.tricare", {"F5.8"})
    assert kb.contacts["ebsa"].phone not in _text(TRICARE, language, asked)
    assert kb.contacts["ebsa"].phone in _text(SELF_FUNDED, language, asked)


# es24: "and if the deadline already passed?", "what counts as special circumstances?": late applications (F1.16).
@LANGS
@pytest.mark.parametrize(
    "en, es",
    [
        ("and what if the deadline has already passed?", "¿y si ya venció el plazo?"),
        ("what are special circumstances?", "¿cuáles son las circunstancias especiales?"),
    ],
    ids=["passed", "special"],
)
def test_a_deadline_already_passed_is_the_late_application(language, en, es):
    answered_for_route(HMO, language, en, es, "missed_deadline", "DMHC", {"F1.16"})


# es04: a Covered California appeal after the 90 days.
@LANGS
def test_a_late_covered_california_appeal_says_the_90_days_and_whom_to_call(language):
    answered_for_route(
        COVERED,
        language,
        "what if I already missed the deadline?",
        "¿y si ya se nos venció el plazo?",
        "missed_deadline",
        "COVERED_CALIFORNIA",
        {"F12.5"},
    )


# es23a: "can I go to the DMHC now?" before any referral: not "the place I sent you".
@LANGS
def test_going_to_the_dmhc_before_any_referral_names_no_place_sent(language):
    kb = default(language)
    text = followups.answer("go_dmhc", None, kb)["text"]
    assert text == entry(language, "go_dmhc", "before").text.format(**followups._route_fields(None, kb))
    assert kb.agencies["DMHC"].phone in text
    assert entry(language, "go_dmhc", "DMHC").text.split("{")[0] not in text  # not "the place I sent you"
    assert {"F0.2", "F11.20"} <= set(entry(language, "go_dmhc", "before").facts)


# Probe s13 11 (English): the follow-up findings, in other words than the probe's.
ACCESS_HMO = Case("hmo", "other", problem_detail="access_delay")
MEDI_MEDI = Case("medicare", "medical_necessity", coverage_detail="medi_medi")
MEDICARE_PLAN = Case("medicare", "medical_necessity")
DRUG_UNSURE = Case("unknown", "other", problem_detail="drug_cost")
PPO = Case("anthem_or_blue_shield_ppo", "medical_necessity")
DENTAL = Case(
    "medi_cal_managed_care",
    "other",
    problem_detail="dental_vision",
    problem_words="Medi-Cal Dental denied her dentures",
)


# e02, e45, e17: "can you call them / me?" is not the Authorized Assistant form, nor a handoff.
@pytest.mark.parametrize(
    "asked",
    ["could you maybe phone the plan for us?", "can somebody at your office phone me back?"],
    ids=["them", "me"],
)
def test_asking_the_assistant_to_phone_gets_it_calls_no_one(asked):
    answered_for_route(COUNTY, "en", asked, asked, "bot_files", "any", {"F11.14"})


# e13: a premium bill on a Covered California route: premiums go to the insurer (F12.8), not "keep paying".
@LANGS
def test_a_premium_bill_on_covered_california_is_the_insurers_bill(language):
    answered_for_route(
        COVERED,
        language,
        "Anthem billed me for next month's premium even though I cancelled, should I pay it?",
        "Anthem me mandó la cuenta de la prima de marzo y ya cancelé, ¿la pago?",
        "premiums",
        "COVERED_CALIFORNIA",
        {"F12.8"},
    )


# e15: "it went to the old address" does not ask for an address: getting Medi-Cal back (the cure period).
def test_a_renewal_sent_to_an_old_address_is_getting_medi_cal_back():
    asked = "the county mailed the packet to his previous address, can he get it back?"
    answered_for_route(COUNTY, "en", asked, asked, "get_back", "COUNTY_MEDI_CAL", {"F12.14"})


# e21: income and charity care; credit bureaus are collections (F12.27).
def test_income_and_credit_bureaus_on_a_hospital_bill():
    answered_for_route(
        HOSPITAL, "en", "would we qualify making 45k?", "", "charity_apply", "HOSPITAL_BILLING", {"F12.24"}
    )
    answered_for_route(
        HOSPITAL, "en", "will they send it to the credit bureaus?", "", "collections", "HOSPITAL_BILLING", {"F12.27"}
    )


# e22, e42: an ombudsman: the Medi-Cal Ombudsman for a Medi-Cal plan (F3.10), HCA's Medicare Medi-Cal Ombuds
# Program for Medi-Medi (F4.11).
@LANGS
@pytest.mark.parametrize(
    "case, key, fact",
    [
        (Case("medi_cal_managed_care", "other", problem_detail="plan_service"), "DMHC.medi_cal_managed_care", "F3.10"),
        (MEDI_MEDI, "HICAP.medi_medi", "F4.11"),
    ],
    ids=["medi-cal", "medi-medi"],
)
def test_an_ombudsman_asked_for_is_the_routes_ombudsman(language, case, key, fact):
    answered_for_route(
        case,
        language,
        "do they have an ombudsman for this kind of thing?",
        "¿existe algún ombudsman para esto?",
        "free_help",
        key,
        {fact},
    )


# e42: "after the plan's appeal, do we call the DMHC?" on a Medi-Medi route.
@LANGS
def test_the_dmhc_after_the_plans_appeal_on_medi_medi(language):
    answered_for_route(
        MEDI_MEDI,
        language,
        "and then once the appeal is done we contact the DMHC?",
        "¿y luego de la apelación acudimos al DMHC?",
        "go_dmhc",
        "HICAP.medi_medi",
        {"F4.10"},
    )


# e23: what observation means (F12.39); "can I appeal it?" followed by more words.
def test_what_observation_means_and_an_appeal_asked_with_more_words():
    answered_for_route(OBSERVATION, "en", "whats observation status?", "", "observation_notice", "any", {"F12.39"})
    answered_for_route(
        OBSERVATION,
        "en",
        "could we appeal this? she's back home now",
        "",
        "can_appeal",
        "HICAP.medicare_non_denial",
        {"F4.2"},
    )


# e03: how long a named Medicare plan has to answer (F4.4).
def test_how_long_a_named_plan_has_to_answer():
    answered_for_route(
        MEDICARE_PLAN,
        "en",
        "how many days does Alignment Health have to respond?",
        "",
        "plan_answer_time",
        "HICAP",
        {"F4.4"},
    )
    assert followups.topic("how long does she have to appeal?") == "deadline"


# e28: the 72 hours on a drug request, and "deemed approved" (F12.36), not the IMR's yes.
@pytest.mark.parametrize(
    "asked",
    [
        "is there a law that they must respond to a prior authorization quickly?",
        "does that mean it counts as approved?",
    ],
    ids=["rule", "deemed"],
)
def test_a_drug_requests_answer_time_and_deemed_approval(asked):
    answered_for_route(PPO, "en", asked, asked, "plan_answer_time", "DMHC", {"F12.36"})


# e25: switching plans "is that allowed?" is switching plans; an urgent appointment wait is not the urgent IMR.
def test_switching_plans_is_allowed_asks_about_switching():
    assert followups.topic("could I move to another medi-cal plan, is that allowed") == "switch_plan"


@LANGS
def test_urgent_on_an_appointment_wait_is_urgent_care_not_an_imr(language):
    answered_for_route(
        WAIT,
        language,
        "does a lump that keeps growing count as urgent?",
        "¿un bulto que crece cuenta como urgente?",
        "urgent",
        "DMHC.access_delay",
        {"F12.29", "F1.9"},
    )


# e27: the cap and the deductible (F12.35); what to tell the pharmacy (the emergency-supply answer).
def test_the_cap_and_the_deductible_and_what_to_tell_the_pharmacy():
    answered_for_route(
        DRUG_UNSURE,
        "en",
        "is the $250 cap still there before the deductible is met?",
        "",
        "drug_cap",
        "DMHC.drug_cost",
        {"F12.35"},
    )
    answered_for_route(
        DRUG_UNSURE,
        "en",
        "so what should we tell the pharmacist?",
        "",
        "emergency_supply",
        "any.drug_cost",
        {"F12.36"},
    )


# e36: losing Medi-Cal for complaining, on Medi-Cal Dental (F11.18).
def test_losing_medi_cal_if_we_complain_on_medi_cal_dental():
    answered_for_route(
        DENTAL,
        "en",
        "could they drop him from medi-cal if he complains?",
        "",
        "retaliation",
        "MEDI_CAL_DENTAL",
        {"F11.18"},
    )


# e41, e04: the hearing and the IMR, both (F10.4).
@LANGS
def test_the_hearing_and_the_imr_both(language):
    answered_for_route(
        MEDI_CAL_PLAN,
        language,
        "is it ok to do the fair hearing and the IMR together?",
        "¿está bien hacer la audiencia y la IMR juntas?",
        "hearing",
        "DMHC.medi_cal_managed_care",
        {"F10.4"},
    )


# e44: "life-threatening" is urgent (F11.26).
@LANGS
def test_life_threatening_is_urgent(language):
    answered_for_route(
        HMO,
        language,
        "the psychiatrist says this is life-threatening, what now?",
        "el doctor dice que su vida está en peligro, ¿qué hacemos?",
        "urgent",
        "DMHC",
        {"F11.26"},
    )
