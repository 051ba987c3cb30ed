"""Time a newcomer's first `make run` and `make test` on a fresh clone (`make bench-fresh`).

    python -m tools.bench_fresh [--runs 3] [--skip-test]

Each run clones the committed project into a temporary directory (its own .venv, no model, no
training cache), runs `make run` until its "Ready" line, sends one message and stops it with Ctrl-C;
then it clones again and runs `make test` there, which installs, trains and tests as CI does.
The installer's download cache is kept (~/.cache/uv; the first run fills it, as CI's first run would
not: its figures are in "runs"). The median of the
runs goes to reports/fresh.json, and the first run's screen output, with the time of each line,
to reports/first_run.txt. The machine's load average is recorded: the box is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

import requests

from tools.servers import ROOT, free_port

REPORTS = ROOT / "reports"
RUN_TIMEOUT_S = 1800


def clone(work: Path, name: str) -> Path:
    target = work / name
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    return target


def first_run(project: Path) -> Dict:
    """`make run` from nothing: the seconds at which each step began and Ready came, the first answer."""
    rasa_port, widget_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "MAKEFLAGS", "MAKELEVEL")}
    env.update(RASA_PORT=str(rasa_port), WIDGET_PORT=str(widget_port))
    started = time.monotonic()
    process = subprocess.Popen(
        ["make", "run"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: List[tuple] = []
    ready_s: Optional[float] = None
    try:
        for line in process.stdout:
            lines.append((time.monotonic() - started, line.rstrip("\n")))
            if line.startswith("Ready:"):
                ready_s = lines[-1][0]
                break
            if time.monotonic() - started > RUN_TIMEOUT_S:
                break
        answer_s = None
        if ready_s is not None:
            sent = time.monotonic()
            reply = requests.post(
                f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                json={"sender": "fresh-clone", "message": "Kaiser denied my MRI"},
                timeout=120,
            )
            reply.raise_for_status()
            answer_s = ready_s + time.monotonic() - sent
    finally:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does
        try:
            rest, _ = process.communicate(timeout=60)
            lines += [(time.monotonic() - started, line) for line in rest.splitlines()]
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    if ready_s is None:
        raise RuntimeError("make run never printed its Ready line:\n" + "\n".join(l for _, l in lines[-30:]))
    steps = {}
    for i, (at, line) in enumerate(lines):
        if line.startswith("==> "):
            end = next((t for t, l in lines[i + 1 :] if l.startswith(("==> ", "Ready:"))), ready_s)
            steps[line[4:]] = end - at
    return {"ready_s": ready_s, "first_answer_s": answer_s, "steps_s": steps, "lines": lines}


def make_test(project: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "MAKEFLAGS", "MAKELEVEL")}
    started = time.monotonic()
    result = subprocess.run(
        ["make", "test"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seconds = time.monotonic() - started
    (project / "make_test.out").write_text(result.stdout)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:])
        raise RuntimeError(f"make test failed after {seconds:.0f} s")
    return seconds


def step_time(steps: Dict[str, float], word: str) -> float:
    return sum(seconds for title, seconds in steps.items() if title.startswith(word))


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-test", action="store_true", help="time make run only")
    args = parser.parse_args(argv)
    runs = []
    for number in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="fresh-") as work:
            load = os.getloadavg()
            run = first_run(clone(Path(work), "run"))
            install, train = step_time(run["steps_s"], "Installing"), step_time(run["steps_s"], "Training")
            tests = None if args.skip_test else make_test(clone(Path(work), "test"))
            result = {
                "load_average_at_start": load,
                "make_run_ready_s": run["ready_s"],
                "make_run_first_answer_s": run["first_answer_s"],
                "install_s": install,
                "train_s": train,
                "fresh_make_test_s": tests,
                "steps_s": run["steps_s"],
            }
            print(
                f"run {number + 1}: " + ", ".join(f"{k} {v:.0f}" for k, v in result.items() if isinstance(v, float)),
                flush=True,
            )
            if number == 0:
                REPORTS.mkdir(exist_ok=True)
                (REPORTS / "first_run.txt").write_text(
                    f"# A first `make run` on a fresh clone (load average at start {load[0]:.1f} on {os.cpu_count()} cores);\n"
                    "# the seconds since `make run` began, then the line as printed.\n"
                    + "".join(f"[{at:6.0f} s] {line}\n" for at, line in run["lines"])
                )
            runs.append(result)
    medians = {
        key: statistics.median(r[key] for r in runs)
        for key in ("make_run_ready_s", "make_run_first_answer_s", "install_s", "train_s")
    }
    if not args.skip_test:
        medians["fresh_make_test_s"] = statistics.median(r["fresh_make_test_s"] for r in runs)
    (REPORTS / "fresh.json").write_text(json.dumps({"runs": runs, "median": medians}, indent=2) + "\n")
    print("median: " + ", ".join(f"{k} {v:.0f} s" for k, v in medians.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
