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
    assert (
        agencies["MEDI_CAL_DENTAL"].phone == "1-800-322-6384" and agencies["MEDI_CAL_DENTAL"].tty == "1-800-735-2922"
    )  # F12.47
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


@pytest.mark.parametrize(
    "text, problem",
    [
        ("The letter says the FDA has not approved this drug for my condition.", "experimental"),
        ("My oncologist wants me in a clinical trial and the plan said no.", "experimental"),
        ("They called the infusion investigational.", "experimental"),
        ("Dicen que el tratamiento es investigacional.", "experimental"),
        ("The plan says the ER visit wasn't a real emergency.", "emergency_payment"),
        ("They denied the MRI, not medically necessary they said.", "medical_necessity"),
    ],
)
def test_denial_reasons_in_the_words(text, problem):
    assert problem_kinds.read(text).problem == problem


@pytest.mark.parametrize(
    "text, kind",
    [
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
    ],
)
def test_kinds_in_the_words(text, kind):
    reading = problem_kinds.read(text)
    assert (reading.problem, reading.detail) == ("other", kind)


def test_medical_necessity_is_not_medi_cal():
    assert problem_kinds.read("They denied it for lack of medical necessity.").detail is None


def test_a_long_story_is_read_as_its_decisive_sentence():
    decisive = "Then a letter came saying the treatment is investigational and they won't pay."
    story = (
        "My husband has had Crohn's disease for twelve years. We tried everything his doctors suggested. "
        "Last spring his specialist found a new infusion that helped other patients. We waited six weeks. "
        f"{decisive} I cried for a day."
    )
    alone, long = problem_kinds.read(decisive), problem_kinds.read(story)
    assert (long.problem, long.detail) == (alone.problem, alone.detail) == ("experimental", None)
    assert long.decisive == 4


def test_a_long_story_is_said_back_to_confirm_and_a_plain_message_is_not():
    story = (
        "I have been fighting with my plan since June. My knee gives out every day. "
        "They finally wrote that the surgery is experimental."
    )
    got = extract("problem_medical_necessity", [], None, {}, confidence=0.9, text=story)
    assert got["problem"] == "experimental" and got["problem_guess"] == "yes"
    plain = extract(
        "problem_experimental", [], None, {}, confidence=0.97, text="Kaiser said my surgery is experimental"
    )
    assert plain["problem"] == "experimental" and "problem_guess" not in plain
    assert replies.confirm_problem("experimental", None)["text"] == say(
        "en", "confirm_problem", what=say("en", "confirm_experimental")
    )


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
    got = extract(
        "inform_coverage",
        ents(("coverage_type", "PPO"), ("plan", "Anthem"), ("plan", "Blue Shield"), text=text),
        "coverage",
        {},
        text=text,
    )
    assert got == {"coverage": "other_ppo_or_insurance"}  # a PPO, and not one of those two: CDI (seed)


def test_the_same_plan_named_again_does_not_loop():
    slots = {"plan": "aetna", "coverage_pending": "hmo_or_ppo", "problem": "medical_necessity"}  # asked "HMO or PPO?"
    first = extract("inform_coverage", ents(("plan", "aetna")), "coverage", slots, text="aetna")
    assert first["attempts"]["count"] == 1
    second = extract("inform_coverage", ents(("plan", "aetna")), "coverage", {**slots, **first}, text="aetna")
    assert second["coverage"] == "unknown"  # the Help Center can tell them


# Issue 14, second round: wordings people use that the first cues missed (written for these tests).
@pytest.mark.parametrize(
    "text, problem",
    [
        ("The insurer says there is not enough scientific evidence that the device works.", "experimental"),
        ("They told me the drug is only approved for a different kind of cancer.", "experimental"),
        ("Dicen que no hay suficiente evidencia de que ese tratamiento funcione.", "experimental"),
        ("The plan said my back isn't severe enough for surgery yet.", "medical_necessity"),
        ("They say I have to try physical therapy first.", "medical_necessity"),
        ("Me dijeron que primero tengo que probar otra medicina.", "medical_necessity"),
        ("My plan says the MRI isn\u2019t medically necessary.", "medical_necessity"),  # a phone's apostrophe
        ("They won't pay the hospital because we didn't call them within 48 hours.", "emergency_payment"),
    ],
)
def test_more_denial_reasons_in_the_words(text, problem):
    assert problem_kinds.read(text).problem == problem


@pytest.mark.parametrize(
    "text, kind",
    [
        ("The pharmacy wants $450 a month for my insulin now.", "drug_cost"),  # "$" starts a cue
        ("My plan moved my inhaler to a higher tier.", "drug_cost"),
        ("The surgeon was in network but the anesthesia group says I owe them the difference.", "surprise_bill"),
        ("El seguro pago una parte y el anestesiologo me cobra el resto.", "surprise_bill"),
        ("The only specialist near me has a wait list of five months.", "access_delay"),
        ("I've been waiting since May for the plan to authorize my surgery.", "access_delay"),
        ("Ya llame a diez doctores de la lista y ninguno acepta pacientes nuevos.", "access_delay"),
        ("Medicare won't pay the ambulance bill, they say she could have gone by car.", "medicare_non_denial"),
        ("The nursing home says Medicare will stop paying for my mom's rehab on Monday.", "medicare_non_denial"),
        ("Covered California moved me to Medi-Cal but my income is too high for it.", "covered_california"),
        ("I applied for Medi-Cal in March and still have no answer.", "medi_cal_eligibility"),
        ("I broke my wrist at work and now the adjuster denied the MRI as not necessary.", "workers_comp"),
        ("We owe the hospital $9,000 after the birth. Is there a program that helps?", "hospital_bill"),
    ],
)
def test_more_kinds_in_the_words(text, kind):
    reading = problem_kinds.read(text)
    assert (reading.problem, reading.detail) == ("other", kind)


@pytest.mark.parametrize(
    "text",
    [
        "Kaiser denied my knee surgery. I waited three weeks to hear anything.",
        "I live in a rural county and the plan denied the MRI my doctor ordered as not medically necessary.",
        "The ER bill was denied because they say it wasn't an emergency.",
        "Health Net denied the surgery and I've been waiting four months for a specialist appointment.",
        "Tengo Medi-Cal y el plan me nego la cirugia. Ya llevo meses esperando.",
    ],
)
def test_a_plain_denial_is_not_taken_for_another_kind(text):
    assert problem_kinds.read(text).detail is None


def test_the_medicare_discharge_words_send_to_the_fast_appeal():
    text = "The nursing home says Medicare will stop paying for his therapy on Friday."
    assert expected_agency("medicare_non_denial", "medicare", text) == "MEDICARE_QIO"
    billed = "Medicare won't pay the ambulance bill from last spring."
    assert expected_agency("medicare_non_denial", "medicare", billed) == "HICAP"


@pytest.mark.parametrize(
    "text, coverage",
    [
        ("I'm 64 so I'm not on Medicare yet, I have the Blue Shield PPO from work", "anthem_or_blue_shield_ppo"),
        ("Es un PPO, no es de Anthem ni de Blue Shield, es de Aetna", "other_ppo_or_insurance"),
        ("I have Kaiser? No wait, I switched, it's Blue Shield now, the PPO", "anthem_or_blue_shield_ppo"),
    ],
)
def test_negations_and_self_corrections_about_the_plan(text, coverage):
    words = [("coverage_type", w) for w in ("Medicare", "PPO") if w in text] + [
        ("plan", w) for w in ("Kaiser", "Blue Shield", "Anthem", "Aetna") if w in text
    ]
    found = sorted(ents(*words, text=text), key=lambda e: e["start"])
    assert extract("inform_coverage", found, None, {}, text=text)["coverage"] == coverage


def test_a_story_read_as_a_question_is_read_for_its_problem_until_the_problem_is_known():
    text = "the hospital wants to send my dad home tomorrow and he can't walk, he has Medicare"
    got = extract("ask_followup", [], None, {}, text=text)
    assert (got["problem"], got["problem_detail"]) == ("other", "medicare_non_denial")
    known = {"problem": "medical_necessity", "coverage": "hmo"}
    assert "problem" not in extract("ask_followup", [], None, known, text=text)


def test_a_kind_named_later_replaces_the_catch_all_but_not_another_problem():
    vague = {"problem": "other", "coverage": "medi_cal_managed_care"}  # "I have a problem with my Medi-Cal"
    text = "it got cancelled, the letter says I never sent back the renewal papers"
    got = extract("problem_other", [], None, vague, confidence=0.9, text=text)
    assert got["problem_detail"] == "medi_cal_eligibility"
    denied = {"problem": "medical_necessity", "coverage": "hmo"}
    assert "problem" not in extract("problem_other", [], None, denied, confidence=0.9, text=text)


def test_a_plain_service_complaint_about_a_medicare_plan_is_a_medicare_problem_whichever_comes_first():
    text = "My Medicare Advantage plan never fixes my address"
    got = extract("problem_other", ents(("coverage_type", "Medicare Advantage"), text=text), None, {}, text=text)
    assert (got["problem"], got["problem_detail"], got["coverage"]) == ("other", "medicare_non_denial", "medicare")
    later = extract(
        "inform_coverage", ents(("coverage_type", "Medicare")), "coverage", {"problem": "other"}, text="Medicare"
    )
    assert later["problem_detail"] == "medicare_non_denial"
    hmo = extract("inform_coverage", ents(("coverage_type", "HMO")), "coverage", {"problem": "other"}, text="HMO")
    assert "problem_detail" not in hmo


def test_a_kind_said_back_keeps_the_capitals_of_its_names():
    text = replies.confirm_problem("other", "medi_cal_eligibility")["text"]
    assert problem_kinds.label("medi_cal_eligibility", default()) in text
