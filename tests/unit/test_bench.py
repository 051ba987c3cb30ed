"""The benchmark's own arithmetic (tools/bench.py): slices of a phase, step times, CPU time."""

import json
import os
import subprocess
import sys
import time

from tools import bench


def test_slices_of_a_phase_add_up():
    phase, first, second = (
        bench.Load(20),
        bench.Load(20, [100.0, 300.0], 1, 2.0, 0.5),
        bench.Load(20, [200.0], 0, 1.0, 0.1),
    )
    phase.add(first)
    phase.add(second)
    summary = phase.summary()
    assert summary["turns"] == 3 and summary["failures"] == 1 and summary["wall_s"] == 3.0
    assert summary["throughput"] == 1.0 and summary["p50_ms"] == 200.0
    assert round(summary["cpu_ms_per_turn"]) == 200


def test_latest_successful_step_times(tmp_path):
    steps = tmp_path / "steps.jsonl"
    lines = [
        {"step": "Installing packages into .venv", "seconds": 150.0, "ok": True, "at": "a"},
        {"step": "Training the model", "seconds": 130.0, "ok": True, "at": "b"},
        {"step": "Training the model", "seconds": 9.0, "ok": False, "at": "c"},
        {"step": "make test suites", "seconds": 600, "ok": True, "at": "d"},
    ]
    steps.write_text("\n".join(map(json.dumps, lines)) + "\nnot json\n")
    found = bench.latest_steps(steps)
    assert found == {
        "install": {"seconds": 150.0, "measured": "a"},
        "train": {"seconds": 130.0, "measured": "b"},
        "make_test_suites": {"seconds": 600, "measured": "d"},
    }
    assert bench.latest_steps(tmp_path / "missing.jsonl") == {}


def test_cpu_time_counts_child_processes():
    burn = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass\ntime.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", burn])
    try:
        deadline = time.monotonic() + 60
        while bench.cpu_seconds([child.pid]) < 0.45 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert bench.cpu_seconds([child.pid]) >= 0.45
        assert bench.cpu_seconds([os.getpid()]) >= bench.cpu_seconds([child.pid]), "a process counts its children"
    finally:
        child.kill()
        child.wait()
