"""Measure how well the assistant understands people and routes them (`make eval`).

- NLU on the held-out sets, English and Spanish (tests/nlu/heldout*.yml, never used for training):
  intent and entity precision / recall / F1 per label and macro, confusion matrix and errors under
  reports/eval/.
- Optional 5-fold cross-validation on the training data (--cross-validation).
- Scripted whole conversations, English and Spanish, through the REST channel's code: the final
  referral card (with the language it was given in) must match exactly.
The model is loaded once, in this process (tools/local_bot.py); tests/e2e test the served bot.
Fails (exit 1) when a figure is below tests/thresholds.yml.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import yaml

from tools import eval_pii
from tools import eval_readability
from tools import eval_kind_model, eval_narratives
from tools.chat import Chat, Webhook
from tools.local_bot import LocalBot
from tools.servers import BIN, MODEL, ROOT

REPORTS = ROOT / "reports" / "eval"
# Section in the summary and tests/thresholds.yml -> file.
HELDOUT = {"heldout": ROOT / "tests" / "nlu" / "heldout.yml", "heldout_es": ROOT / "tests" / "nlu" / "heldout_es.yml"}
SCRIPTED = {
    "conversations": ROOT / "tests" / "conversations" / "scripted.yml",
    "conversations_es": ROOT / "tests" / "conversations" / "scripted_es.yml",
    # issue 14: the new kinds of problem (problem_detail), scored once the set is in
    "conversations_new_kinds": ROOT / "tests" / "conversations" / "new_kinds.yml",
    "conversations_new_kinds_es": ROOT / "tests" / "conversations" / "new_kinds_es.yml",
}
THRESHOLDS = ROOT / "tests" / "thresholds.yml"
DOMAIN = ROOT / "domain.yml"
ENTITY_LABELS = ("plan", "coverage_type")


@contextmanager
def loaded(model: Path = MODEL, bot: Optional[LocalBot] = None) -> Iterator[LocalBot]:
    """`bot` if given (the model already loaded), else `model` loaded for the duration."""
    if bot is not None:
        yield bot
        return
    with LocalBot(model) as own:
        yield own


def rasa(*args: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    subprocess.run(
        [str(BIN / "rasa"), *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def intent_scores(out: Path) -> Dict[str, Any]:
    """Intent macro-F1 and per-intent F1 from a `rasa test nlu` report dir."""
    intents = json.loads((out / "intent_report.json").read_text())
    per_intent = {k: v for k, v in intents.items() if isinstance(v, dict) and "support" in v and not k.endswith("avg")}
    return {
        "intent_macro_f1": intents["macro avg"]["f1-score"],
        "intent_accuracy": intents.get("accuracy"),
        "intents": {k: round(v["f1-score"], 3) for k, v in sorted(per_intent.items())},
    }


def _prf(tp: int, fp: int, fn: int) -> Dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1-score": round(f1, 3), "support": tp + fn}


def entity_scores(nlu_file: Path, out: Path, bot: LocalBot) -> Dict[str, Any]:
    """Exact-span entity P/R/F1 per label and micro, parsing each message with the trained model.

    `rasa test nlu` skips SpacyEntityExtractor (it counts it as pretrained), so this is measured here.
    """
    from rasa.shared.nlu.training_data.loading import load_data

    examples = [m for m in load_data(str(nlu_file)).nlu_examples if m.get("text")]

    async def parse_all() -> List[Dict[str, Any]]:
        return [await bot.agent.parse_message(m.get("text")) for m in examples]

    counts = {label: [0, 0, 0] for label in ENTITY_LABELS}
    errors = []
    for message, parsed in zip(examples, bot.run(parse_all())):
        gold = {
            (e["start"], e["end"], e["entity"]) for e in message.get("entities") or [] if e["entity"] in ENTITY_LABELS
        }
        got = {(e["start"], e["end"], e["entity"]) for e in parsed["entities"] if e["entity"] in ENTITY_LABELS}
        for label in ENTITY_LABELS:
            g, p = {x for x in gold if x[2] == label}, {x for x in got if x[2] == label}
            counts[label][0] += len(g & p)
            counts[label][1] += len(p - g)
            counts[label][2] += len(g - p)
        if gold != got:
            text = message.get("text")
            errors.append(
                {
                    "text": text,
                    "missed": [text[s:e] for s, e, _ in gold - got],
                    "extra": [text[s:e] for s, e, _ in got - gold],
                }
            )
    out.mkdir(parents=True, exist_ok=True)
    (out / "entity_errors.json").write_text(json.dumps(errors, indent=2))
    micro = _prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return {"entity_f1": micro["f1-score"], "entities": {label: _prf(*c) for label, c in counts.items()}}


def test_nlu(path: Path, out: Path, bot: LocalBot) -> None:
    """What `rasa test nlu --nlu <path> --out <out>` does (the same function, arguments and
    reports), with the model already loaded."""
    from rasa.nlu.test import run_evaluation

    out.mkdir(parents=True, exist_ok=True)
    bot.run(
        run_evaluation(str(path), bot.agent.processor, output_directory=str(out), errors=True, domain_path=str(DOMAIN))
    )


def evaluate_heldout(
    name: str, path: Path, model: Path = MODEL, reports: Path = REPORTS, bot: Optional[LocalBot] = None
) -> Dict[str, Any]:
    out = reports / name
    with loaded(model, bot) as bot:
        test_nlu(path, out, bot)
        return {**intent_scores(out), **entity_scores(path, out, bot)}


def cross_validate(folds: int) -> Dict[str, Any]:
    out = REPORTS / "cross_validation"
    rasa(
        "test",
        "nlu",
        "--nlu",
        "data/nlu",
        "--config",
        "config.yml",
        "--cross-validation",
        "--folds",
        str(folds),
        "--out",
        str(out),
    )
    return intent_scores(out)


def run_conversation(webhook: Webhook, script: Dict[str, Any]) -> Dict[str, Any]:
    chat = Chat(webhook)
    card = None
    for turn in script["turns"]:
        chat.say(turn)
        card = chat.card() or card
    expect = script["expect"]
    got = {k: (card or {}).get(k) for k in expect}
    return {
        "name": script["name"],
        "ok": got == expect,
        "expected": expect,
        "got": got,
        "last_reply": chat.text() if got != expect else None,
        "max_same_question": eval_narratives.max_same_question(chat),
    }


def evaluate_conversations(
    model: Path = MODEL, reports: Path = REPORTS, bot: Optional[LocalBot] = None
) -> Dict[str, Dict[str, Any]]:
    """Every scripted set against one loaded bot; failures under reports/eval/<set>_failures.json."""
    scores = {}
    with loaded(model, bot) as bot, ThreadPoolExecutor(max_workers=4) as pool:
        for name, path in SCRIPTED.items():
            if not path.exists():
                continue
            scripts = yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]
            results = list(pool.map(lambda s: run_conversation(bot.say, s), scripts))
            correct = sum(r["ok"] for r in results)
            failures = [r for r in results if not r["ok"]]
            (reports / f"{name}_failures.json").write_text(json.dumps(failures, indent=2, ensure_ascii=False))
            scores[name] = {
                "routing_accuracy": correct / len(results),
                "conversations": len(results),
                "correct": correct,
                "question_limit_ok": float(
                    all(r["max_same_question"] <= eval_narratives.QUESTION_LIMIT for r in results)
                ),
            }
        scores.update(eval_narratives.evaluate(bot.say, pool, reports))  # issue 14: people's own stories
    return scores


def check(summary: Dict[str, Any], thresholds: Dict[str, Dict[str, float]]) -> List[str]:
    misses = []
    for section, floors in thresholds.items():
        for key, floor in floors.items():
            value = summary.get(section, {}).get(key)
            if value is not None and value < floor:
                misses.append(f"{section}.{key} = {value:.3f} < {floor}")
    return misses


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cross-validation", action="store_true", help="also run 5-fold cross-validation (about 4 min)"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--seeds", action="store_true", help="also train with other random seeds: floors per seed (tools/eval_seeds.py)"
    )
    args = parser.parse_args(argv)
    REPORTS.mkdir(parents=True, exist_ok=True)

    with LocalBot() as bot:  # the model, loaded once for the held-out sets and the conversations
        summary: Dict[str, Any] = {name: evaluate_heldout(name, path, bot=bot) for name, path in HELDOUT.items()}
        if args.cross_validation:
            summary["cross_validation"] = cross_validate(args.folds)
        summary.update(evaluate_conversations(bot=bot))
    summary["kind_model"] = eval_kind_model.evaluate()  # the problem-kind classifier alone
    summary["pii"] = eval_pii.evaluate()  # redaction on tests/privacy/pii_corpus.yml
    summary["pii_heldout"] = eval_pii.evaluate(eval_pii.HELDOUT)
    summary["readability"], reading = eval_readability.evaluate()
    (REPORTS / "summary.json").write_text(json.dumps(summary, indent=2))

    for name in HELDOUT:
        h = summary[name]
        print(f"{name}: intent macro-F1 {h['intent_macro_f1']:.3f}, entity F1 {h['entity_f1']:.3f}")
        for intent, f1 in h["intents"].items():
            print(f"  {intent:28s} {f1:.3f}")
    if "cross_validation" in summary:
        cv = summary["cross_validation"]
        print(f"cross-validation ({args.folds} folds): intent macro-F1 {cv['intent_macro_f1']:.3f}")
    for name in (n for n in SCRIPTED if n in summary):
        c = summary[name]
        print(f"{name}: {c['correct']}/{c['conversations']} routed right")
    print("kind classifier alone: " + ", ".join(f"{k} {v:.3f}" for k, v in summary["kind_model"].items()))
    print(eval_pii.describe(summary["pii"]))
    print(eval_pii.describe(summary["pii_heldout"], "pii_heldout"))
    print(eval_readability.report(summary["readability"], reading))
    eval_narratives.report(summary)
    misses = check(summary, yaml.safe_load(THRESHOLDS.read_text())) + eval_readability.check(summary["readability"])
    for miss in misses:
        print(f"BELOW THRESHOLD: {miss}")
    print(f"reports in {REPORTS}")
    if args.seeds:
        from tools import eval_seeds

        misses += ["seeds"] if eval_seeds.main([], current=summary) else []
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
