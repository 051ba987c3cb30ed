"""The plan after the referral: steps in order, dated deadlines, what to have ready, the summary.

Expected values are read from the knowledge data (bot/knowledge/next_steps.yml), plus a few
literal checks of the official deadlines (facts.md F1.15, F3.1, F3.2).
"""

from datetime import date
from itertools import product

import pytest

from bot import action_plan, followups, replies
from bot.dates import format_date
from bot.knowledge import FAIR_HEARING, PROBLEMS, default
from bot.language import LANGUAGES
from bot.routing import Case, route

KB = default()


def all_cases():
    """Every case the decision table distinguishes, with each other-coverage kind."""
    for coverage, problem in product(KB.coverages, PROBLEMS):
        hearings = FAIR_HEARING if coverage == "medi_cal_managed_care" else (None,)
        details = tuple(KB.other_kinds) if coverage == "other_coverage" else (None,)
        for hearing, detail in product(hearings, details):
            yield Case(coverage, problem, fair_hearing=hearing, coverage_detail=detail)


CASES = list(all_cases())


def test_literal_deadlines_from_the_official_pages():
    assert KB.clocks["dmhc"].months == 6  # F1.15
    assert KB.clocks["cdi_imr"].months == 6  # F2.5
    assert KB.clocks["medi_cal_plan_appeal"].days == 60  # F3.1
    assert KB.clocks["state_hearing"].days == 120  # F3.2


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_case_gets_steps_deadlines_and_what_to_have_ready(case, language):
    kb = default(language)
    referral = route(case, kb)
    entry = action_plan.step_plan(referral, kb)
    plan = action_plan.build(referral, date(2026, 3, 3), today=date(2026, 4, 1), kb=kb)
    assert plan.steps == entry.steps and plan.steps
    # What to have ready is the route's own list (bot/knowledge/followups.yml), else the denial-letter list.
    assert plan.have_ready == followups.have_ready(referral, kb) and len(plan.have_ready) >= 2
    assert plan.facts and plan.sources and all(s.startswith("http") for s in plan.sources)
    later = followups.followups(language).later_letter_clocks
    for deadline, key in zip(plan.deadlines, entry.clocks):
        clock = kb.clocks[key]
        if key in later:  # counted from a later letter (the State Hearing's, F10.1): its rule, no date
            assert deadline.due is None and deadline.text(language) == clock.text
            continue
        assert deadline.due == action_plan.due_date(clock, date(2026, 3, 3)) and not deadline.passed
        assert format_date(deadline.due, language) in deadline.text(language)
    # The same plan, step for step, in every language.
    english = action_plan.step_plan(route(case), KB)
    assert len(entry.steps) == len(english.steps) and entry.clocks == english.clocks


@pytest.mark.parametrize("case", [c for c in CASES if route(c).agency.key in ("DMHC", "CDI")], ids=str)
def test_experimental_denials_skip_the_plan_grievance_and_others_start_with_the_plan(case):
    referral = route(case)
    clocks = action_plan.step_plan(referral, KB).clocks
    if case.problem == "experimental" and referral.imr:
        assert "plan_grievance" not in clocks and "medi_cal_plan_appeal" not in clocks
    elif case.coverage == "medi_cal_managed_care" and referral.imr:
        assert clocks[0] == "medi_cal_plan_appeal"
    elif case.coverage == "medi_cal_managed_care":
        # A Medi-Cal complaint that is not about a decision has no time limit (F10.17): no 6 months.
        assert "plan_grievance" not in clocks
    else:
        assert clocks[0] == "plan_grievance"


@pytest.mark.parametrize(
    "letter, clock, due",
    [
        (date(2025, 8, 31), "dmhc", date(2026, 2, 28)),  # month end, ordinary February
        (date(2027, 8, 31), "dmhc", date(2028, 2, 29)),  # month end, leap-year February
        (date(2026, 3, 31), "dmhc", date(2026, 9, 30)),  # 31st into a 30-day month
        (date(2028, 2, 29), "cdi_imr", date(2028, 8, 29)),  # from a leap day
        (date(2026, 1, 1), "medi_cal_plan_appeal", date(2026, 3, 2)),
        (date(2028, 1, 1), "medi_cal_plan_appeal", date(2028, 3, 1)),  # 60 days over a leap February
        (date(2026, 12, 15), "state_hearing", date(2027, 4, 14)),  # over the year end
    ],
)
def test_due_dates_at_month_ends_and_leap_years(letter, clock, due):
    assert action_plan.due_date(KB.clocks[clock], letter) == due


def test_a_past_deadline_is_flagged_and_said():
    referral = route(Case("hmo", "medical_necessity"))
    plan = action_plan.build(referral, date(2025, 1, 10), today=date(2026, 1, 1))
    assert all(d.passed for d in plan.deadlines)
    assert replies.action_plan(plan)["text"].count("That date has passed") == len(plan.deadlines)


def test_without_a_date_the_plan_says_how_the_time_counts():
    referral = route(Case("hmo", "medical_necessity"))
    plan = action_plan.build(referral)
    text = replies.action_plan(plan)["text"]
    assert all(d.due is None and d.clock.text in text for d in plan.deadlines)
    for n, step in enumerate(plan.steps, 1):
        assert f"{n}. {step}" in text
    assert all(item in text for item in KB.have_ready)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_summary_has_the_number_the_words_and_the_dates(language):
    kb = default(language)
    referral = route(Case("hmo", "medical_necessity", plan_name="kaiser"), kb)
    plan = action_plan.build(referral, date(2026, 3, 3), today=date(2026, 4, 1), kb=kb)
    reply = replies.case_summary(referral, plan, "they denied my MRI", kb)
    card = reply["custom"]["case_summary"]
    values = {f["key"]: f["value"] for f in card["fields"]}
    dmhc = kb.agencies["DMHC"]
    assert dmhc.phone in values["call"] and dmhc.tty in values["call"]
    assert values["words"] == '"they denied my MRI"' and "Kaiser Permanente" in values["coverage"]
    assert values["letter_date"] == format_date(date(2026, 3, 3), language)
    assert format_date(date(2026, 9, 3), language) in reply["text"]
    assert card["text"] == reply["text"] and card["language"] == language


def test_the_summary_for_other_coverage_names_the_kind_and_whoever_answers_the_phone():
    referral = route(Case("other_coverage", "medical_necessity", coverage_detail="employer_self_funded"))
    reply = replies.case_summary(referral, action_plan.build(referral), None)
    values = {f["key"]: f["value"] for f in reply["custom"]["case_summary"]["fields"]}
    assert KB.contacts["ebsa"].phone in values["call"]
    assert values["coverage"] == KB.other_kinds["employer_self_funded"].label and "words" not in values


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_deadline_printed_on_the_letter_that_comes_first_is_the_one_given(language):
    """Probe F18: a letter dated October 14, 2026 that says "within 180 days" (April 12, 2027) and the
    6-month count (April 14, 2027): one date, the letter's, with a note; never both."""
    kb = default(language)
    referral = route(Case("hmo", "medical_necessity"), kb)
    letter = date(2026, 10, 14)
    printed = date(2027, 4, 12)
    plan = action_plan.build(referral, letter, today=date(2026, 11, 1), kb=kb, letter_deadline=printed)
    first = plan.deadlines[0]
    own = followups.followups(language).letter_deadline_clocks
    assert first.clock.key in own
    assert first.due == printed and first.from_letter
    assert format_date(printed, language) in first.text(language)
    assert followups.followups(language).letter_deadline_note in first.text(language)
    counted = action_plan.due_date(first.clock, letter)
    assert counted > printed and format_date(counted, language) not in first.text(language)
    assert first.text(language) in replies.dates(plan, kb)["text"]
    # A printed deadline later than the count changes nothing: the earlier date is given.
    later = action_plan.build(referral, letter, today=date(2026, 11, 1), kb=kb, letter_deadline=date(2027, 10, 1))
    assert later.deadlines[0].due == counted and not later.deadlines[0].from_letter
