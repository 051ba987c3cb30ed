"""Whole conversations over the REST channel, against the running Rasa and action servers.

Expected agencies and numbers are read from the knowledge data; the seed's own numbers are
checked literally in tests/unit/test_knowledge.py.
"""

import pytest
import requests

from bot.knowledge import default
from bot.messages import say

from tools.chat import Chat

KB = default()


def phone(agency: str) -> str:
    return KB.agencies[agency].phone


def assert_referral(chat: Chat, agency: str, pathway: str, coverage: str, problem: str) -> None:
    card = chat.card()
    assert card is not None, f"no referral card in: {chat.replies[-1]}"
    assert (card["agency"], card["pathway"], card["coverage"], card["problem"]) == (agency, pathway, coverage, problem)
    assert card["sources"]
    text = chat.text()
    if KB.agencies[agency].phone:
        assert card["phone"] == phone(agency) and phone(agency) in text
    if KB.agencies[agency].tty:
        assert KB.agencies[agency].tty in text
    if pathway == "imr":
        # The referral says the IMR is free; what a decision in your favour means is in the steps (issue 12).
        assert KB.faq["imr"]["cost"] in text


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def test_everything_in_one_message_goes_straight_to_the_referral(chat):
    chat.say("Kaiser denied my MRI as not medically necessary")
    assert_referral(chat, "DMHC", "imr", "hmo", "medical_necessity")
    assert "grievance" in chat.text()


def test_hmo_by_buttons(chat):
    chat.say("hi")
    assert chat.buttons(), "the first question offers buttons"
    chat.click("not medically necessary")
    chat.click("An HMO")
    assert_referral(chat, "DMHC", "imr", "hmo", "medical_necessity")


def test_hmo_other_problem_is_a_complaint(chat):
    chat.say("I can't get an appointment with a specialist for months, I have an HMO")
    assert_referral(chat, "DMHC", "complaint", "hmo", "other")


def test_blue_shield_ppo_experimental_applies_right_away(chat):
    chat.say("they denied my cancer drug because they say it's experimental")
    chat.say("Blue Shield PPO")
    assert_referral(chat, "DMHC", "imr", "anthem_or_blue_shield_ppo", "experimental")
    assert KB.first_steps[("DMHC", "imr")]["experimental"] in chat.text()


def test_anthem_named_alone_is_asked_hmo_or_ppo(chat):
    chat.say("Anthem Blue Cross won't pay my emergency room bill")
    assert "HMO or a PPO" in chat.text()
    chat.click("PPO")
    assert_referral(chat, "DMHC", "imr", "anthem_or_blue_shield_ppo", "emergency_payment")


def test_other_ppo_goes_to_cdi(chat):
    chat.say("my insurance denied the surgery as not medically necessary")
    chat.say("it's a PPO")
    assert "Which company" in chat.text()
    chat.say("Cigna")
    assert_referral(chat, "CDI", "imr", "other_ppo_or_insurance", "medical_necessity")
    assert KB.agencies["CDI"].phone_words in chat.text()


def test_medicare_goes_to_hicap(chat):
    chat.say("My Medicare Advantage plan denied my home health care, not medically necessary")
    assert_referral(chat, "HICAP", "medicare_help", "medicare", "medical_necessity")
    chat.click(say("en", "more_steps"))  # the other numbers come with the steps (issue 12)
    assert KB.contacts["medicare"].tty in chat.text()


def test_medi_cal_without_hearing_gets_a_dmhc_imr(chat):
    chat.say("Medi-Cal denied my wheelchair saying it's not medically necessary")
    assert say("en", "ask_fair_hearing") in chat.text()
    chat.click("No")
    assert_referral(chat, "DMHC", "imr", "medi_cal_managed_care", "medical_necessity")


def test_medi_cal_after_hearing_goes_to_the_ombudsman(chat):
    chat.say("my medi-cal plan refused to pay for the ER visit")
    chat.say("yes I already asked for a hearing")
    assert_referral(chat, "MEDI_CAL_OMBUDSMAN", "state_fair_hearing", "medi_cal_managed_care", "emergency_payment")


def test_hearing_is_only_asked_for_medi_cal(chat):
    chat.say("my HMO denied my physical therapy, not medically necessary")
    assert say("en", "ask_fair_hearing") not in chat.text()
    assert chat.card() is not None


def test_tricare_contacts_the_plan(chat):
    chat.say("TRICARE denied my son's surgery as not medically necessary")
    assert_referral(chat, "HEALTH_PLAN", "plan_appeal", "other_coverage", "medical_necessity")
    assert phone("DMHC") in chat.text(), "a number to call even when the plan is the contact"
    chat.click(say("en", "more_steps"))  # the deadline comes with the steps (issue 12)
    assert KB.clocks["tricare_appeal"].text in chat.text()


def test_self_funded_job_plan_gets_the_department_of_labor(chat):
    chat.say("my plan won't pay for the urgent care visit I had")
    chat.click("Something else")
    chat.click("self-funded")
    assert_referral(chat, "HEALTH_PLAN", "plan_appeal", "other_coverage", "emergency_payment")
    assert chat.card()["phone"] == KB.contacts["ebsa"].phone


def test_unknown_coverage_is_helped_then_sent_to_the_help_center(chat):
    chat.say("I don't know what kind of plan I have")
    chat.click("not medically necessary")
    chat.say("no idea")
    assert KB.faq["coverage_help"] in chat.text()
    chat.click("Still not sure")
    assert_referral(chat, "DMHC", "imr", "unknown", "medical_necessity")
    chat.click(say("en", "more_steps"))  # the rest comes when asked (issue 12)
    assert KB.extras["unknown"] in chat.text()


def test_correction_after_the_referral(chat):
    chat.say("Kaiser denied my MRI as not medically necessary")
    assert chat.card()["agency"] == "DMHC"
    chat.say("actually it's a Medicare plan")
    assert_referral(chat, "HICAP", "medicare_help", "medicare", "medical_necessity")


def test_emergency_now_comes_first(chat):
    chat.say("I have chest pain and can't breathe")
    assert KB.faq["emergency"] in chat.text()
    assert chat.card() is None


def test_talk_to_a_person_gives_a_line_at_once(chat):
    chat.say("they denied my claim")
    chat.say("I want to talk to a real person")
    assert phone("DMHC") in chat.text()


def test_imr_questions_in_the_middle_keep_the_question_open(chat):
    chat.say("my surgery was denied as not medically necessary")
    chat.say("does an IMR cost anything?")
    assert KB.faq["imr"]["cost"] in chat.text()
    assert chat.buttons(), "the open coverage question is asked again"
    chat.say("HMO")
    assert_referral(chat, "DMHC", "imr", "hmo", "medical_necessity")


def test_gibberish_gets_a_kind_answer_with_options_and_a_number(chat):
    chat.say("asdkjh qwpoeiru zzz")
    assert chat.buttons() and phone("DMHC") in chat.text()


def test_unclear_answers_never_loop(chat):
    chat.say("they denied my MRI, not medically necessary")
    for _ in range(3):
        chat.say("purple elephants")
        if chat.card():
            break
    assert_referral(chat, "DMHC", "imr", "unknown", "medical_necessity")


def test_restart_forgets_the_case(chat):
    chat.say("Kaiser denied my MRI as not medically necessary")
    chat.say("start over")
    assert "forgotten" in chat.text()
    chat.say("my claim was denied")
    assert chat.card() is None and chat.buttons()


def test_bad_request_is_refused_not_crashed(servers):
    response = requests.post(servers.webhook, data="not json", headers={"Content-Type": "application/json"}, timeout=30)
    assert 400 <= response.status_code < 500
