"""Problems that are not IMR denials (issue 14): each kind has a sourced place to go, keeps the card
contract, never gets "apply for an IMR", and is understood from the sentence that states it."""
from datetime import date

import pytest
import yaml

from bot import action_plan, problem_kinds, replies
from bot.knowledge import KNOWLEDGE_DIR, default
from bot.messages import say
from bot.routing import Case, route
from bot.understanding import extract
from bot.reply_types import ReferralCard

KINDS = problem_kinds.default()
DATA = yaml.safe_load((KNOWLEDGE_DIR / "problem_kinds.yml").read_text(encoding="utf-8"))
COVERAGES = list(default().coverages)


def ents(*pairs, text=""):
    found = []
    for label, value in pairs:
        start = text.lower().find(value.lower())
        found.append({"entity": label, "value": value, **({"start": start} if start >= 0 else {})})
    return found


def expected_agency(kind: str, coverage: str, words: str = "") -> str:
    """The decision table of problem_kinds.yml, read independently of bot/problem_kinds.py."""
    for row in DATA["kinds"][kind]["routes"]:
        covers = row["coverage"]
        if isinstance(covers, list) and coverage not in covers:
            continue
        if row.get("when") and not problem_kinds.in_group(row["when"], words):
            continue
        if covers == "table":
            return route(Case(coverage, "other")).agency.key
        return row["agency"]
    raise AssertionError("no row")


@pytest.mark.parametrize("kind", list(KINDS.kinds))
@pytest.mark.parametrize("coverage", COVERAGES)
def test_every_kind_and_coverage_routes_by_the_table_with_a_number_to_call(kind, coverage):
    case = Case(coverage, "other", problem_detail=kind, problem_words="my mother is in the hospital")
    ref = route(case)
    assert ref.agency.key == expected_agency(kind, coverage, case.problem_words)
    # nobody is left without a number (the plan's is on the member ID card, F7.4)
    assert ref.phone or ref.agency.key == "HEALTH_PLAN"
    assert not ref.imr and ref.pathway != "imr"  # a problem that is not a denial never gets an IMR
    card = ReferralCard.of(ref).as_dict()
    # the card names the kind by its shared-taxonomy id (CCS is filed under dental_vision)
    assert card["problem"] == "other" and card["problem_detail"] == (KINDS.kinds[kind].card_detail or kind)
    assert card["agency"] == ref.agency.key


@pytest.mark.parametrize("coverage", COVERAGES)
def test_no_eligibility_problem_goes_to_the_dmhc(coverage):
    for kind in ("medi_cal_eligibility", "covered_california"):
        assert route(Case(coverage, "other", problem_detail=kind)).agency.key not in ("DMHC", "CDI")


def test_card_problem_detail_contract():
    assert ReferralCard.of(route(Case("hmo", "other"))).as_dict()["problem_detail"] == "plan_service"
    assert ReferralCard.of(route(Case("hmo", "experimental"))).as_dict()["problem_detail"] is None


def test_seed_and_fact_numbers_are_the_sourced_ones():
    agencies = KINDS.agencies
    assert agencies["COVERED_CALIFORNIA"].phone == "1-800-300-1506"  # F12.3
    assert agencies["MEDI_CAL_DENTAL"].phone == "1-800-322-6384" and agencies["MEDI_CAL_DENTAL"].tty == "1-800-735-2922"  # F12.47
    assert agencies["MEDICARE_QIO"].phone == "1-877-588-1123"  # F12.42
    assert KINDS.contacts["no_surprises"].phone == "1-800-985-3059"  # F12.22
    assert KINDS.clocks["covered_california_appeal"].days == 90 and KINDS.clocks["dwc_imr"].days == 30  # F12.5, F12.50
    for key, raw in DATA["agencies"].items():
        assert raw["facts"] and raw["sources"], key


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", list(KINDS.kinds))
def test_referral_plan_and_summary_for_every_kind_in_both_languages(kind, language):
    kb = default(language)
    for coverage in ("hmo", "medi_cal_managed_care", "medicare", "other_ppo_or_insurance"):
        ref = route(Case(coverage, "other", problem_detail=kind), kb)
        text = replies.referral(ref, kb)["text"]
        assert kb.faq["imr"]["cost"] not in text
        plan = action_plan.build(ref, date(2026, 11, 2), today=date(2026, 11, 20), kb=kb)
        assert plan.steps
        summary = replies.case_summary(ref, plan, None, kb)["text"]
        assert problem_kinds.label(kind, kb) in summary


def test_spanish_translation_keeps_numbers_and_translates_text():
    es = problem_kinds.default("es")
    assert es.agencies["COVERED_CALIFORNIA"].phone == KINDS.agencies["COVERED_CALIFORNIA"].phone
    assert es.kinds["workers_comp"].first_step != KINDS.kinds["workers_comp"].first_step


# ---------------------------------------------------------------- reading the words


@pytest.mark.parametrize("text, problem", [
    ("The letter says the FDA has not approved this drug for my condition.", "experimental"),
    ("My oncologist wants me in a clinical trial and the plan said no.", "experimental"),
    ("They called the infusion investigational.", "experimental"),
    ("Dicen que el tratamiento es investigacional.", "experimental"),
    ("The plan says the ER visit wasn't a real emergency.", "emergency_payment"),
    ("They denied the MRI, not medically necessary they said.", "medical_necessity"),
])
def test_denial_reasons_in_the_words(text, problem):
    assert problem_kinds.read(text).problem == problem


@pytest.mark.parametrize("text, kind", [
    ("Covered California cut my tax credit and my premium doubled.", "covered_california"),
    ("Medi-Cal cut me off because they say I make too much money.", "medi_cal_eligibility"),
    ("I got a bill from an out-of-network anesthesiologist at my in-network hospital.", "surprise_bill"),
    ("The hospital bill is huge and I can't afford to pay it.", "hospital_bill"),
    ("I've waited four months for an appointment with a specialist.", "access_delay"),
    ("I can't afford my share of the insulin, the copay is too high.", "drug_cost"),
    ("They want to discharge my dad and Medicare says he has to go home.", "medicare_non_denial"),
    ("My dental plan won't pay for the root canal.", "dental_vision"),
    ("Workers comp denied my back surgery as not medically necessary.", "workers_comp"),
    ("Me cortaron el Medi-Cal porque dicen que gano demasiado.", "medi_cal_eligibility"),
])
def test_kinds_in_the_words(text, kind):
    reading = problem_kinds.read(text)
    assert (reading.problem, reading.detail) == ("other", kind)


def test_medical_necessity_is_not_medi_cal():
    assert problem_kinds.read("They denied it for lack of medical necessity.").detail is None


def test_a_long_story_is_read_as_its_decisive_sentence():
    decisive = "Then a letter came saying the treatment is investigational and they won't pay."
    story = ("My husband has had Crohn's disease for twelve years. We tried everything his doctors suggested. "
             "Last spring his specialist found a new infusion that helped other patients. We waited six weeks. "
             f"{decisive} I cried for a day.")
    alone, long = problem_kinds.read(decisive), problem_kinds.read(story)
    assert (long.problem, long.detail) == (alone.problem, alone.detail) == ("experimental", None)
    assert long.decisive == 4


def test_a_long_story_is_said_back_to_confirm_and_a_plain_message_is_not():
    story = ("I have been fighting with my plan since June. My knee gives out every day. "
             "They finally wrote that the surgery is experimental.")
    got = extract("problem_medical_necessity", [], None, {}, confidence=0.9, text=story)
    assert got["problem"] == "experimental" and got["problem_guess"] == "yes"
    plain = extract("problem_experimental", [], None, {}, confidence=0.97, text="Kaiser said my surgery is experimental")
    assert plain["problem"] == "experimental" and "problem_guess" not in plain
    assert replies.confirm_problem("experimental", None)["text"] == say(
        "en", "confirm_problem", what=say("en", "confirm_experimental"))


def test_confirming_and_correcting_the_guess():
    slots = {"problem": "experimental", "problem_guess": "yes"}
    assert extract("affirm", [], "problem_confirmed", slots, text="yes")["problem_confirmed"] == "yes"
    going_on = extract("inform_coverage", ents(("plan", "kaiser")), "problem_confirmed", slots, text="we have kaiser")
    assert going_on["problem_confirmed"] == "yes" and going_on["coverage"] == "hmo"
    no = extract("deny", [], "problem_confirmed", slots, text="no")
    assert no["problem"] is None and no["problem_guess"] is None  # the problem question is asked next


def test_money_words_are_a_problem_not_a_question_about_the_imr():
    text = "I can't afford my share of the drug, the copay is 500 dollars"
    got = extract("ask_imr_cost", [], None, {}, confidence=0.8, text=text)
    assert (got["problem"], got["problem_detail"]) == ("other", "drug_cost")
    assert "problem" not in extract("ask_imr_cost", [], None, {}, text="is the IMR free?")


def test_a_kind_that_names_its_coverage_fills_it_and_one_place_needs_no_coverage():
    got = extract("problem_other", [], None, {}, text="The hospital kept my mom under observation status.")
    assert got["problem_detail"] == "medicare_non_denial" and got["coverage"] == "medicare"
    assert not problem_kinds.needs_coverage("workers_comp") and problem_kinds.needs_coverage("surprise_bill")


def test_negated_plan_names_in_a_list_are_ignored():
    text = "It's a PPO but not Anthem or Blue Shield"
    got = extract("inform_coverage", ents(("coverage_type", "PPO"), ("plan", "Anthem"), ("plan", "Blue Shield"), text=text),
                  "coverage", {}, text=text)
    assert got == {"coverage": "other_ppo_or_insurance"}  # a PPO, and not one of those two: CDI (seed)


def test_the_same_plan_named_again_does_not_loop():
    slots = {"plan": "aetna", "coverage_pending": "hmo_or_ppo", "problem": "medical_necessity"}  # asked "HMO or PPO?"
    first = extract("inform_coverage", ents(("plan", "aetna")), "coverage", slots, text="aetna")
    assert first["attempts"]["count"] == 1
    second = extract("inform_coverage", ents(("plan", "aetna")), "coverage", {**slots, **first}, text="aetna")
    assert second["coverage"] == "unknown"  # the Help Center can tell them
