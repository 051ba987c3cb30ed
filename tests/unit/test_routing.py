"""The decision table: every row of routing.yml, read straight from the YAML, routes as written."""

from itertools import product

import pytest
import yaml

from bot.knowledge import COVERAGES, FAIR_HEARING, KNOWLEDGE_DIR, PROBLEMS, default
from bot import action_plan
from bot.replies import more as more_reply
from bot.replies import referral as referral_reply
from bot.replies import steps as steps_reply
from bot.routing import Case, RoutingError, human_line, needs_fair_hearing, route
from bot.reply_types import ReferralCard

RAW = yaml.safe_load((KNOWLEDGE_DIR / "routing.yml").read_text())
AGENCIES_RAW = yaml.safe_load((KNOWLEDGE_DIR / "agencies.yml").read_text())["agencies"]


def _cases():
    for i, row in enumerate(RAW["routes"]):
        for problem in row["problems"]:
            yield pytest.param(row, problem, id=f"row{i}-{row['coverage']}-{problem}-{row.get('fair_hearing')}")


@pytest.mark.parametrize("row,problem", list(_cases()))
def test_every_row_routes_as_written(row, problem):
    ref = route(Case(row["coverage"], problem, fair_hearing=row.get("fair_hearing")))
    card = ReferralCard.of(ref).as_dict()
    assert card["agency"] == row["agency"]
    assert card["pathway"] == row["pathway"]
    assert card["problem"] == problem and card["coverage"] == row["coverage"]
    assert card["sources"] and all(s.startswith("http") for s in card["sources"])
    agency = AGENCIES_RAW[row["agency"]]
    # The short referral says where, the number and TTY, and that an IMR is free; the form and the
    # rest are one tap away, in the steps (issue 12).
    text = referral_reply(ref)["text"]
    more = steps_reply(ref, action_plan.build(ref))["text"]
    if agency["phone"]:
        assert card["phone"] == agency["phone"]
        assert agency["phone"] in text
    if agency.get("tty"):
        assert f"TTY {agency['tty']}" in text
    if agency.get("form"):
        assert agency["form"] in more
    kb = default()
    if row["pathway"] == "imr":
        # Every IMR referral says it is free, and the steps that the plan must provide the service if decided in favour.
        assert kb.faq["imr"]["cost"] in text and kb.faq["imr"]["effect"] in more
    else:
        assert kb.faq["imr"]["cost"] not in text
    # Nobody is left without a number to call.
    assert any(a["phone"] and a["phone"] in text for a in AGENCIES_RAW.values())


def test_every_combination_has_exactly_one_route():
    for coverage, problem in product(COVERAGES, PROBLEMS):
        hearings = FAIR_HEARING if needs_fair_hearing(coverage, problem) else (None,)
        for hearing in hearings:
            assert route(Case(coverage, problem, fair_hearing=hearing)).agency.key


# Literal checks of the seed page's rules (../shared/seed).
@pytest.mark.parametrize("problem", ["medical_necessity", "experimental", "emergency_payment"])
def test_seed_hmo_goes_to_dmhc_imr(problem):
    ref = route(Case("hmo", problem))
    assert (ref.agency.key, ref.pathway, ref.phone) == ("DMHC", "imr", "1-888-466-2219")


def test_seed_hmo_other_problem_is_a_dmhc_complaint():
    assert (route(Case("hmo", "other")).pathway) == "complaint"


@pytest.mark.parametrize("problem", PROBLEMS)
def test_seed_medicare_never_gets_a_dmhc_imr(problem):
    ref = route(Case("medicare", problem))
    assert (ref.agency.key, ref.pathway, ref.phone) == ("HICAP", "medicare_help", "1-800-434-0222")


def test_seed_medi_cal_after_fair_hearing_goes_to_ombudsman():
    ref = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="requested"))
    assert (ref.agency.key, ref.pathway, ref.phone) == ("MEDI_CAL_OMBUDSMAN", "state_fair_hearing", "1-888-452-8609")
    assert route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested")).agency.key == "DMHC"


def test_hearing_question_only_matters_for_medi_cal_imr_problems():
    asked = {(c, p) for c, p in product(COVERAGES, PROBLEMS) if needs_fair_hearing(c, p)}
    assert asked == {("medi_cal_managed_care", p) for p in ("medical_necessity", "experimental", "emergency_payment")}


def test_seed_other_ppo_goes_to_cdi():
    ref = route(Case("other_ppo_or_insurance", "medical_necessity"))
    assert (ref.agency.key, ref.phone) == ("CDI", "1-800-927-4357")
    assert "1-800-927-HELP" in referral_reply(ref)["text"]


def test_seed_experimental_at_dmhc_needs_no_complaint_first():
    step = route(Case("hmo", "experimental")).first_step
    assert "right away" in step and "do not have to file a complaint" in step
    assert "grievance" in route(Case("hmo", "medical_necessity")).first_step


def test_self_funded_job_plan_gets_the_department_of_labor():
    ref = route(Case("other_coverage", "medical_necessity", coverage_detail="employer_self_funded"))
    assert ref.agency.key == "HEALTH_PLAN"
    assert ref.phone == default().contacts["ebsa"].phone


def test_unknown_coverage_goes_to_the_help_center_which_can_tell():
    ref = route(Case("unknown", "emergency_payment"))
    assert ref.agency.key == "DMHC" and default().extras["unknown"] in ref.extras


def test_unknown_values_are_refused():
    with pytest.raises(RoutingError):
        route(Case("gold_plan", "other"))
    with pytest.raises(RoutingError):
        route(Case("hmo", "bad_haircut"))


@pytest.mark.parametrize("coverage", COVERAGES + (None,))
def test_a_person_always_gets_a_human_line(coverage):
    agency = human_line(coverage)
    assert agency.phone


def test_the_plan_name_caveat_only_when_the_name_alone_decided():
    kaiser = more_reply(route(Case("hmo", "medical_necessity", plan_name="kaiser")))["text"]
    cigna_ppo = more_reply(route(Case("other_ppo_or_insurance", "medical_necessity", plan_name="cigna")))["text"]
    assert "Kaiser Permanente" in kaiser and "Medicare or Medi-Cal" in kaiser
    assert "Cigna" not in cigna_ppo
    assert ".." not in cigna_ppo


def test_medi_cal_imr_cases_give_the_60_day_plan_appeal_not_the_6_month_grievance():
    """F3.1 (60 days from the notice of action) is stricter than OPA's 6 months (F0.3)."""
    kb = default()
    for problem in ("medical_necessity", "emergency_payment"):
        ref = route(Case("medi_cal_managed_care", problem, fair_hearing="not_requested"))
        assert kb.plan_grievance_deadline not in ref.deadlines
        assert kb.extras["medi_cal_managed_care_imr"] in ref.extras
    assert kb.plan_grievance_deadline in route(Case("hmo", "medical_necessity")).deadlines
