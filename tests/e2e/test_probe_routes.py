"""The probe's routing findings over the REST channel (F6, F7, F13-F16, F19-F21): the person's own
first message, or a short answer at a question, gets the right door. Numbers come from the data."""

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


def _no_first_turn_failure(chat: Chat, language: str = "en") -> None:
    """The first reply is never "I can't answer that" nor "Did this help?"."""
    text = chat.text(0)
    cannot_answer = say(language, "after_referral", agency="X", phone="Y").split(".")[
        0
    ]  # "Sorry, I can't answer that here"
    assert say(language, "feedback_question") not in text and cannot_answer not in text


@pytest.mark.parametrize(
    "message",
    [
        "they are discharging my dad from the hospital tomorrow and he can barely walk, he has original medicare",
        "My father is in the hospital on Medicare and they want to discharge him tomorrow but he cannot walk yet. How do I stop it?",
        "The hospital says my husband has to leave tomorrow, he has Medicare, I dont think he is ready",
        "my mom got a notice that her skilled nursing facility care ends friday and medicare wont pay after that",
    ],
)
def test_a_medicare_discharge_in_normal_words_gets_the_qio_fast_appeal_in_one_turn(chat, message):
    # F6: the QIO before leaving, never HICAP's 60/120-day appeal, never "Did this help?" first.
    chat.say(message)
    card = chat.card()
    assert card and (card["agency"], card["pathway"]) == ("MEDICARE_QIO", "fast_appeal")
    assert card["phone"] == KINDS.agencies["MEDICARE_QIO"].phone
    _no_first_turn_failure(chat)


@pytest.mark.parametrize(
    "message, language",
    [
        ("the pharmacy said medi-cal rx denied my ozempic, i have medi-cal", "en"),
        ("I have Medi-Cal and the pharmacy says my medication was denied", "en"),
        # A medicine refused with Medi-Cal named is a Medi-Cal Rx matter, however it is said
        # (problem_cues.yml: drug_cost `together`), in one turn, not a guess to confirm (issue 15).
        ("mi seguro no me quiere dar la medicina para la diabetes, tengo medi cal", "es"),
        ("tengo medi-cal y en la farmacia no me quieren surtir la receta de la presion", "es"),
        ("my plan won't give me my diabetes medicine, I have medi-cal", "en"),
    ],
)
def test_a_medi_cal_pharmacy_denial_goes_to_medi_cal_rx(chat, message, language):
    # F7: not the county eligibility worker, not a DMHC plan complaint.
    chat.say(message)
    card = chat.card()
    kb = default(language)
    assert card and card["agency"] == "MEDI_CAL_RX" and card["language"] == language and card["pathway"] != "imr"
    assert card["phone"] == kb.agencies["MEDI_CAL_RX"].phone
    assert kb.first_steps[("DMHC", "complaint")]["default"] not in chat.text()  # no plan grievance first


def test_a_calpers_pers_select_ppo_goes_to_the_plan_then_the_calpers_board(chat):
    # F13 (F5.11): self-funded, not the CDI.
    chat.say("I am a state worker with CalPERS PERS Select PPO, they denied my infusion as not medically necessary")
    card = chat.card()
    assert card and card["agency"] == "HEALTH_PLAN" and card["coverage"] == "other_coverage"
    assert card["phone"] == default().contacts["calpers"].phone


def test_no_insurance_at_the_coverage_question_is_understood_in_words(chat):
    # F14 (c37b): no plan grievance, no emergency-payment guess.
    chat.say("my doctor's office refused to see me and I need surgery")
    if not chat.card():
        chat.say("I have no insurance")
    card = chat.card()
    assert card and card["problem_detail"] == "uninsured" and card["pathway"] != "imr"
    assert card["phone"] == KINDS.agencies[card["agency"]].phone
    assert max_same_question(chat) <= 2


@pytest.mark.parametrize(
    "language, first",
    [
        ("en", "my insurance denied my knee surgery as not medically necessary"),
        ("es", "mi seguro me negó la cirugía de la rodilla, dicen que no es médicamente necesaria"),
    ],
)
def test_the_coverage_question_offers_no_insurance_as_a_button(chat, language, first):
    chat.say(first)
    assert any(b["title"] == say(language, "no_insurance") for b in chat.buttons())
    chat.click(say(language, "no_insurance"))
    card = chat.card()
    assert (
        card and card["problem_detail"] == "uninsured" and card["problem"] == "other" and card["language"] == language
    )


def test_a_ccs_wheelchair_denial_goes_to_the_county_ccs_office_not_dental(chat):
    # F19: the County CCS Program Office; nothing about teeth.
    chat.say("my daughter is in CCS and they denied her wheelchair")
    if not chat.card():
        chat.say("Medi-Cal")
    card = chat.card()
    assert card and card["agency"] == "COUNTY_CCS" and card["agency"] != "MEDI_CAL_DENTAL"
    assert "dental" not in chat.text().lower()


def test_ccs_answered_at_the_coverage_question_is_understood(chat):
    # F21 (c59b): "CCS" at the coverage question.
    chat.say("they denied my son's wheelchair, the doctor says he needs it")
    for answer in ("yes", "CCS"):
        if chat.card():
            break
        chat.say(answer)
    card = chat.card()
    assert card and card["agency"] == "COUNTY_CCS"
    assert max_same_question(chat) <= 2


def test_an_ambulance_company_bill_is_the_surprise_bill_route(chat):
    # F20: only the in-network share for a ground ambulance (F12.23): a complaint, never an IMR.
    chat.say("i got a $2,800 bill from an ambulance company after my car accident, i have Blue Shield HMO")
    card = chat.card()
    assert card and card["problem_detail"] == "surprise_bill" and card["pathway"] != "imr"
    assert default().faq["imr"]["cost"] not in chat.text()


def test_go_back_and_a_late_hmo_never_ask_the_problem_question_more_than_twice(chat):
    # F21 (c60).
    chat.say("Anthem denied my surgery")
    for message in ("go back", "PPO", "wait, it is actually an HMO", "I don't know"):
        if chat.card():
            break
        chat.say(message)
    assert chat.card() and max_same_question(chat) <= 2
    assert say("en", "go_back_hint") in chat.text(1)


def test_not_covered_at_the_reason_question_is_understood(chat):
    # F21 (c54): Kaiser Senior Advantage is Medicare: HICAP.
    chat.say("Kaiser Senior Advantage denied my hearing aids")
    if not chat.card():
        chat.say("not covered")
    card = chat.card()
    assert card and card["agency"] == "HICAP" and card["problem"] == "other"


def test_a_dental_plan_named_at_the_coverage_question_is_understood(chat):
    # F21 (c15b).
    chat.say("delta dental denied my crown, says it's not covered")
    if not chat.card():
        chat.say("it's a dental plan through my job")
    card = chat.card()
    assert card and card["agency"] == "DMHC" and card["problem_detail"] == "dental_vision"
    assert max_same_question(chat) <= 1


def test_a_birth_date_is_not_the_letter_date_and_the_denial_still_routes(chat):
    # F16 (c27).
    chat.say(
        "Hi my name is Maria Gonzalez, DOB 04/12/1968, member ID XKZ123456789, Blue Shield HMO denied my hip surgery. "
        "call me at 415-555-0199"
    )
    assert "date on the plan's letter" not in chat.text()
    for _ in range(2):
        if chat.card():
            break
        chat.click("not medically necessary")
    card = chat.card()
    assert card and card["agency"] == "DMHC" and card["coverage"] == "hmo"


def test_a_share_of_cost_first_message_gets_the_state_hearing_route(chat):
    # F15 (c82): a referral, not "I can't answer that" + "Did this help?".
    chat.say("the county raised my medi-cal share of cost to $900 a month, thats crazy")
    card = chat.card()
    assert card and card["agency"] == "COUNTY_MEDI_CAL" and card["pathway"] == "state_hearing"
    _no_first_turn_failure(chat)
