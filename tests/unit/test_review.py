"""`make review` (tools/review.py): export what the assistant was unsure of; add labelled examples."""

import asyncio
import shutil

import yaml
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from storage.tracker_store import PrivateSQLTrackerStore
from tools import review, synthetic_events
from tools.synthetic_events import KINDS
from tools.tracker_events import ROOT

WEB_DMHC, UNSURE, _, _, WEB_STOPPED, _ = KINDS


def user(text, intent, confidence):
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    return UserUttered(text, parse["intent"], parse_data=parse, input_channel="rest")


def test_export_lists_fallbacks_and_low_confidence_redacted(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    synthetic_events.write(url, {WEB_DMHC: 4, UNSURE: 2, WEB_STOPPED: 3})
    # Through the real tracker store, which redacts what it writes.
    store = PrivateSQLTrackerStore(db=str(tmp_path / "c.db"))
    asyncio.run(
        store.save(
            DialogueStateTracker.from_events(
                "x",
                [
                    user("my member id is XYZ123456789 and they refused", "problem_other", 0.42),
                    user("kaiser denied my MRI", "problem_medical_necessity", 0.97),
                    user("will it rain tomorrow", "out_of_scope", 0.96),
                    ActionExecuted("action_out_of_scope"),
                ],
            )
        )
    )
    path, count = review.export(url, None, None, tmp_path / "review")
    entries = yaml.safe_load(path.read_text())["messages"]
    by_text = {e["text"]: e for e in entries}
    assert count == 4 == len(entries)
    assert by_text["will it rain tomorrow"]["predicted"] == "out_of_scope", "answered with 'I didn't understand'"
    assert by_text["blah what"] == {
        "text": "blah what",
        "language": "en",
        "predicted": "nlu_fallback",
        "confidence": 0.5,
        "times": 3,
        "intent": "",
    }
    assert by_text["its through work i think"]["times"] == 2
    assert by_text["its through work i think"]["predicted"] == "inform_coverage"
    (removed,) = [e for e in entries if "refused" in e["text"]]
    assert "XYZ123456789" not in removed["text"] and "[removed]" in removed["text"]
    assert "kaiser denied my MRI" not in by_text, "confident messages are not for review"
    assert entries[0]["times"] == 3, "the most frequent first"


def labelled(tmp_path, rows):
    path = tmp_path / "labelled.yml"
    path.write_text(yaml.safe_dump({"messages": rows}))
    return path


def test_add_puts_new_examples_in_data_nlu_and_refuses_duplicates_and_held_out(tmp_path):
    nlu = tmp_path / "nlu"
    shutil.copytree(ROOT / "data" / "nlu", nlu)
    training = next(t for t in review._texts([ROOT / "data" / "nlu" / "problems.yml"]) if len(t.split()) > 4)
    held_out = next(t for t in review._texts([ROOT / "tests" / "nlu" / "heldout.yml"]) if len(t.split()) > 4)
    scripted = yaml.safe_load((ROOT / "tests" / "conversations" / "scripted.yml").read_text())["conversations"][0][
        "turns"
    ][0]
    rows = [
        {"text": "my plan is ghosting me about the wheelchair", "language": "en", "intent": "problem_other"},
        {"text": "My plan is ghosting me about the wheelchair.", "language": "en", "intent": "problem_other"},
        {"text": "el seguro no me contesta nada", "language": "es", "intent": "problem_other"},
        {"text": training.upper(), "language": "en", "intent": "problem_medical_necessity"},
        {"text": held_out, "language": "en", "intent": "problem_medical_necessity"},
        {"text": scripted, "language": "en", "intent": "problem_medical_necessity"},
        {"text": "i want a pony", "language": "en", "intent": "pony"},
        {"text": "not labelled", "language": "en", "intent": ""},
    ]
    outcome = review.add(labelled(tmp_path, rows), nlu_dir=nlu)
    assert outcome.added == {
        nlu / "reviewed.yml": {"problem_other": 1},
        nlu / "es" / "reviewed.yml": {"problem_other": 1},
    }
    reasons = [why for _, why in outcome.refused]
    assert reasons[0] == "already in the training data"  # the same words again, in the same file
    assert reasons[1] == "already in the training data"
    assert reasons[2].startswith("in the held-out evaluation data (tests/nlu/heldout.yml")
    assert reasons[3].startswith("in the held-out evaluation data (tests/conversations/scripted.yml")
    assert reasons[4] == "no intent 'pony' in domain.yml"
    assert len(outcome.refused) == 5
    written = yaml.safe_load((nlu / "reviewed.yml").read_text())["nlu"]
    assert written == [{"intent": "problem_other", "examples": "- my plan is ghosting me about the wheelchair\n"}]
    assert "added 1 to" in "\n".join(outcome.lines())
    # A second run adds nothing: everything is in the training data now.
    again = review.add(labelled(tmp_path, rows[:3]), nlu_dir=nlu)
    assert not again.added and [why for _, why in again.refused] == ["already in the training data"] * 3


def test_added_file_is_valid_rasa_training_data(tmp_path):
    from rasa.shared.nlu.training_data.loading import load_data

    nlu = tmp_path / "nlu"
    nlu.mkdir()
    rows = [
        {"text": "they keep saying my claim is 'in process'", "language": "en", "intent": "problem_other"},
        {"text": "a: b # c", "language": "en", "intent": "problem_other"},
    ]
    review.add(labelled(tmp_path, rows), nlu_dir=nlu, held_out=[])
    examples = {m.get("text") for m in load_data(str(nlu / "reviewed.yml")).intent_examples}
    assert examples == {"they keep saying my claim is 'in process'", "a: b # c"}
