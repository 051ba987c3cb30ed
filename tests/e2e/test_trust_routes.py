"""Issue 15 routes over REST: Medi-Medi gets both paths, Medi-Cal Rx a State Hearing only, a county-run
Medi-Cal plan is named without a licence claim, a plan through a job hears about self-funded plans.
Expected texts are read from the knowledge data."""

import pytest

from bot.knowledge import default
from bot.messages import say
from tools.chat import Chat

EN, ES = default("en"), default("es")


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def answer_questions(chat: Chat, kb, picks) -> dict:
    """Press the first offered button among `picks` until the referral card comes (at most 4 turns)."""
    for _ in range(4):
        if chat.card():
            return chat.card()
        titles = [b["title"] for b in chat.buttons()]
        pick = next((t for t in titles if t in picks), None)
        assert pick, f"unexpected question: {chat.text()}"
        chat.click(pick)
    return chat.card()


def told(chat: Chat) -> str:
    """The referral turn and the steps asked for after it (the referral fits one phone screen; the
    rest of what this route must say is one tap away)."""
    referral = chat.text()
    chat.say("/ask_steps")
    return referral + "\n" + chat.text()


@pytest.mark.parametrize(
    "kb, story",
    [
        (EN, "I have a medi-medi plan and they refused my home health aide, they say I don't need it"),
        (ES, "tengo un plan medi-medi y me negaron la enfermera en casa, dicen que no la necesito"),
    ],
)
def test_medi_medi_gets_both_paths(chat, kb, story):
    chat.say(story)
    card = answer_questions(chat, kb, [kb.problems["medical_necessity"].label])
    assert card["agency"] == "HICAP"
    assert card["first_step"] == kb.first_steps[("HICAP", "medicare_help")]["detail:medi_medi"]
    text = told(chat)
    assert kb.agencies["DMHC"].phone in text and kb.contacts["state_hearings"].phone in text


def test_saying_medi_medi_after_a_medicare_referral_gives_both_paths(chat):
    chat.say("my medicare advantage plan denied my knee surgery as not medically necessary")
    assert chat.card()["agency"] == "HICAP" and EN.extras["medicare_dual_hint"] in told(chat)
    chat.say("Medi-Medi")
    card = chat.card()
    assert card and card["first_step"] == EN.first_steps[("HICAP", "medicare_help")]["detail:medi_medi"]


@pytest.mark.parametrize(
    "kb, story",
    [
        (EN, "Medi-Cal Rx denied my inhaler at the pharmacy, they say I don't need the brand one"),
        (ES, "Medi-Cal Rx me negó el inhalador en la farmacia, dicen que no lo necesito"),
    ],
)
def test_medi_cal_rx_goes_to_a_state_hearing(chat, kb, story):
    chat.say(story)
    card = answer_questions(chat, kb, [kb.problems["medical_necessity"].label])
    assert (card["agency"], card["pathway"]) == ("MEDI_CAL_RX", "state_fair_hearing")
    text = told(chat)
    assert kb.faq["imr"]["cost"] not in text and kb.contacts["state_hearings"].phone in text


@pytest.mark.parametrize(
    "kb, story",
    [
        (EN, "CalOptima denied my son's therapy as not medically necessary"),
        (ES, "CalOptima le negó la terapia a mi hijo, dicen que no es médicamente necesaria"),
    ],
)
def test_a_county_run_plan_is_named_and_sent_to_the_help_center(chat, kb, story):
    chat.say(story)
    card = answer_questions(chat, kb, [kb.problems["medical_necessity"].label, say(kb.language, "answer_no")])
    assert card["agency"] == "DMHC"
    text = told(chat)
    assert kb.extras["medi_cal_county_run"].replace("{plan}", "CalOptima") in text
    assert kb.extras["medi_cal_not_licensed"] not in text


def test_a_ppo_through_a_job_hears_how_to_check_for_a_self_funded_plan(chat):
    chat.say("I have an Aetna PPO through my job and they denied my MRI as not medically necessary")
    card = answer_questions(chat, EN, [EN.coverages["other_ppo_or_insurance"], "Another company"])
    assert card["agency"] == "CDI" and EN.extras["job_plan"] in told(chat)
