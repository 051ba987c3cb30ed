"""A second problem told after the referral ("also my Medi-Cal got cancelled", "otra cosa, ..."): a new
case with its own referral, the earlier one kept for the summary; a correction or a question after the
referral keeps its own handling (probe s7: the first card came again)."""

import pytest
from rasa_sdk.events import SlotSet

from actions.answers import ActionGiveReferral, ActionOnRequest
from actions.extract import ActionExtractCase
from bot import new_problem, problem_kinds
from bot.context import case
from bot.knowledge import default
from bot.messages import say
from bot.routing import route
from tests.unit.test_actions import run, tracker
from tests.unit.test_probe_followups import after_referral as referred_then

FIRST = {"coverage": "hmo", "problem": "medical_necessity", "plan": "kaiser", "problem_words": "Kaiser denied my MRI"}
LAST_CASE = {"coverage": "hmo", "problem": "medical_necessity", "problem_detail": None}


def after_referral(text, intent, slots=None, confidence=1.0):
    """A tracker after a DMHC referral (Kaiser HMO, MRI), then the latest message."""
    t = referred_then({**FIRST, "last_case": LAST_CASE, **(slots or {})}, text, intent)
    t.latest_message["intent"]["confidence"] = confidence
    return t


@pytest.mark.parametrize(
    "text",
    [
        "also my Medi-Cal got cancelled last month",
        "another thing, the hospital sent me a $9,000 bill",
        "One more thing: my son's therapy was denied too",
        "and my Medi-Cal also got cut off",
        "otra cosa, me cancelaron el Medi-Cal",
        "también el hospital me mandó una factura",
        "tambien me llego un cobro del hospital",
        "Además, tengo otro problema con una cuenta del hospital",
    ],
)
def test_a_message_that_brings_another_problem_is_announced(text):
    assert new_problem.announced(text)


@pytest.mark.parametrize(
    "text",
    [
        "actually it's a PPO",
        "sorry, I meant Medi-Cal",
        "sorry, also it is a PPO",  # a correction word wins
        "en realidad es Medi-Cal",
        "perdón, también es de Medi-Cal",
        "my Medi-Cal got cancelled last month",  # no word of another problem: today's handling
        "what about the bill?",
        "/ask_summary",
    ],
)
def test_a_correction_or_a_plain_message_is_not_another_problem(text):
    assert not new_problem.announced(text)


def test_another_problem_after_the_referral_starts_a_new_case_and_keeps_the_first():
    _, events = run(ActionExtractCase(), after_referral("also my Medi-Cal got cancelled last month", "problem_other"))
    slots = {e["name"]: e["value"] for e in events}
    assert slots["problem"] == "other" and slots["problem_detail"] == "medi_cal_eligibility"
    assert slots["problem_words"] == "also my Medi-Cal got cancelled last month"
    earlier = slots["last_case"]["earlier"]
    assert [(c["coverage"], c["problem"], c["plan"]) for c in earlier] == [("hmo", "medical_necessity", "kaiser")]
    assert "problem" not in slots["last_case"]  # no referral for the new problem yet


def test_another_problem_keeps_the_coverage_so_only_what_the_new_route_needs_is_asked():
    _, events = run(
        ActionExtractCase(),
        after_referral("one more thing, they also denied my son's therapy as experimental", "problem_experimental"),
    )
    slots = {e["name"]: e["value"] for e in events}
    assert slots["problem"] == "experimental" and "coverage" not in slots  # still Kaiser HMO: not asked again
    assert slots["last_case"]["earlier"][0]["problem"] == "medical_necessity"


@pytest.mark.parametrize(
    "text,intent",
    [
        ("actually it's a PPO", "inform_coverage"),
        ("also, what about the $300 urgent care bill?", "problem_emergency_payment"),
        ("also thanks a lot", "thank"),
    ],
)
def test_a_correction_a_question_or_no_problem_keeps_the_referral_given(text, intent):
    _, events = run(ActionExtractCase(), after_referral(text, intent))
    assert not any(e["name"] in ("last_case", "problem", "problem_words") for e in events)


def test_the_new_problems_referral_says_which_problem_it_answers_not_what_changed():
    kb = default("en")
    pending = {"earlier": [{**LAST_CASE, "plan": "kaiser"}]}
    slots = {"coverage": "hmo", "problem": "other", "problem_detail": "hospital_bill", "last_case": pending}
    messages, events = run(ActionGiveReferral(), tracker(slots, intent="problem_other", text="another thing, a bill"))
    intro = say("en", "new_problem_intro", problem=problem_kinds.label("hospital_bill", kb))
    assert messages[0]["text"] == intro
    assert not any(say("en", "changed_intro", changes="")[:10] in (m.get("text") or "") for m in messages)
    assert messages[1]["custom"]["referral"]["problem_detail"] == "hospital_bill"
    (last,) = [e for e in events if e["name"] == "last_case"]
    assert last["value"]["problem_detail"] == "hospital_bill" and last["value"]["earlier"] == pending["earlier"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_summary_names_the_current_problem_first_and_the_earlier_one_with_its_number(language):
    kb = default(language)
    earlier = {**LAST_CASE, "plan": "kaiser"}
    slots = {
        "coverage": "medi_cal_managed_care",
        "problem": "other",
        "problem_detail": "medi_cal_eligibility",
        "language": language,
        "last_case": {
            "coverage": "medi_cal_managed_care",
            "problem": "other",
            "problem_detail": "medi_cal_eligibility",
            "earlier": [earlier],
        },
    }
    messages, _ = run(ActionOnRequest(), tracker(slots, intent="ask_summary", text="/ask_summary"))
    summary = messages[0]["custom"]["case_summary"]
    now, before = route(case(slots), kb), route(case(earlier), kb)
    assert summary["agency"] == now.agency.key == "COUNTY_MEDI_CAL" and summary["phone"] == now.phone
    (line,) = [f for f in summary["fields"] if f["key"] == "earlier"]
    assert line["label"] == say(language, "summary_earlier") and before.phone in line["value"]
    assert kb.problems["medical_necessity"].label in line["value"]
    assert messages[0]["text"].index(now.phone) < messages[0]["text"].index(before.phone)


def test_before_the_new_problems_referral_the_first_ones_plan_is_not_given():
    slots = {
        "coverage": "hmo",
        "problem": "other",
        "problem_detail": "hospital_bill",
        "last_case": {"earlier": [LAST_CASE]},
    }
    messages, _ = run(ActionOnRequest(), tracker(slots, intent="ask_steps", text="/ask_steps"))
    assert not any("referral" in (m.get("custom") or {}) for m in messages)
    assert messages and default().agencies["DMHC"].phone not in messages[0]["text"]


def test_a_new_problem_event_is_set_once_though_extraction_runs_twice():
    """Rasa runs slot extraction again when a form starts: the second run changes nothing."""
    t = after_referral("otra cosa, me cancelaron el Medi-Cal el mes pasado", "problem_other")
    _, first = run(ActionExtractCase(), t)
    for e in first:
        t.slots[e["name"]] = e["value"]
    t.events.extend(first)
    _, second = run(ActionExtractCase(), t)
    assert second == [] and SlotSet("language", "es") in first
