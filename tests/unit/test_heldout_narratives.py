"""The held-out narrative sets (tests/narratives/heldout_*.yml, heldout2_*.yml and dev3_*.yml, issue 14) are well formed: every
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
NARRATIVES = ROOT / "tests" / "narratives"
# (set, language) -> file. heldout2 is a third set, written later by another author under the same rules.
FILES = {
    ("heldout", "en"): NARRATIVES / "heldout_en.yml",
    ("heldout", "es"): NARRATIVES / "heldout_es.yml",
    ("heldout2", "en"): NARRATIVES / "heldout2_en.yml",
    ("heldout2", "es"): NARRATIVES / "heldout2_es.yml",
    # dev3: a fourth independent set (session 8), for choosing between ways of reading stories.
    ("dev3", "en"): NARRATIVES / "dev3_en.yml",
    ("dev3", "es"): NARRATIVES / "dev3_es.yml",
}
MINIMUM = {  # the briefs
    ("heldout", "en"): 120,
    ("heldout", "es"): 50,
    ("heldout2", "en"): 100,
    ("heldout2", "es"): 50,
    ("dev3", "en"): 60,
    ("dev3", "es"): 90,
}
# `uninsured` (probe F14) came after the first held-out set was written: it has no stories there (a
# follow-up for that set's authors); heldout2 has them.
NOT_IN_SET = {"heldout": {"uninsured"}, "heldout2": set(), "dev3": set()}
DENIALS = ("medical_necessity", "experimental", "emergency_payment")
SOURCES = {"forum", "advice_column", "advocate_story", "news", "complaint"}
KB = default()
KINDS = problem_kinds.default()


def stories(source):
    data = yaml.safe_load(FILES[source].read_text(encoding="utf-8"))
    assert data["language"] == source[1]
    return data["narratives"]


ALL = [(source, s) for source in FILES for s in stories(source)]


@pytest.mark.parametrize("source", FILES, ids=["_".join(source) for source in FILES])
def test_enough_stories_of_every_kind(source):
    found = stories(source)
    assert len(found) >= MINIMUM[source]
    kinds = {s["problem_detail"] or s["problem"] for s in found}
    # The kinds by their card ids (CCS is filed under dental_vision).
    known = {k.card_detail or k.key for k in KINDS.kinds.values()} - NOT_IN_SET[source[0]]
    assert kinds == set(DENIALS) | known | {"plan_service"}


def test_ids_are_unique():
    ids = [s["id"] for _, s in ALL]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("source,story", ALL, ids=[s["id"] for _, s in ALL])
def test_labels_are_known_ids(source, story):
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
    "source,story",
    [(source, s) for source, s in ALL if s["destination"]],
    ids=[s["id"] for _, s in ALL if s["destination"]],
)
def test_destination_is_what_the_decision_table_gives(source, story):
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
    """Held out: no sentence of these stories (of 6 words or more) is in data/nlu/ or in the problem-kind
    training files (data/kinds/, when present)."""

    def norm(text):
        return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())

    files = [p for folder in ("nlu", "kinds") for p in sorted((ROOT / "data" / folder).rglob("*.yml"))]
    training = " \n ".join(norm(p.read_text(encoding="utf-8")) for p in files)
    copied = [
        (s["id"], sentence)
        for _, s in ALL
        for sentence in problem_kinds.sentences(s["text"])
        if len(norm(sentence).split()) >= 6 and norm(sentence) in training
    ]
    assert copied == []
