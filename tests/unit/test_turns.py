"""The decisions the actions used to make, now plain functions in bot/ (bot/context.py,
bot/turns.py): tested without a tracker or a dispatcher."""

import ast
from datetime import date
from pathlib import Path

import pytest

from bot import action_plan, context, turns
from bot.knowledge import default
from bot.routing import Case, route

KB = default()
TODAY = date(2026, 4, 1)
ROOT = Path(__file__).resolve().parents[2]


def test_the_case_needs_a_problem_and_a_coverage_unless_the_kind_goes_to_one_place():
    assert context.case({"problem": "medical_necessity"}) is None
    assert context.case({"coverage": "hmo"}) is None
    found = context.case({"problem": "other", "problem_detail": "workers_comp", "plan_silent": 1})
    assert found == Case("unknown", "other", problem_detail="workers_comp", plan_silent=True)
    assert context.case({"problem": "other", "problem_detail": "surprise_bill"}) is None, (
        "surprise bills ask the coverage"
    )


def test_no_referral_while_a_question_is_open_or_the_case_is_unknown_to_the_data():
    slots = {"problem": "medical_necessity", "coverage": "hmo"}
    assert context.given_referral(slots, False, KB).agency.key == "DMHC"
    assert context.given_referral(slots, True, KB) is None
    assert context.given_referral({**slots, "coverage": "forged"}, False, KB) is None


def test_a_referral_counts_as_given_until_a_restart():
    given = [{"event": "action", "name": "action_give_referral"}]
    assert context.given_before(given)
    assert not context.given_before(given + [{"event": "restart"}])


def test_a_correction_is_a_change_of_the_case_by_the_latest_message():
    events = [{"event": "slot", "name": "coverage", "value": "hmo"}, {"event": "user"}]
    assert not context.case_changed(events, {"coverage": "hmo"})
    assert context.case_changed(events, {"coverage": "medicare"})


def test_the_stored_letter_date_is_a_date_or_nothing():
    assert context.stored_letter_date("2026-03-03") == date(2026, 3, 3)
    assert context.stored_letter_date("soon") is None and context.stored_letter_date(None) is None


def test_asking_for_the_dates_without_the_letters_date_asks_for_it_once():
    ref = route(Case("hmo", "medical_necessity"), KB)
    turn = turns.on_request("ask_dates", ref, None, None, KB, TODAY)
    # The route's own time rules first (probe s5 P5), then the question for the letter's date, once.
    rules = [d.text("en") for d in action_plan.build(ref, kb=KB).deadlines]
    assert turn.slots == {"awaiting": "letter_date"} and len(turn.replies) == 2
    assert turn.replies[0]["text"] == " ".join(rules) and rules
    dated = turns.on_request("ask_dates", ref, date(2026, 3, 3), None, KB, TODAY)
    assert dated.slots == {} and "deadlines" in dated.replies[0]["custom"]
    assert [b["payload"] for b in dated.replies[1]["buttons"]] == ["/ask_steps", "/ask_summary", "/ask_question"]


def test_after_the_referral_a_typed_date_dates_the_plan_and_anything_else_gets_the_number():
    ref = route(Case("hmo", "medical_necessity"), KB)
    dated = turns.unplaced("March 3", ref, None, KB, TODAY)
    assert dated.slots == {"letter_date": "2026-03-03", "awaiting": None} and not dated.ask_feedback
    other = turns.unplaced("ok thanks bye", ref, None, KB, TODAY)
    assert other.slots == {} and other.ask_feedback and ref.phone in other.replies[0]["text"]


def test_a_date_in_the_future_is_said_back_and_in_the_questions_it_is_only_noted():
    ref = route(Case("hmo", "medical_necessity"), KB)
    assert turns.letter_date_given(None, "May 3", False, ref, KB, TODAY).replies
    assert turns.letter_date_given(None, "May 3", True, None, KB, TODAY).replies == []
    noted = turns.letter_date_given(date(2026, 3, 3), "March 3", True, None, KB, TODAY)
    assert len(noted.replies) == 1 and noted.slots == {}


def test_a_followup_that_was_really_an_emergency_or_a_story_before_the_referral():
    emergency = turns.followup(None, "medical_emergency", None, None, None, None, False, KB)
    assert emergency.replies[0]["text"].startswith(KB.faq["emergency"]) and not emergency.questions
    story = turns.followup(None, "report_denial", None, None, None, None, False, KB)
    assert story.replies == [] and story.questions
    assert not turns.followup(None, "report_denial", None, None, None, None, True, KB).questions


def test_an_imr_question_that_tells_a_problem_goes_on_with_the_questions():
    assert turns.imr_question("what is an IMR?", "what", None, KB).replies[0]["text"].startswith(KB.faq["imr"]["what"])
    story = turns.imr_question("I can't afford my share of the drug", "cost", None, KB)
    assert story.questions and story.replies == []


@pytest.mark.parametrize("folder", ["actions", "channels", "storage", "bot"])
def test_no_file_over_400_lines_and_no_function_over_50(folder):
    paths = sorted((ROOT / folder).rglob("*.py"))
    assert paths, folder
    for path in paths:
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 400, path
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno < 50, f"{path.relative_to(ROOT)}: {node.name}"
