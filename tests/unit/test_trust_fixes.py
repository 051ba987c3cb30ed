"""Issue 15: the advice that was wrong or went further than its sources. Expected values are read
from the knowledge data, with a few literal checks of the sourced numbers (F3.2, F10.7, F10.13)."""

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot import action_plan
from bot.knowledge import KNOWLEDGE_DIR, default
from bot.replies import referral as referral_reply
from bot.replies import steps as steps_reply
from bot.routing import Case, needs_fair_hearing, route
from bot.understanding import lookup, resolve_coverage
from bot.reply_types import ReferralCard

EN, ES = default("en"), default("es")
MEDI_CAL = "medi_cal_managed_care"
COUNTY_PLANS = [e for e in EN.gazetteer if e.detail == "county_run"]


def said_and_steps(ref, kb) -> str:
    """The referral and its steps: since issue 12 the other numbers come with the steps, one tap away."""
    return referral_reply(ref, kb)["text"] + "\n" + steps_reply(ref, action_plan.build(ref, kb=kb), kb)["text"]


def text(case: Case, kb=EN) -> str:
    return referral_reply(route(case, kb), kb)["text"]


# 1. Medi-Cal State Hearing: 120 days from the plan's appeal decision, do not wait for the IMR (F3.2, F10.1, F10.2, F10.3).
@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
@pytest.mark.parametrize("problem", ["medical_necessity", "experimental", "emergency_payment"])
@pytest.mark.parametrize("hearing", ["not_requested", "unsure"])
def test_medi_cal_imr_referrals_give_the_hearing_clock_and_the_10_day_windows(kb, problem, hearing):
    ref = route(Case(MEDI_CAL, problem, fair_hearing=hearing), kb)
    assert kb.extras["medi_cal_hearing_clock"] in ref.extras and kb.extras["medi_cal_keep_services"] in ref.extras
    assert "120" in kb.extras["medi_cal_hearing_clock"] and "10" in kb.extras["medi_cal_keep_services"]
    said = said_and_steps(ref, kb)
    assert "after an IMR you can still" not in said and "todavía puede pedir una audiencia" not in said


def test_the_state_hearing_clock_is_120_days_and_in_the_medi_cal_plan():
    assert EN.clocks["state_hearing"].days == 120  # F3.2, F10.1
    plan = action_plan.step_plan(route(Case(MEDI_CAL, "medical_necessity", fair_hearing="not_requested")), EN)
    assert "state_hearing" in plan.clocks and "medi_cal_plan_appeal" in plan.clocks
    assert any("Do not wait for the IMR result" in step for step in plan.steps)


# 2. Medi-Medi: Medicare services through Medicare appeals/HICAP, Medi-Cal services to a DMHC IMR or State Hearing.
@pytest.mark.parametrize("said", ["medi-medi", "d-snp", "cal mediconnect"])
def test_medi_medi_words_mean_medicare_with_the_medi_medi_detail(said):
    assert resolve_coverage(lookup([said], EN), {}, EN)["coverage_detail"] == "medi_medi"
    assert resolve_coverage(lookup([said], EN), {}, EN)["coverage"] == "medicare"


def test_medicare_and_medi_cal_named_together_are_medi_medi():
    updates = resolve_coverage(lookup(["medicare", "medi-cal"], EN), {}, EN)
    assert (updates["coverage"], updates["coverage_detail"]) == ("medicare", "medi_medi")


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
@pytest.mark.parametrize("problem", ["medical_necessity", "experimental", "emergency_payment", "other"])
def test_medi_medi_gets_both_paths(kb, problem):
    ref = route(Case("medicare", problem, coverage_detail="medi_medi"), kb)
    assert ref.agency.key == "HICAP"
    assert ref.first_step == kb.first_steps[("HICAP", "medicare_help")]["detail:medi_medi"]
    assert ref.first_step != kb.first_steps[("HICAP", "medicare_help")]["default"]
    said = said_and_steps(ref, kb)
    for number in (kb.agencies["HICAP"].phone, kb.agencies["DMHC"].phone, kb.contacts["state_hearings"].phone):
        assert number in said
    plan = action_plan.step_plan(ref, kb)
    assert plan == kb.step_plans[("HICAP", "medicare_help")].by_detail["medi_medi"] and "state_hearing" in plan.clocks


def test_plain_medicare_keeps_the_seed_rule():
    ref = route(Case("medicare", "medical_necessity"))
    assert "cannot get an IMR through the DMHC" in ref.first_step  # seed
    assert EN.extras["medi_medi"] not in ref.extras
    assert EN.extras["medicare_dual_hint"] in ref.extras  # asks: Medi-Cal too?


# Medi-Cal Rx: State Hearing only, never a DMHC IMR (F10.7).
@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
@pytest.mark.parametrize("problem", ["medical_necessity", "experimental", "emergency_payment", "other"])
def test_medi_cal_rx_goes_to_a_state_hearing_only(kb, problem):
    ref = route(Case(MEDI_CAL, problem, coverage_detail="medi_cal_rx"), kb)
    card = ReferralCard.of(ref).as_dict()
    assert (card["agency"], card["pathway"], card["phone"]) == (
        "MEDI_CAL_RX",
        "state_fair_hearing",
        kb.agencies["MEDI_CAL_RX"].phone,
    )
    assert not ref.imr and kb.contacts["state_hearings"] in ref.contacts
    said = said_and_steps(ref, kb)
    assert kb.faq["imr"]["cost"] not in said and kb.contacts["state_hearings"].phone in said
    assert not needs_fair_hearing(MEDI_CAL, problem, kb, detail="medi_cal_rx")


def test_medi_cal_rx_line_is_the_sourced_one():
    assert EN.agencies["MEDI_CAL_RX"].phone == "1-800-977-2273"  # F10.7, F12.37
    assert resolve_coverage(lookup(["medi-cal rx"], EN), {}, EN)["coverage_detail"] == "medi_cal_rx"


# Self-funded job plans: federal external review within 4 months (F10.13).
def test_self_funded_plans_get_the_4_month_federal_external_review():
    assert EN.clocks["federal_external_review"].months == 4
    ref = route(Case("other_coverage", "medical_necessity", coverage_detail="employer_self_funded"))
    assert "4 months" in " ".join(ref.deadlines)
    assert "federal_external_review" in action_plan.step_plan(ref, EN).clocks


@pytest.mark.parametrize("coverage", ["anthem_or_blue_shield_ppo", "other_ppo_or_insurance", "unknown"])
def test_a_plan_through_a_job_is_told_how_to_check_if_it_is_self_funded(coverage):
    assert EN.extras["job_plan"] in route(Case(coverage, "medical_necessity", job_plan=True)).extras
    assert EN.extras["job_plan"] not in route(Case(coverage, "medical_necessity")).extras
    assert EN.contacts["ebsa"].phone in EN.extras["job_plan"] and "4 months" in EN.extras["job_plan"]


# County-run (COHS) Medi-Cal plans: name the plan, claim no licence, the Help Center and the Ombudsman.
@pytest.mark.parametrize("entry", COUNTY_PLANS, ids=lambda e: e.key)
def test_county_run_plans_are_named_and_sent_to_the_help_center_without_a_licence_claim(entry):
    assert entry.coverage == MEDI_CAL
    updates = resolve_coverage(lookup([entry.aliases[0]], EN), {}, EN)
    assert (updates["coverage"], updates["coverage_detail"]) == (MEDI_CAL, "county_run")
    for problem in ("medical_necessity", "other"):
        ref = route(
            Case(MEDI_CAL, problem, fair_hearing="not_requested", coverage_detail="county_run", plan_name=entry.key)
        )
        assert ref.agency.key == "DMHC"
        line = EN.extras["medi_cal_county_run"].replace("{plan}", entry.name)
        assert line in ref.extras and EN.extras["medi_cal_not_licensed"] not in ref.extras
        assert EN.agencies["MEDI_CAL_OMBUDSMAN"].phone in line


def test_the_five_cohs_plans_of_f10_10_are_all_known():
    assert {e.key for e in COUNTY_PLANS} >= {
        "calOptima",
        "cencal",
        "central_california_alliance",
        "gold_coast",
        "hpsm",
        "partnership",
    }


def test_no_text_claims_a_county_plan_is_or_is_not_licensed():
    raw = (KNOWLEDGE_DIR / "plans.yml").read_text() + (KNOWLEDGE_DIR / "routing.yml").read_text()
    data = yaml.safe_load((KNOWLEDGE_DIR / "routing.yml").read_text())
    assert "licens" not in data["extras"]["medi_cal_county_run"].lower()
    assert "Knox-Keene licensed" not in raw


# The doubtful items.
def test_anthem_and_blue_shield_ppos_say_many_like_the_seed():
    assert EN.extras["anthem_or_blue_shield_ppo"].startswith("Many ")
    assert ES.extras["anthem_or_blue_shield_ppo"].startswith("Muchos ")


def test_a_hearing_already_asked_for_uses_the_seed_wording_and_no_ask_by_date():
    ref = route(Case(MEDI_CAL, "medical_necessity", fair_hearing="requested"))
    assert "already asked for a State Hearing" in ref.first_step and EN.agencies["DMHC"].phone in ref.first_step
    plan = action_plan.build(ref, letter_date=date(2026, 3, 3), kb=EN)
    assert not plan.deadlines, "no 'ask for a State Hearing by {date}' for a hearing already asked for"
    assert not any("State Hearing" in d for d in ref.deadlines)


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
def test_medi_cal_complaints_have_no_6_month_limit_and_appeals_60_days(kb):
    ref = route(Case(MEDI_CAL, "other"), kb)
    assert kb.plan_grievance_deadline not in ref.deadlines
    assert kb.extras["medi_cal_complaint"] in ref.extras and "60" in kb.extras["medi_cal_complaint"]
    assert "plan_grievance" not in action_plan.step_plan(ref, kb).clocks


def test_experimental_right_away_is_for_a_serious_condition():
    for agency in ("DMHC",):
        assert "serious condition" in EN.first_steps[(agency, "imr")]["experimental"]
    assert "serious condition" in route(Case("hmo", "experimental")).first_step
    assert "enfermedad grave" in route(Case("hmo", "experimental"), ES).first_step


def test_medicare_advantage_names_the_deadline_on_the_notice():
    assert "deadline printed on your notice" in route(Case("medicare", "medical_necessity")).first_step
    assert "deadline printed on your notice" in EN.clocks["medicare_advantage"].text


def test_medi_cal_notices_are_named_by_their_current_and_older_names():
    extra = EN.extras["medi_cal_managed_care_imr"]
    assert "Notice of Adverse Benefit Determination" in extra and "Notice of Action" in extra
    assert "Notice of Appeal Resolution" in EN.extras["medi_cal_hearing_clock"]


def test_links_given_to_people_are_not_the_flipbook_or_the_providers_page():
    assert "flipbook" not in (EN.agencies["CDI"].website or "")
    assert EN.agencies["HICAP"].website is None or "Providers" not in EN.agencies["HICAP"].website
    assert "flipbook" not in route(Case("other_ppo_or_insurance", "medical_necessity")).website


def _all_text(language: str) -> str:
    folder = KNOWLEDGE_DIR / language if language != "en" else KNOWLEDGE_DIR
    files = sorted(folder.glob("*.yml")) + [Path(KNOWLEDGE_DIR.parent / "messages" / f"{language}.yml")]
    return "\n".join(re.sub(r"#.*", "", f.read_text()) for f in files)


def test_spanish_wording():
    spanish = _all_text("es")
    assert not re.search(r"(?<!de)negaci[oó]n", spanish)  # "denegación"
    for wrong in ("Esto es a dónde", "revisión de afuera", "confirme su decisión", "Imparcial", "State Fair Hearing"):
        assert wrong not in spanish
    assert "mantenga la denegación después de su apelación" in ES.deadlines[("CDI", "imr")]
    assert ES.clocks["medicare_advantage"].text.startswith("Plan Medicare Advantage: usted tiene 60 días")


def test_one_name_for_the_hearing_in_english():
    assert "Fair Hearing" not in _all_text("en")


# "My plan never answered": after 30 days, go now, not "file a grievance first" (F11.20).
@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
@pytest.mark.parametrize(
    "coverage, problem",
    [
        ("hmo", "medical_necessity"),
        ("hmo", "other"),
        ("other_ppo_or_insurance", "medical_necessity"),
        ("other_ppo_or_insurance", "other"),
        (MEDI_CAL, "medical_necessity"),
        ("unknown", "emergency_payment"),
    ],
)
def test_a_plan_that_never_answered_is_skipped(kb, coverage, problem):
    ref = route(Case(coverage, problem, fair_hearing="not_requested", plan_silent=True), kb)
    steps = kb.first_steps[(ref.agency.key, ref.pathway)]
    assert ref.first_step == steps["plan_silent"] != steps["default"]
    assert kb.plan_grievance_deadline not in ref.deadlines
    plan = action_plan.step_plan(ref, kb)
    plans = kb.step_plans[(ref.agency.key, ref.pathway)]
    # a Medi-Cal plan's own steps after its "no" to the appeal add the State Hearing (next_steps.yml)
    assert (
        plan == plans.plan_silent_by_coverage.get(coverage, plans.plan_silent) and "plan_grievance" not in plan.clocks
    )
