"""What the assistant says once it knows the route, and its answers to what comes next: the s4
probe's findings F2-F5, F8-F12, F17, F18, F22, F24 (/work/helpers/s4/probe_report.md).

Expected values are read from the knowledge data (bot/knowledge/), in both languages; the
phrasings are the probe's own words or new ones, not the training data."""

from datetime import date

import pytest

from actions.answers import (
    ActionAnswerFollowup,
    ActionAnswerImrQuestion,
    ActionAnswerOutsideQuestion,
    ActionGiveReferral,
    ActionNotUnderstood,
)
from actions.ask import ActionAskProblemConfirmed
from actions.form import ValidateReferralForm
from bot import action_plan, followups, problem_kinds, replies
from bot.knowledge import default
from bot.letter.case import slot_updates
from bot.messages import say
from bot.routing import Case, route
from tests.unit.test_actions import run, tracker

EN, ES = default("en"), default("es")
KBS = pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
HMO = {"coverage": "hmo", "problem": "medical_necessity"}
COUNTY = {"problem": "other", "problem_detail": "medi_cal_eligibility"}


def after_referral(slots, text, intent, language="en"):
    """A tracker where the referral was given, then `text` came in."""
    slots = {**slots, "language": language}
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    events += [
        {"event": "action", "name": "action_give_referral"},
        {"event": "user", "text": text, "parse_data": message},
    ]
    return tracker(slots, intent=intent, text=text, events=events)


# F3, F10: "what's a TTY" read as "not sure", after the referral, is answered with the route's TTY.
@KBS
def test_whats_a_tty_after_the_referral_is_answered_not_ok(kb):
    text = "what's a TTY" if kb.language == "en" else "¿qué es TTY?"
    messages, _ = run(ActionAnswerOutsideQuestion(), after_referral(HMO, text, "dont_know", kb.language))
    dmhc = kb.agencies["DMHC"]
    assert dmhc.tty in messages[0]["text"]
    assert messages[0]["text"] != replies.acknowledged(kb)["text"]


def test_a_plain_ok_after_the_referral_is_still_acknowledged():
    messages, _ = run(ActionAnswerOutsideQuestion(), after_referral(HMO, "ok", "affirm"))
    assert messages[0]["text"] == replies.acknowledged(EN)["text"]


@KBS
def test_a_question_i_cant_place_after_the_referral_gets_the_routed_number_not_ok(kb):
    text = "why would they do that?" if kb.language == "en" else "¿por qué harían eso?"
    messages, _ = run(ActionAnswerOutsideQuestion(), after_referral(COUNTY, text, "dont_know", kb.language))
    county = problem_kinds.default(kb.language).agencies["COUNTY_MEDI_CAL"]
    assert county.phone in messages[0]["text"]
    assert messages[0]["text"] != replies.acknowledged(kb)["text"]


@KBS
def test_repeat_the_number_is_the_number_with_its_tty_not_a_failure(kb):
    text = "repeat the number" if kb.language == "en" else "repítame el número"
    messages, _ = run(ActionNotUnderstood(), after_referral(HMO, text, "nlu_fallback", kb.language))
    dmhc = kb.agencies["DMHC"]
    assert dmhc.phone in messages[0]["text"] and dmhc.tty in messages[0]["text"]
    assert messages[0]["text"] != replies.after_referral(route(Case(**HMO), kb), kb)["text"]


# F4: "do I have to appeal to anthem first?" after the experimental referral.
@KBS
def test_appeal_first_after_an_experimental_referral_says_no(kb):
    slots = {"coverage": "anthem_or_blue_shield_ppo", "problem": "experimental"}
    text = "do I have to appeal to anthem first?" if kb.language == "en" else "¿tengo que apelar con anthem primero?"
    messages, _ = run(ActionNotUnderstood(), after_referral(slots, text, "nlu_fallback", kb.language))
    data = {t.key: t for t in followups.followups(kb.language).topics}["appeal_first"].answers
    assert messages[0]["text"] == data["DMHC.experimental"].text


# F9: "can someone help me for free" (read as "does the IMR cost") on the county route: no IMR text.
@KBS
def test_free_help_on_the_county_route_is_not_about_the_imr(kb):
    text = "can someone help me for free" if kb.language == "en" else "¿necesito un abogado?"
    intent = "ask_imr_cost" if kb.language == "en" else "ask_followup"
    action = ActionAnswerImrQuestion() if kb.language == "en" else ActionAnswerFollowup()
    messages, _ = run(action, after_referral(COUNTY, text, intent, kb.language))
    assert "IMR" not in messages[0]["text"]
    assert kb.contacts["health_consumer_alliance"].phone in messages[0]["text"]


# F2: mid-flow, a Medi-Cal member's "what if the IMR says no?" names the State Hearing.
@KBS
def test_what_if_the_imr_says_no_mid_flow_for_medi_cal_names_the_state_hearing(kb):
    slots = {
        "coverage": "medi_cal_managed_care",
        "problem": "medical_necessity",
        "requested_slot": "fair_hearing",
        "language": kb.language,
    }
    text = "what if the IMR says no?" if kb.language == "en" else "¿y si la IMR dice que no?"
    messages, _ = run(
        ActionAnswerImrQuestion(), tracker(slots, intent="ask_imr_what", text=text, active_loop="referral_form")
    )
    assert kb.contacts["state_hearings"].phone in messages[0]["text"] and "120" in messages[0]["text"]


@KBS
def test_whats_a_tty_at_a_question_is_answered_before_it_is_asked_again(kb):
    slots = {
        "coverage": "medi_cal_managed_care",
        "problem": "medical_necessity",
        "requested_slot": "fair_hearing",
        "language": kb.language,
    }
    text = "what's a TTY" if kb.language == "en" else "¿qué es un TTY?"
    messages, _ = run(
        ValidateReferralForm(), tracker(slots, intent="dont_know", text=text, active_loop="referral_form")
    )
    assert messages and "TTY" in messages[0]["text"] and kb.agencies["DMHC"].tty in messages[0]["text"]


# F5: the story's confirmation, asked again after a question in between, is short and says what Yes does.
@KBS
def test_the_confirmation_asked_again_is_the_short_form(kb):
    slots = {"problem": "experimental", "problem_guess": True, "language": kb.language}
    first, _ = run(ActionAskProblemConfirmed(), tracker(slots, text="x"))
    events = [{"event": "bot", "text": first[0]["text"]}, {"event": "user", "text": "what documents do I need"}]
    again, _ = run(ActionAskProblemConfirmed(), tracker(slots, text="what documents do I need", events=events))
    assert first[0]["text"] == replies.confirm_problem("experimental", None, kb)["text"]
    assert again[0]["text"] == say(kb.language, "confirm_problem_again") != first[0]["text"]
    assert [b["payload"] for b in again[0]["buttons"]] == ["/affirm", "/deny"]


# F17: "THIS IS URGENT" in the story: the urgent way on the first screen.
@KBS
def test_urgent_in_the_first_message_puts_the_urgent_way_on_the_first_screen(kb):
    text = (
        "MY HMO DENIED MY CHEMO SAYING ITS NOT MEDICALLY NECESSARY I HAVE STAGE 3 CANCER THIS IS URGENT"
        if kb.language == "en"
        else "MI HMO ME NEGÓ LA QUIMIO, DICE QUE NO ES NECESARIA, TENGO CÁNCER, ES URGENTE"
    )
    messages, _ = run(
        ActionGiveReferral(), tracker({**HMO, "language": kb.language}, intent="problem_medical_necessity", text=text)
    )
    urgent = {t.key: t for t in followups.followups(kb.language).topics}["urgent"].answers["DMHC"].text
    assert urgent in messages[0]["text"] and messages[0]["custom"]["referral"]["first_step"] == urgent
    assert kb.first_steps[("DMHC", "imr")]["default"] not in messages[0]["text"]


def test_urgent_care_is_not_an_urgent_case():
    slots = {"coverage": "hmo", "problem": "emergency_payment"}
    messages, _ = run(
        ActionGiveReferral(),
        tracker(slots, intent="problem_emergency_payment", text="my plan won't pay for my urgent care visit"),
    )
    assert messages[0]["custom"]["referral"]["first_step"] == route(Case(**slots)).first_step


# F8: Medi-Cal Rx and Medi-Cal Dental: their own first step, not a commercial plan's.
@KBS
def test_medi_cal_rx_and_dental_first_steps_are_their_own(kb):
    kinds = problem_kinds.default(kb.language).kinds
    for kind, agency in (("drug_cost", "MEDI_CAL_RX"), ("dental_vision", "MEDI_CAL_DENTAL")):
        ref = route(Case("medi_cal_managed_care", "other", problem_detail=kind), kb)
        assert ref.agency.key == agency
        assert ref.first_step == kinds[kind].medi_cal_first_step != kinds[kind].first_step
        assert kb.contacts["state_hearings"].phone in ref.first_step
        assert "$250" not in ref.first_step and "(grievance)" not in ref.first_step
    hmo = route(Case("hmo", "other", problem_detail="drug_cost"), kb)
    assert kinds["drug_cost"].first_step in hmo.first_step  # other coverage: unchanged


# F11: a place with no number of its own says whose number it gives.
@KBS
def test_the_hospital_bill_referral_says_whose_number_it_is(kb):
    ref = route(Case("unknown", "other", problem_detail="hospital_bill"), kb)
    text = replies.referral(ref, kb)["text"]
    hca = kb.contacts["health_consumer_alliance"]
    assert say(kb.language, "also_call_short", name=hca.name, phone=hca.phone, tty="") in text
    assert say(kb.language, "go_to", agency=ref.agency.short_name, phone=hca.phone, tty="") not in text


# F22: TRICARE's deadline and the federal employees' OPM step on the first screen.
@KBS
def test_tricare_and_fehb_first_screens_carry_their_deadlines(kb):
    tricare = route(Case("other_coverage", "medical_necessity", coverage_detail="tricare"), kb)
    assert f"{kb.clocks['tricare_appeal'].days} " in replies.referral(tricare, kb)["text"]  # F5.8
    fehb = route(Case("other_coverage", "medical_necessity", coverage_detail="federal_employee"), kb)
    text = replies.referral(fehb, kb)["text"]
    assert f"{kb.clocks['federal_employee_reconsider'].months} " in text and "OPM" in text  # F5.7
    assert kb.other_kinds["federal_employee"].first_step in text


# F18: a letter with its own printed deadline: one date, the earlier.
def test_a_letters_printed_deadline_is_kept_and_gives_the_one_date():
    letter = {"letter": {"letter_date": "2026-10-14", "appeal_deadline": {"days": 180}, "language": "en"}}
    updates = slot_updates(letter, {}, date(2026, 11, 1))
    assert updates["letter_deadline"] == "2027-04-12"
    slots = {**HMO, "letter_date": "2026-10-14", "letter_deadline": "2027-04-12"}
    messages, _ = run(ActionAnswerFollowup(), after_referral(slots, "what's the deadline", "ask_followup"))
    assert "April 12, 2027" in messages[0]["text"] and "April 14, 2027" not in messages[0]["text"].split(".")[0]
    plan = action_plan.build(route(Case(**HMO)), date(2026, 10, 14), kb=EN, letter_deadline=date(2027, 4, 12))
    assert plan.deadlines[0].from_letter


# F24: "That's OK" only after "I don't know"; the summary's coverage reads plainly.
@KBS
def test_thats_ok_is_said_after_i_dont_know_not_after_a_misunderstanding(kb):
    unclear = replies.ask("problem", {"attempts": {"slot": "problem", "count": 1, "reason": "unclear"}}, kb=kb)["text"]
    unsure = replies.ask("problem", {"attempts": {"slot": "problem", "count": 1, "reason": "unsure"}}, kb=kb)["text"]
    assert unclear.startswith(say(kb.language, "sorry_retry")) and say(kb.language, "ask_problem_unsure") != unclear
    assert unsure == say(kb.language, "ask_problem_unsure")
    ok = say(kb.language, "ask_problem_unsure").split(".")[0]
    assert ok not in unclear


@KBS
def test_the_summary_names_the_ppos_company_once(kb):
    ref = route(Case("anthem_or_blue_shield_ppo", "medical_necessity", plan_name="blue_shield"), kb)
    plan = action_plan.build(ref, kb=kb)
    fields = {
        f["key"]: f["value"] for f in replies.case_summary(ref, plan, None, kb)["custom"]["case_summary"]["fields"]
    }
    named = [e for e in kb.gazetteer if e.key == "blue_shield"][0]
    assert fields["coverage"] == say(kb.language, "summary_ppo_from", plan=named.name)
    assert kb.coverages["anthem_or_blue_shield_ppo"] not in fields["coverage"]


@pytest.mark.parametrize(
    "said, topic",
    [
        ("¿a qué número de fax lo mando?", "mail_fax"),
        ("what's the fax number to send it", "mail_fax"),
        ("¿qué número es?", "repeat_number"),
        ("what number is that", "repeat_number"),
    ],
)
def test_the_fax_number_is_not_the_phone_number(said, topic):
    assert followups.topic(said) == topic
