"""Corrections that must change the case, at any time (issue 14, probe s8 failures 2, 7 and 11): a
State Hearing said not asked for after the referral, a plan named after "Uninsured", "not sure if
it's an HMO or a PPO", the last of several coverage statements, "it's not an HMO", an IMR question
on a Medi-Medi route, and two side questions at "Is that right?". Values come from the data."""

import re
from datetime import date

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.answers import ActionAnswerImrQuestion, ActionAnswerOutsideQuestion, ActionGiveReferral
from actions.extract import ActionExtractCase
from bot import followups, problem_kinds
from bot.replies import questions
from bot.context import FORM, context_updates
from bot.knowledge import default
from bot.messages import say
from bot.routing import Case, route
from bot.understanding import extract
from tests.unit.test_actions import run, tracker

EN, ES = default("en"), default("es")
MEDI_CAL_CASE = {"coverage": "medi_cal_managed_care", "problem": "medical_necessity"}


def _entities(text, *pairs):
    """(value, label) pairs found in `text`, with their positions, as the NLU gives them."""
    found = [
        {"entity": label, "value": value, "start": m.start(), "end": m.end()}
        for value, label in pairs
        for m in re.finditer(re.escape(value), text)
    ]
    return sorted(found, key=lambda e: e["start"])


def _after_referral(before, now, text, intent="deny"):
    """A tracker after a referral given for `before`, whose latest message (`text`) set `now`."""
    events = [{"event": "slot", "name": k, "value": v} for k, v in before.items()]
    events += [
        {"event": "action", "name": "action_give_referral"},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, "entities": []}},
    ]
    events += [{"event": "slot", "name": k, "value": v} for k, v in now.items() if before.get(k) != v]
    return tracker({**before, **now}, intent=intent, text=text, events=events)


@pytest.mark.parametrize(
    "text, said",
    [
        ("sorry, I was wrong, I have NOT asked for a hearing", "not_requested"),
        ("I haven't asked for a state hearing", "not_requested"),
        ("perdon, me equivoque, no he pedido audiencia", "not_requested"),
        ("actually I did ask for a hearing", "requested"),
        ("ya pedimos la audiencia", "requested"),
    ],
)
def test_a_hearing_said_after_the_referral_changes_the_hearing_answer(text, said):
    # probe en44, es29: "I have NOT asked for a hearing" after a Medi-Cal Ombudsman card.
    hearing = "requested" if said == "not_requested" else "not_requested"
    updates = extract("deny", [], None, {**MEDI_CAL_CASE, "fair_hearing": hearing}, text=text)
    assert updates.get("fair_hearing") == said


@pytest.mark.parametrize(
    "text",
    [
        "do I have to ask for a hearing?",
        "I don't know if I asked for a hearing",
        "no se si pedi audiencia",
        "I want to ask for a hearing",
        "can I still ask for a hearing",
    ],
)
def test_a_question_or_a_not_sure_about_the_hearing_changes_nothing(text):
    updates = extract("ask_followup", [], None, {**MEDI_CAL_CASE, "fair_hearing": "requested"}, text=text)
    assert "fair_hearing" not in updates


def test_a_correction_read_as_a_no_after_the_referral_gives_the_new_referral():
    before = {**MEDI_CAL_CASE, "fair_hearing": "requested"}
    t = _after_referral(before, {"fair_hearing": "not_requested"}, "sorry, I was wrong, I have NOT asked for a hearing")
    messages, events = run(ActionAnswerOutsideQuestion(), t)
    assert messages == [] and events == [FollowupAction(FORM)]
    # A plain "no" after the referral changes nothing: "OK", as before.
    plain = _after_referral(before, {}, "no")
    messages, events = run(ActionAnswerOutsideQuestion(), plain)
    assert FollowupAction(FORM) not in events and messages


@pytest.mark.parametrize("kb", [EN, ES])
def test_the_new_referral_says_the_hearing_changed_and_goes_to_the_dmhc(kb):
    last = {**MEDI_CAL_CASE, "problem_detail": None, "fair_hearing": "requested"}
    slots = {**MEDI_CAL_CASE, "fair_hearing": "not_requested", "last_case": last, "language": kb.language}
    messages, events = run(ActionGiveReferral(), tracker(slots, intent="deny", text="x"))
    lang = kb.language
    change = say(lang, "changed_hearing", old=say(lang, "hearing_requested"), new=say(lang, "hearing_not_requested"))
    assert messages[0]["text"] == say(lang, "changed_intro", changes=change)
    expected = route(Case(fair_hearing="not_requested", **MEDI_CAL_CASE), kb)
    card = messages[1]["custom"]["referral"]
    assert (card["agency"], card["pathway"]) == (expected.agency.key, expected.pathway)
    assert card["agency"] != route(Case(fair_hearing="requested", **MEDI_CAL_CASE), kb).agency.key
    assert events[0].get("value", {}).get("fair_hearing") == "not_requested"


@pytest.mark.parametrize(
    "story, text, plan",
    [
        ("the ambulance company sent me a bill for $1900", "actually I do have insurance, it's Kaiser", "Kaiser"),
        ("hola, mi seguro no quiere pagar la ambulancia, me cobraron 2500", "it's a Kaiser plan", "Kaiser"),
    ],
)
def test_a_plan_named_after_uninsured_reads_the_story_again(story, text, plan):
    # probe en45, es18: the summary said HMO but the card kept "no plan to appeal to".
    slots = {"problem": "other", "problem_detail": "uninsured", "coverage": "unknown", "problem_words": story}
    updates = extract("inform_coverage", _entities(text, (plan, "plan")), None, slots, text=text)
    told = problem_kinds.read(story)
    assert updates["coverage"] == EN.plan("kaiser").coverage
    assert (updates.get("problem", slots["problem"]), updates["problem_detail"]) == (told.problem, told.detail)
    referral = route(Case(updates["coverage"], told.problem, problem_detail=told.detail), EN)
    assert referral.case.problem_detail != "uninsured" and referral.agency.key != "COVERED_CALIFORNIA"
    # The story stays the person's words for the summary, not the correction.
    message = {"text": text, "intent": {"name": "inform_coverage"}}
    assert "problem_words" not in context_updates(message, slots, updates, date.today())


def test_a_plan_named_after_uninsured_with_no_story_asks_the_problem_again():
    slots = {"problem": "other", "problem_detail": "uninsured", "coverage": "unknown"}
    text = "actually I have Kaiser"
    updates = extract("inform_coverage", _entities(text, ("Kaiser", "plan")), None, slots, text=text)
    assert updates["problem"] is None and updates["problem_detail"] is None


def test_the_uninsured_extract_action_after_the_referral_keeps_the_new_case():
    slots = {"problem": "other", "problem_detail": "uninsured", "coverage": "unknown"}
    text = "actually I do have insurance, it's Kaiser"
    events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    events += [{"event": "action", "name": "action_give_referral"}]
    events += [
        {
            "event": "user",
            "text": text,
            "parse_data": {"intent": {"name": "inform_coverage"}, "entities": _entities(text, ("Kaiser", "plan"))},
        }
    ]
    t = tracker(slots, text=text, entities=_entities(text, ("Kaiser", "plan")), events=events)
    _, set_now = run(ActionExtractCase(), t)
    assert SlotSet("coverage", "hmo") in set_now and SlotSet("problem_detail", None) in set_now


@pytest.mark.parametrize("text", ["no se si es HMO o PPO", "I'm not sure if it's an HMO or a PPO"])
def test_not_sure_between_two_kinds_is_not_sure(text):
    # probe es03: stored as HMO.
    slots = {"problem": "other", "problem_detail": "surprise_bill", "plan": "blue_shield", "problem_guess": "yes"}
    slots["coverage_pending"] = "hmo_or_ppo"
    updates = extract(
        "inform_coverage",
        _entities(text, ("HMO", "coverage_type"), ("PPO", "coverage_type")),
        "problem_confirmed",
        slots,
        text=text,
    )
    assert not updates.get("coverage")
    assert updates["attempts"]["slot"] == "coverage" and updates["attempts"]["reason"] == "unsure"


def test_never_said_hmo_after_the_referral_forgets_the_kind_and_asks_it():
    text = "no se si es HMO, nunca dije que era HMO"
    slots = {"problem": "other", "problem_detail": "surprise_bill", "plan": "blue_shield", "coverage": "hmo"}
    updates = extract("inform_coverage", _entities(text, ("HMO", "coverage_type")), None, slots, text=text)
    assert updates["coverage"] is None and updates["coverage_pending"] == "hmo_or_ppo"


def test_the_last_explicit_coverage_statement_wins():
    # probe en14: "NOT Anthem ... Sutter Health Plus maybe? no wait that's an HMO. It's an Aetna PPO."
    text = (
        "My PPO refused to cover my daughter's eating disorder residential program, they said outpatient is "
        "enough. Just so you know it's NOT Anthem or Blue Shield, it's a smaller company, Sutter Health Plus "
        "maybe? no wait that's an HMO. It's an Aetna PPO."
    )
    entities = _entities(
        text,
        ("PPO", "coverage_type"),
        ("Anthem", "plan"),
        ("Blue Shield", "plan"),
        ("Sutter Health Plus", "plan"),
        ("HMO", "coverage_type"),
        ("Aetna", "plan"),
    )
    updates = extract("problem_medical_necessity", entities, None, {}, text=text)
    assert (updates["plan"], updates["coverage"]) == ("aetna", EN.plan("aetna").ppo_coverage)


@pytest.mark.parametrize(
    "text, pairs, coverage",
    [
        (
            "Kaiser denied my MRI. I have Medi-Cal through them.",
            [("Kaiser", "plan"), ("Medi-Cal", "coverage_type")],
            None,
        ),
        ("I have an HMO. The company is Health Net.", [("HMO", "coverage_type"), ("Health Net", "plan")], "hmo"),
    ],
)
def test_a_program_or_a_kind_said_earlier_still_counts(text, pairs, coverage):
    updates = extract("inform_coverage", _entities(text, *pairs), None, {}, text=text)
    expected = coverage or EN.names["medi-cal"].coverage
    assert updates["coverage"] == expected


def test_not_an_hmo_for_a_plan_sold_as_both_leaves_its_ppo():
    # probe en37: "It's not an HMO" and then "HMO or PPO?" was asked.
    text = "Blue Cross denied my CT scan as not medically necessary. It's not an HMO. I bought it through Covered California."
    entities = _entities(text, ("Blue Cross", "plan"), ("HMO", "coverage_type"), ("Covered California", "plan"))
    updates = extract("problem_medical_necessity", entities, None, {}, text=text)
    assert updates["coverage"] == EN.plan("anthem").ppo_coverage and not updates.get("coverage_pending")
    # The same at the plan's HMO-or-PPO question.
    text = "It's not an HMO"
    slots = {"plan": "anthem", "coverage_pending": "hmo_or_ppo", "problem": "medical_necessity"}
    updates = extract("inform_coverage", _entities(text, ("HMO", "coverage_type")), "coverage", slots, text=text)
    assert updates["coverage"] == EN.plan("anthem").ppo_coverage


def test_not_an_hmo_after_a_kaiser_referral_asks_the_coverage_again():
    text = "It's not an HMO"
    slots = {"plan": "kaiser", "coverage": "hmo", "problem": "medical_necessity"}
    updates = extract("inform_coverage", _entities(text, ("HMO", "coverage_type")), None, slots, text=text)
    assert updates["coverage"] is None


@pytest.mark.parametrize("kb, text", [(EN, "can I get an IMR?"), (ES, "puedo pedir una IMR?")])
def test_an_imr_question_on_a_medi_medi_route_is_answered_for_medi_medi(kb, text):
    # probe en35: "Not through the DMHC" on a Medi-Medi route, where a Medi-Cal service can go to an IMR.
    slots = {"coverage": "medicare", "coverage_detail": "medi_medi", "problem": "medical_necessity"}
    slots["language"] = kb.language
    messages, _ = run(ActionAnswerImrQuestion(), tracker(slots, intent="ask_imr_what", text=text))
    medi_medi = route(Case(**{k: v for k, v in slots.items() if k != "language"}), kb)
    medicare = route(Case("medicare", "medical_necessity"), kb)
    assert messages[0]["text"] == followups.answer("imr_here", medi_medi, kb)["text"]
    assert messages[0]["text"] != followups.answer("imr_here", medicare, kb)["text"]
    assert kb.agencies["DMHC"].phone in messages[0]["text"] and kb.agencies["HICAP"].phone in messages[0]["text"]


def test_two_side_questions_at_is_that_right_keep_the_hospital_bill_reading():
    # probe es04: "me pueden demandar?", then "necesito abogado?" (the NLU unsure) dropped the reading.
    slots = {"problem": "other", "problem_detail": "hospital_bill", "problem_guess": "yes", "coverage": "unknown"}
    slots["attempts"] = {"slot": "problem_confirmed", "count": 1, "reason": "answered"}
    updates = extract("nlu_fallback", [], "problem_confirmed", slots, text="necesito abogado?", confidence=0.5)
    assert "problem" not in updates and "problem_detail" not in updates
    assert updates.get("problem_confirmed") not in (None, "no")


def test_the_change_line_after_uninsured_names_uninsured_not_unsure():
    last = {"coverage": "unknown", "problem": "other", "problem_detail": "uninsured"}
    slots = {"coverage": "hmo", "problem": "other", "problem_detail": "surprise_bill", "last_case": last}
    messages, _ = run(ActionGiveReferral(), tracker(slots, text="actually I do have insurance, it's Kaiser"))
    assert say("en", "changed_coverage", old=say("en", "no_insurance"), new=EN.coverages["hmo"]) in messages[0]["text"]


def test_a_hearing_told_on_a_route_it_does_not_change_is_not_a_new_case():
    # A Medicare case: "we had a hearing" changes nothing, so no referral is given again for it.
    slots = {"coverage": "medicare", "problem": "medical_necessity"}
    assert "fair_hearing" not in extract("problem_other", [], None, slots, text="actually we requested a hearing")


def test_not_an_hmo_with_no_plan_leaves_the_hmo_out_of_the_coverage_question():
    # probe en37: "ask only what is left".
    text = "my insurance denied my MRI, it is not an HMO"
    slots = extract("problem_medical_necessity", _entities(text, ("HMO", "coverage_type")), None, {}, text=text)
    assert not slots.get("coverage")
    buttons = questions._ask_coverage(slots, EN, False, False, "")["buttons"]
    kinds = [b["payload"] for b in buttons]
    assert not any('"hmo"' in p for p in kinds) and any('"other_ppo_or_insurance"' in p for p in kinds)
    # Its plan named next, sold as an HMO or a PPO: its PPO, not "HMO or PPO?" again.
    updates = extract(
        "inform_coverage", _entities("Blue Cross", ("Blue Cross", "plan")), "coverage", slots, text="Blue Cross"
    )
    assert updates["coverage"] == EN.plan("anthem").ppo_coverage


def test_a_doubt_about_something_else_leaves_the_kind_said():
    text = "I'm not sure if they will pay for the surgery my doctor ordered, it's an HMO"
    updates = extract("problem_medical_necessity", _entities(text, ("HMO", "coverage_type")), None, {}, text=text)
    assert updates["coverage"] == "hmo" and "attempts" not in updates
