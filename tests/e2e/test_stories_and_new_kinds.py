"""Issue 14 over the REST channel: problems that are not denials, long stories said back for
confirmation, money words, negation, corrections after the referral, and no loops."""

import pytest

from bot import problem_kinds
from bot.knowledge import default
from bot.messages import say
from tools.chat import Chat
from tools.eval_narratives import max_same_question

KINDS = problem_kinds.default()


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def test_a_covered_california_problem_goes_to_covered_california_in_one_turn(chat):
    chat.say("Covered California cut my tax credit and now my premium is twice what it was")
    card = chat.card()
    assert card and (card["agency"], card["problem"], card["problem_detail"]) == (
        "COVERED_CALIFORNIA",
        "other",
        "covered_california",
    )
    assert card["phone"] == KINDS.agencies["COVERED_CALIFORNIA"].phone
    assert default().faq["imr"]["cost"] not in chat.text()  # not an IMR


def test_medi_cal_eligibility_in_spanish_goes_to_the_county_not_the_dmhc(chat):
    chat.say("Me cortaron el Medi-Cal porque dicen que gano demasiado")
    card = chat.card()
    assert card and card["agency"] == "COUNTY_MEDI_CAL" and card["language"] == "es"
    assert card["problem_detail"] == "medi_cal_eligibility"


def test_a_long_story_is_said_back_then_routed(chat):
    chat.say(
        "My husband has had Crohn's disease for twelve years. We tried everything his doctors suggested. "
        "His specialist found a new infusion that helped other patients. We waited six weeks for an answer. "
        "Then a letter came saying the treatment is investigational and they won't pay."
    )
    assert chat.card() is None
    assert say("en", "confirm_experimental") in chat.text()
    chat.click(say("en", "answer_yes"))
    chat.say("kaiser")
    card = chat.card()
    assert card and (card["agency"], card["problem"], card["coverage"]) == ("DMHC", "experimental", "hmo")


def test_saying_no_to_the_guess_asks_the_problem_with_its_options(chat):
    chat.say(
        "I have been fighting my plan since June. My knee gives out every day. "
        "They finally wrote that the surgery is experimental."
    )
    chat.click(say("en", "confirm_no"))
    assert any(b["payload"] == "/problem_medical_necessity" for b in chat.buttons())


def test_money_words_are_routed_not_answered_as_imr_cost(chat):
    chat.say("I can't afford my share of the drug, the copay is 500 dollars a month")
    assert default().faq["imr"]["cost"] not in chat.text()
    chat.say("it's an HMO")
    card = chat.card()
    assert card and (card["problem"], card["problem_detail"], card["agency"], card["pathway"]) == (
        "other",
        "drug_cost",
        "DMHC",
        "complaint",
    )


def test_a_ppo_that_is_not_anthem_or_blue_shield_goes_to_the_cdi(chat):
    chat.say("my PPO denied my MRI as not medically necessary")
    chat.say("it's a PPO but not Anthem or Blue Shield")
    card = chat.card()
    assert card and (card["agency"], card["coverage"]) == ("CDI", "other_ppo_or_insurance")


def test_a_plan_name_repeated_without_its_kind_never_loops(chat):
    chat.say("Aetna denied my surgery as not medically necessary")
    assert "Aetna" in chat.text()
    for _ in range(3):
        if chat.card():
            break
        chat.say("aetna")
    card = chat.card()
    assert card and card["coverage"] == "unknown" and card["agency"] == "DMHC"  # the Help Center can tell them
    assert max_same_question(chat) <= 2


def test_a_correction_after_the_referral_replaces_the_card_and_says_what_changed(chat):
    chat.say("Kaiser denied my MRI as not medically necessary")
    assert chat.card()["agency"] == "DMHC"
    chat.say("actually it's a Medicare plan")
    card = chat.card()
    kb = default()
    assert card and (card["agency"], card["coverage"]) == ("HICAP", "medicare")
    assert say("en", "changed_coverage", old=kb.coverages["hmo"], new=kb.coverages["medicare"]) in chat.text()


@pytest.mark.parametrize(
    "text, agency, kind",
    [
        # Messages the NLU could not place (measured 2026-12-01): the words still tell the kind.
        (
            "The adjuster says UR turned down the shot my doctor wanted for my shoulder. I mop floors at a hotel "
            "and I hurt it at work.",
            "DWC",
            "workers_comp",
        ),
        (
            "My savings are over the new limit so the county says no more Medi-Cal for me. I'm 72 and that money is "
            "for my burial.",
            "COUNTY_MEDI_CAL",
            "medi_cal_eligibility",
        ),
        (
            "They are sending my wife home from the hospital tomorrow and she still can't walk. She has Medicare.",
            "MEDICARE_QIO",
            "medicare_non_denial",
        ),
    ],
)
def test_a_story_the_nlu_misreads_still_gets_its_referral(chat, text, agency, kind):
    chat.say(text)
    if chat.card() is None and say("en", "confirm_no") in [b["title"] for b in chat.buttons()]:
        chat.click(say("en", "answer_yes"))  # said back for confirmation
    card = chat.card()
    assert card and (card["agency"], card["problem_detail"]) == (agency, kind)
    assert len(chat.replies) <= 2
