"""Two cues that reached too far (session 7's closing note): a Medi-Cal *plan* losing papers is the plan's
service, not Medi-Cal eligibility; a Covered California *plan's* own bill (charged twice, a visit billed)
is the insurer's, not Covered California's. Their look-alikes stay what they are: the county losing or
never getting the papers is eligibility; premiums, tax credits and cancellations are Covered California's."""

import pytest

from bot import problem_kinds
from bot.routing import Case, route
from bot.understanding import problem as understanding

PLAN_SERVICE = [
    "my Medi-Cal plan Molina keeps losing my paperwork",
    "My Medi-Cal health plan lost the paperwork to change my doctor, for the second time.",
    "Tengo Medi-Cal con IEHP y perdieron los papeles que mandé para cambiar de clínica.",
    "mi plan de Covered California me cobró dos veces la misma cita",
    "I have Blue Shield through Covered California and they charged me twice for one visit.",
    "Mi seguro de Covered California es de Anthem y me cobraron doble la mensualidad.",
]
ELIGIBILITY = [
    "The county lost my Medi-Cal paperwork and now my coverage is ending.",
    "I sent my Medi-Cal paperwork in on time and they still cut me off.",
    "Medi-Cal says they never got my renewal paperwork and closed my case.",
    "El condado perdió mis papeles del Medi-Cal y me lo cortaron.",
]
COVERED_CALIFORNIA = [
    "Covered California raised my premium and my tax credit went to zero.",
    "Covered California me subió la prima aunque mis ingresos no cambiaron.",
    "I cancelled my Covered California plan and they keep charging me the premium.",
    "Covered California me canceló el plan y me siguen cobrando la prima.",
]


@pytest.mark.parametrize("text", PLAN_SERVICE)
def test_a_plans_own_papers_or_bill_is_not_eligibility_nor_covered_california(text):
    assert problem_kinds.read(text).detail not in ("medi_cal_eligibility", "covered_california")


@pytest.mark.parametrize("text", ELIGIBILITY)
def test_medi_cal_paperwork_at_the_county_is_still_eligibility(text):
    assert problem_kinds.read(text).detail == "medi_cal_eligibility"


@pytest.mark.parametrize("text", COVERED_CALIFORNIA)
def test_premiums_and_cancellations_are_still_covered_californias(text):
    assert problem_kinds.read(text).detail == "covered_california"


@pytest.mark.parametrize(
    "words,rx",
    [
        ("My Medi-Cal plan lost the form I filled out to change my primary doctor.", False),
        ("I filled in their paperwork for letters in Spanish and they lost it.", False),
        ("Molina won't fill my prescription at the pharmacy.", True),
        ("they won't fill my refill of insulin", True),
        ("Member services lost it and says to fill it out again.", False),
        ("the pharmacy would not fill it, they said Medi-Cal Rx needs approval", True),
    ],
)
def test_a_form_filled_out_is_not_a_prescription_filled(words, rx):
    """A Medi-Cal plan's form "filled out" is the plan's service; a prescription filled is Medi-Cal Rx's."""
    referral = route(Case("medi_cal_managed_care", "other", problem_detail="plan_service", problem_words=words))
    assert (referral.agency.key == "MEDI_CAL_RX" or referral.case.problem_detail == "drug_cost") is rx


@pytest.mark.parametrize(
    "text",
    [
        "We bought our plan through Covered California and it is a Health Net HMO. Health Net billed us twice "
        "for the same lab test and now says we owe it again.",
        "Tengo seguro por Covered California con Blue Shield. Blue Shield me cobró dos veces la consulta del "
        "especialista y no me regresan el dinero.",
        "My plan through Covered California is Kaiser, but this is about Kaiser, not Covered California. They "
        "keep sending my bills to an old address and then charge me late fees.",
    ],
)
def test_the_kind_classifier_does_not_name_covered_california_for_the_insurers_own_bill(text):
    """The words that set Covered California aside (its `unless`) hold for the classifier's guess too."""
    found = understanding.reading("problem_other", text, None, {}, {})
    assert found is None or found.detail != "covered_california"
