"""A denial whose reason the person can't tell (probe P54): not "a complaint". The denial read from
their words is kept (else "not medically necessary", the most common reason), and the referral says
the agency reads the letter and decides whether it is an IMR (facts F1.4, F2.3)."""

from itertools import product

import pytest
import yaml

from bot import action_plan, replies
from bot.knowledge import COVERAGES, KNOWLEDGE_DIR, default
from bot.language import LANGUAGES
from bot.messages import say
from bot.routing import Case, route
from bot.understanding import extract
from bot.understanding.attempts import REASON_UNKNOWN

DENIALS = ("medical_necessity", "experimental", "emergency_payment")


def _steps(language):
    path = KNOWLEDGE_DIR / ("routing.yml" if language == "en" else f"{language}/routing.yml")
    return yaml.safe_load(path.read_text())["first_steps"]


def _not_sure_twice(slots, slot, texts=("I don't know", "no idea")):
    first = extract("dont_know", [], slot, slots, text=texts[0])
    return extract("dont_know", [], slot, {**slots, **first}, text=texts[1])


def test_not_sure_twice_after_a_told_denial_is_a_denial_the_agency_decides():
    slots = {"problem_words": "Kaiser denied my surgery", "plan": "kaiser", "coverage": "hmo"}
    second = _not_sure_twice(slots, "problem")
    assert second["problem"] == "medical_necessity" and second["problem_confirmed"] == REASON_UNKNOWN


def test_not_sure_twice_with_no_denial_told_stays_something_else():
    slots = {"problem_words": "I have a question about my plan", "coverage": "hmo"}
    assert _not_sure_twice(slots, "problem")["problem"] == "other"


@pytest.mark.parametrize("guess", DENIALS)
def test_not_sure_twice_at_the_confirmation_keeps_the_denial_read_from_the_story(guess):
    slots = {"problem": guess, "problem_guess": "yes", "problem_words": "they denied it"}
    second = _not_sure_twice(slots, "problem_confirmed")
    assert second.get("problem", guess) == guess and second["problem_confirmed"] == REASON_UNKNOWN


@pytest.mark.parametrize(
    "text",
    ["they didn't say why", "the letter doesn't give a reason", "no me dijeron por que", "sin ninguna explicacion"],
)
def test_no_reason_given_is_not_sure_at_the_reason_question(text):
    slots = {"problem_words": "Kaiser denied my surgery"}
    # Whatever the NLU called it: counted as "not sure" (no "Sorry, I didn't catch that").
    assert extract("out_of_scope", [], "problem", slots, text=text)["attempts"]["reason"] == "unsure"


def test_a_reason_given_later_replaces_the_unknown_one():
    slots = {"problem": "medical_necessity", "problem_confirmed": REASON_UNKNOWN, "coverage": "hmo"}
    later = extract("problem_experimental", [], None, slots, text="the letter says the drug is experimental")
    assert later["problem"] == "experimental" and later.get("problem_confirmed") != REASON_UNKNOWN


@pytest.mark.parametrize("language,coverage,problem", list(product(LANGUAGES, COVERAGES, DENIALS)))
def test_every_route_with_its_own_step_for_an_unknown_reason_gives_it(language, coverage, problem):
    kb = default(language)
    ref = route(Case(coverage, problem, fair_hearing="not_requested", reason_unknown=True), kb)
    own = (_steps(language).get(ref.agency.key) or {}).get(ref.pathway, {}).get("reason_unknown")
    known = route(Case(coverage, problem, fair_hearing="not_requested"), kb)
    usual = route(Case(coverage, "medical_necessity", fair_hearing="not_requested"), kb)
    if own and ref.first_step != usual.first_step:
        assert ref.first_step == " ".join(own.split())
        # A grievance comes first, even when the story read as experimental: its deadline too.
        assert ref.deadlines == usual.deadlines
    else:  # Medicare, Medi-Cal (its own 60-day plan appeal), the plan's own appeal: the step stays
        assert ref.first_step == known.first_step
    assert ref.agency == known.agency and ref.pathway == known.pathway


def test_the_seed_agencies_have_a_step_for_an_unknown_reason():
    for language in LANGUAGES:
        steps = _steps(language)
        assert steps["DMHC"]["imr"]["reason_unknown"] and steps["CDI"]["imr"]["reason_unknown"]
    assert "1-888-466-2219" in route(Case("hmo", "medical_necessity", reason_unknown=True)).agency.phone


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_summary_says_the_reason_is_not_known(language):
    kb = default(language)
    ref = route(Case("hmo", "medical_necessity", reason_unknown=True), kb)
    fields = {
        f["key"]: f["value"]
        for f in replies.case_summary(ref, action_plan.build(ref), None, kb)["custom"]["case_summary"]["fields"]
    }
    assert fields["problem"] == say(language, "summary_reason_unknown")
    assert fields["asking"] == say(language, "asking_imr_or_complaint")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("coverage,agency", [("hmo", "DMHC"), ("unknown", "DMHC"), ("other_ppo_or_insurance", "CDI")])
def test_a_plan_or_insurer_denial_with_no_known_reason_gets_the_step_that_says_who_decides(language, coverage, agency):
    kb = default(language)
    ref = route(Case(coverage, "medical_necessity", reason_unknown=True), kb)
    assert ref.agency.key == agency and ref.imr
    assert ref.first_step == " ".join(_steps(language)[agency]["imr"]["reason_unknown"].split())
    assert ref.first_step != route(Case(coverage, "medical_necessity"), kb).first_step
