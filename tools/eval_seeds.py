"""Do the quality floors hold whatever the random seed? (`make eval`, or `python -m tools.eval_seeds`)

Retraining after a small data change moves DIET's weights as much as a new seed does, so a config
that holds the floors only for its own seed breaks on the next data change. This trains the model
once per seed (only DIET retrains: Rasa's training cache keeps the featurizers and the policies),
runs the held-out NLU sets, the scripted conversations and the narrative sets (people's own stories)
against each model, and reports every figure per seed and its spread (min, max). Fails (exit 1)
when any seed is below a floor of tests/thresholds.yml. Reports go to reports/eval/seeds/.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Sequence

import yaml

from tools.evaluate import HELDOUT, REPORTS, THRESHOLDS, check, evaluate_conversations, evaluate_heldout
from tools.local_bot import LocalBot
from tools.servers import BIN, ROOT

SEEDS = (7, 1234, 90210)
SEEDED = ("DIETClassifier",)  # the trained, seeded components of config.yml's pipeline
# (summary section, figure) pairs shown per seed.
FIGURES = [
    ("heldout", "intent_macro_f1"),
    ("heldout", "entity_f1"),
    ("heldout_es", "intent_macro_f1"),
    ("heldout_es", "entity_f1"),
    ("conversations", "routing_accuracy"),
    ("conversations_es", "routing_accuracy"),
    ("conversations_new_kinds", "routing_accuracy"),
    ("conversations_new_kinds_es", "routing_accuracy"),
    # people's own stories (tools/eval_narratives.py), run against the same per-seed servers
    ("narratives", "problem_kind_accuracy"),
    ("narratives", "destination_accuracy"),
    ("narratives_es", "problem_kind_accuracy"),
    ("narratives_es", "destination_accuracy"),
    ("narratives_heldout", "problem_kind_accuracy"),
    ("narratives_heldout", "destination_accuracy"),
    ("narratives_heldout_es", "problem_kind_accuracy"),
    ("narratives_heldout_es", "destination_accuracy"),
]


def seeded_config(config: Path, seed: int) -> str:
    """The config's text with every seeded component's random_seed set to `seed`."""
    data = yaml.safe_load(config.read_text())
    components = [c for c in data["pipeline"] if c["name"] in SEEDED]
    if not components:
        raise ValueError(f"{config}: no {' or '.join(SEEDED)} to seed")
    for component in components:
        component["random_seed"] = seed
    return yaml.safe_dump(data, sort_keys=False)


def cpu_seconds() -> float:
    """User + system CPU seconds of this process's finished children (the trainings)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def train(config_text: str, seed: int, work: Path) -> tuple:
    """Train a model with this config into `work`; returns (model path, wall seconds, CPU seconds)."""
    config = work / f"config-{seed}.yml"
    config.write_text(config_text)
    log = work / f"train-{seed}.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    started, cpu = time.monotonic(), cpu_seconds()
    with open(log, "wb") as out:
        result = subprocess.run(
            [
                str(BIN / "rasa"),
                "train",
                "--config",
                str(config),
                "--out",
                str(work),
                "--fixed-model-name",
                f"seed-{seed}",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    seconds, cpu = time.monotonic() - started, cpu_seconds() - cpu
    if result.returncode != 0:
        sys.stderr.write(log.read_text(errors="replace")[-3000:])
        raise RuntimeError(f"training with seed {seed} failed ({result.returncode})")
    return work / f"seed-{seed}.tar.gz", seconds, cpu


def config_seed(config: Path) -> int:
    """The seed the config itself sets (what models/current.tar.gz was trained with)."""
    return next(c.get("random_seed") for c in yaml.safe_load(config.read_text())["pipeline"] if c["name"] in SEEDED)


def evaluate_seed(config: Path, seed: int, work: Path, reuse: bool = False) -> Dict[str, Any]:
    kept = work / f"seed-{seed}.tar.gz"
    if reuse and kept.exists():  # --keep: evaluate the model trained before (same data and config)
        model, seconds, cpu = kept, None, None
    else:
        model, seconds, cpu = train(seeded_config(config, seed), seed, work)
    reports = REPORTS / "seeds" / f"seed-{seed}"
    reports.mkdir(parents=True, exist_ok=True)
    with LocalBot(model) as bot:  # loaded once for the held-out sets and the conversations
        summary: Dict[str, Any] = {
            name: evaluate_heldout(name, path, reports=reports, bot=bot) for name, path in HELDOUT.items()
        }
        summary.update(evaluate_conversations(reports=reports, bot=bot))
    summary["train_s"], summary["train_cpu_s"] = seconds, cpu
    print(
        f"seed {seed}: "
        + ("kept model; " if seconds is None else f"trained in {seconds:.0f} s ({cpu:.0f} CPU-s); ")
        + ", ".join(f"{section} {key} {summary[section][key]:.3f}" for section, key in FIGURES),
        flush=True,
    )
    return summary


def spread(runs: Dict[int, Dict[str, Any]]) -> Dict[str, Dict[str, float]]:
    """min and max of every figure across the seeds."""
    table = {}
    for section, key in FIGURES:
        values = [run[section][key] for run in runs.values()]
        table[f"{section}.{key}"] = {"min": min(values), "max": max(values), "spread": max(values) - min(values)}
    return table


def report(runs: Dict[int, Dict[str, Any]], thresholds: Dict[str, Dict[str, float]]) -> List[str]:
    """Print the per-seed table and the spread; returns every miss, named with its seed."""
    seeds = list(runs)
    print(f"\n{'figure (per seed)':<46}" + "".join(f"{seed:>9}" for seed in seeds) + f"{'spread':>9}{'floor':>8}")
    for name, row in spread(runs).items():
        section, key = name.split(".")
        floor = thresholds.get(section, {}).get(key)
        print(
            f"{name:<46}"
            + "".join(f"{runs[s][section][key]:>9.3f}" for s in seeds)
            + f"{row['spread']:>9.3f}{'-' if floor is None else floor:>8}"
        )
    for label, key in (("training, wall (s)", "train_s"), ("training, CPU (s)", "train_cpu_s")):
        print(
            f"{label:<46}" + "".join(f"{runs[s].get(key) or 0:>9.0f}" for s in seeds) + "  (0: not trained in this run)"
        )
    return [f"seed {seed}: {miss}" for seed, run in runs.items() for miss in check(run, thresholds)]


def main(argv: Sequence[str] = None, current: Dict[str, Any] = None) -> int:
    """`current`: tools.evaluate's summary of models/current.tar.gz, which stands for the config's
    own seed instead of training that model again."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument(
        "--keep",
        type=Path,
        help="train into this folder and keep the models; a model already there is evaluated, not "
        "retrained (only valid while the training data and config are unchanged)",
    )
    args = parser.parse_args(argv)
    thresholds = yaml.safe_load(THRESHOLDS.read_text())
    runs: Dict[int, Dict[str, Any]] = {}
    if current is not None:
        runs[config_seed(args.config)] = current
    with tempfile.TemporaryDirectory(prefix="seeds-") as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        for seed in args.seeds:
            if seed not in runs:
                runs[seed] = evaluate_seed(args.config, seed, work, reuse=args.keep is not None)
    misses = report(runs, thresholds)
    out = REPORTS / "seeds" / "summary.json"
    out.write_text(
        json.dumps({"config": str(args.config), "runs": runs, "spread": spread(runs), "misses": misses}, indent=2)
    )
    for miss in misses:
        print(f"BELOW THRESHOLD: {miss}")
    print(f"reports in {out.parent}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
