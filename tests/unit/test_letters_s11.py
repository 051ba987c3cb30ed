"""Session 11, letters probe 5: a Medi-Cal Rx denial, an EOB's dates, a Covered California notice, a
hospital's statement with the typed words sent along, a Spanish dental letter and a Notice of Medicare
Non-Coverage's own deadline. Letters read as text here; tests/letters/test_probe_s11.py reads photos.
All names, numbers and places are made up."""

from __future__ import annotations

from datetime import date

import pytest

from bot import problem_kinds
from bot.knowledge import default
from bot.letter import case as letter_case
from bot.letter.fields import _mended, read_fields
from bot.letter.reply import letter_read
from bot.routing import Case, route

TODAY = date(2026, 12, 2)

MEDI_CAL_RX = """Medi-Cal Rx - Department of Health Care Services
PRIOR AUTHORIZATION DENIAL - NOTICE OF ACTION
Date: November 9, 2026
Beneficiary: Odalys Fernsworth
Drug requested: Ozempic 1 mg pen
Medi-Cal Rx has denied the prior authorization request for the drug listed above. The drug is not
medically necessary at this time. You have the right to ask for a State Hearing."""

PLAN_NOA_NAMING_RX = """Inland Empire Health Plan
NOTICE OF ACTION
Date: November 9, 2026
We denied your request for an MRI of the shoulder because it is not medically necessary.
Questions about your prescriptions? Call Medi-Cal Rx at the number on your card."""

EOB = """Blue Shield of California - EXPLANATION OF BENEFITS
THIS IS NOT A BILL
Service date: 08/14/2026   Provider: Harbor Radiology Group (out of network)
Statement date: Septembar 19, 2026
Member: Ignatius Pellworth"""

COVERED_CA = """Covered California - Eligibility Notice
Notice Date: October 30, 2026
Dear Wilhelmina Orsk,
Your eligibility for the Advanced Premium Tax Credit has ended, effective January 1, 2027.
If you do not agree with this decision, you may appeal within 90 days of the date of this notice."""

HOSPITAL = """Mercy Valley Medical Center - Patient Statement
Statement date: November 3, 2026
Emergency department visit 09/12/2026
AMOUNT DUE: $7,420.00
Financial assistance is available. Ask about our Charity Care and Discount Payment policies."""

DENTAL_ES = """Plan Dental Sonriente de California
Plan dental HMO
Fecha: $ de octubre de 2026
Hemos revisado la solicitud de un implante para el diente 30. La solicitud fue negada porque,
según las radiografías, el tratamiento no es necesario en este momento."""

NOMNC = """NOTICE OF MEDICARE NON-COVERAGE
Date of notice: November 30, 2026
THE EFFECTIVE DATE COVERAGE OF YOUR CURRENT SKILLED NURSING SERVICES WILL END: December 3, 2026
You must make your request to your Quality Improvement Organization no later than noon of the day
before the effective date above."""


def test_a_medi_cal_rx_denial_goes_to_a_state_hearing_never_a_dmhc_imr():
    # probe s11 L05: read as a Medi-Cal plan's denial (plan appeal, then DMHC IMR); F10.7, F12.37.
    fields = read_fields(MEDI_CAL_RX, TODAY)
    assert (fields.coverage, fields.coverage_detail) == ("medi_cal_managed_care", "medi_cal_rx")
    assert fields.service.startswith("Ozempic") and "F10.7" in fields.facts
    updates = letter_case.case_updates({letter_case.LETTER: fields.as_dict()})
    assert updates["coverage_detail"] == "medi_cal_rx"
    ref = route(Case(updates["coverage"], updates["problem"], coverage_detail=updates["coverage_detail"]), default())
    assert (ref.agency.key, ref.pathway) == ("MEDI_CAL_RX", "state_fair_hearing")


def test_a_plans_notice_that_names_medi_cal_rx_further_down_stays_the_plans():
    fields = read_fields(PLAN_NOA_NAMING_RX, TODAY)
    assert fields.coverage == "medi_cal_managed_care" and fields.coverage_detail != "medi_cal_rx"


def test_an_eobs_statement_date_is_the_letters_date_never_its_service_date():
    # probe s11 L04: "Service date: 09/30" was taken; the statement date, with OCR's "Octaber", was not.
    assert read_fields(EOB, TODAY).letter_date == "2026-09-19"
    assert read_fields("Health Net\nDate of service: 07/02/2026\nPlan: HMO", TODAY).letter_date is None


@pytest.mark.parametrize(
    "line, mended",
    [("Notice date: Novembar 2, 2026", "november 2, 2026"), ("Fecha: S de noviembre de 2026", "5 de noviembre")],
)
def test_ocr_slips_in_a_date_line_are_mended(line, mended):
    assert mended in _mended(line)
    assert "marco" in _mended("Member: Marco 2026")  # short words are never months


def test_a_covered_california_notice_is_read_with_its_kind_and_asks_no_coverage():
    # probe s11 L03: "another problem with the plan", then the coverage question three times.
    fields = read_fields(COVERED_CA, TODAY)
    assert (fields.problem, fields.problem_detail, fields.letter_date) == ("other", "covered_california", "2026-10-30")
    kind = problem_kinds.default().kinds["covered_california"]
    assert kind.routes and not problem_kinds.needs_coverage("covered_california")  # no coverage question
    ref = route(Case("unknown", "other", problem_detail="covered_california"), default())
    assert ref.agency.key == "COVERED_CALIFORNIA"


def test_a_hospitals_statement_is_a_hospital_bill_and_the_words_sent_with_it_are_read():
    # probe s11 L08: "not a letter from a health plan", and "I don't have insurance" typed with it dropped.
    fields = read_fields(HOSPITAL, TODAY)
    assert (fields.problem_detail, fields.letter_date) == ("hospital_bill", "2026-11-03")
    metadata = {letter_case.LETTER: {**fields.as_dict(), "note": "I can't pay this, I don't have insurance"}}
    updates = letter_case.letter_case_updates(metadata, {})
    assert (updates["problem"], updates["problem_detail"], updates["coverage"]) == ("other", "hospital_bill", "unknown")


def test_the_words_sent_with_a_file_that_could_not_be_used_are_read_as_a_message():
    # probe s11 L08: the reply asked "What happened with your health plan?" as if nothing was said.
    metadata = {
        letter_case.LETTER_ERROR: "not_a_letter",
        letter_case.LETTER_NOTE: "I can't pay this, I have no insurance",
    }
    updates = letter_case.letter_case_updates(metadata, {})
    assert (updates["problem_detail"], updates["coverage"]) == ("uninsured", "unknown")
    assert letter_case.slot_updates(metadata, {}, TODAY)["problem_words"].startswith("I can't pay")
    typed = {
        letter_case.LETTER_ERROR: "unreadable",
        letter_case.LETTER_NOTE: "Kaiser denied my MRI, not medically necessary",
    }
    assert letter_case.letter_case_updates(typed, {})["coverage"] == "hmo"


def test_a_plan_read_on_the_letter_is_not_undone_by_no_insurance_in_the_words():
    fields = read_fields(MEDI_CAL_RX, TODAY)
    metadata = {letter_case.LETTER: {**fields.as_dict(), "note": "I don't have insurance anymore?"}}
    updates = letter_case.letter_case_updates(metadata, {})
    assert updates["coverage_detail"] == "medi_cal_rx" and updates.get("problem_detail") != "uninsured"


def test_a_spanish_dental_letter_gives_its_date_and_denial():
    # probe s11 L07: "$ de octubre de 2026" (OCR's 5) and "fue negada ... no es necesario" were not read.
    fields = read_fields(DENTAL_ES, TODAY)
    assert (fields.letter_date, fields.problem, fields.coverage) == ("2026-10-05", "medical_necessity", "hmo")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_nomnc_says_its_own_deadline_noon_the_day_before_care_ends(language):
    # probe s11 L01: the notice's own deadline was not said ("before you leave").
    fields = read_fields(NOMNC, TODAY)
    assert (fields.coverage, fields.coverage_detail, fields.care_ends) == ("medicare", None, "2026-12-03")
    text = letter_read(letter_case.stored_fields(fields.as_dict()), default(language)).text
    assert ("December 2, 2026" if language == "en" else "2 de diciembre de 2026") in text
    without_rule = NOMNC.split("You must")[0]
    assert read_fields(without_rule, TODAY).care_ends is None  # only the notice's own words are said
