"""The held-out narrative sets (tests/narratives/heldout_*.yml, issue 14 part 6) are well formed: every
label is an id the knowledge data knows, the labelled destination is what the decision table gives for
the labelled problem and coverage, and no story is in the training data. The stories themselves are
scored against the bot by tools/eval_narratives.py (floors in tests/thresholds.yml)."""

import re
from pathlib import Path

import pytest
import yaml

from bot import problem_kinds
from bot.knowledge import default
from bot.routing import Case, route

ROOT = Path(__file__).resolve().parents[2]
FILES = {"en": ROOT / "tests" / "narratives" / "heldout_en.yml", "es": ROOT / "tests" / "narratives" / "heldout_es.yml"}
MINIMUM = {"en": 120, "es": 50}  # issue 14's brief for this set
DENIALS = ("medical_necessity", "experimental", "emergency_payment")
SOURCES = {"forum", "advice_column", "advocate_story", "news", "complaint"}
KB = default()
KINDS = problem_kinds.default()


def stories(language):
    data = yaml.safe_load(FILES[language].read_text(encoding="utf-8"))
    assert data["language"] == language
    return data["narratives"]


ALL = [(language, s) for language in FILES for s in stories(language)]


@pytest.mark.parametrize("language", FILES)
def test_enough_stories_of_every_kind(language):
    found = stories(language)
    assert len(found) >= MINIMUM[language]
    kinds = {s["problem_detail"] or s["problem"] for s in found}
    # The kinds by their card ids (CCS is filed under dental_vision). `uninsured` (probe F14) came
    # after the set was written: it has no held-out stories yet (a follow-up for the set's authors).
    known = {k.card_detail or k.key for k in KINDS.kinds.values()} - {"uninsured"}
    assert kinds == set(DENIALS) | known | {"plan_service"}


def test_ids_are_unique():
    ids = [s["id"] for _, s in ALL]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("language,story", ALL, ids=[s["id"] for _, s in ALL])
def test_labels_are_known_ids(language, story):
    assert story["problem"] in KB.problems
    assert (story["problem"] == "other") == (story["problem_detail"] is not None)
    assert story["problem_detail"] in set(KINDS.kinds) | {"plan_service", None}
    assert story["coverage"] in set(KB.coverages) | {None}
    assert story["coverage_if_asked"] in KB.coverages
    assert story["coverage"] in (None, story["coverage_if_asked"])
    assert story["modelled_on"] in SOURCES
    agencies = set(KB.agencies) | set(KINDS.agencies)
    # Only CCS stories (County CCS Program Office: no agreed id) have no destination.
    assert story["destination"] in agencies or (
        story["destination"] is None and story["problem_detail"] == "dental_vision"
    )
    medi_cal_denial = story["problem"] in DENIALS and story["coverage_if_asked"] == "medi_cal_managed_care"
    assert ("fair_hearing_if_asked" in story) == medi_cal_denial
    assert 2 <= len(problem_kinds.sentences(story["text"])) <= 6


@pytest.mark.parametrize(
    "language,story",
    [(lang, s) for lang, s in ALL if s["destination"]],
    ids=[s["id"] for _, s in ALL if s["destination"]],
)
def test_destination_is_what_the_decision_table_gives(language, story):
    """The label agrees with the routing data for the labelled problem and coverage. Where a kind's
    route depends on the person's words (a Medicare discharge goes to the QIO), only the choice
    between its destinations is checked, so the cue words are never tuned to these stories."""
    detail = story["problem_detail"]
    if detail in KINDS.kinds and any(r.when for r in KINDS.kinds[detail].routes):
        assert story["destination"] in {r.agency for r in KINDS.kinds[detail].routes}
        return
    pharmacy = story["problem"] in DENIALS and story["destination"] == "MEDI_CAL_RX"
    case = Case(
        coverage=story["coverage_if_asked"],
        problem=story["problem"],
        fair_hearing=story.get("fair_hearing_if_asked"),
        coverage_detail="medi_cal_rx" if pharmacy else None,
        problem_detail=detail,
    )
    assert route(case).agency.key == story["destination"]


def test_no_story_is_in_the_training_data():
    """Held out: no sentence of these stories (of 6 words or more) is in data/nlu/."""

    def norm(text):
        return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())

    training = " \n ".join(norm(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / "nlu").rglob("*.yml")))
    copied = [
        (s["id"], sentence)
        for _, s in ALL
        for sentence in problem_kinds.sentences(s["text"])
        if len(norm(sentence).split()) >= 6 and norm(sentence) in training
    ]
    assert copied == []
