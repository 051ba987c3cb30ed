"""Run one step of `make run` / `make test` quietly: one line saying what it does, its output in a log.

    python scripts/step.py "Training the model (about 3 minutes)" logs/train.log -- rasa train ...

Prints the line, runs the command with its output going to the log file, and shows progress on a
single line that keeps being overwritten (the command's latest line: pip's "Collecting ...",
training's "Epochs: 45%"); without a terminal, a line every 30 s instead. On success it prints
how long the step took; on failure, the log's last lines and the command's exit status. Every
step's time is added to logs/steps.jsonl.
VERBOSE=1 shows the command's whole output as well (it still goes to the log).

Standard library only: it runs under the base interpreter before .venv exists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
EPOCHS = re.compile(r"Epochs:\s+(\d+%)\|[^|]*\|\s*(\d+/\d+)")
TALLY = re.compile(r"(\d+ passed[^\n]*?) in [\d.]+s")  # pytest's last line
QUIET_EVERY_S = 30
TAIL_LINES = 40


def minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds // 60:.0f} min {seconds % 60:02.0f} s"


def status(line: str) -> str:
    """What the progress line shows for one line of the command's output."""
    match = EPOCHS.search(line)
    return f"training: epoch {match.group(2)} ({match.group(1)})" if match else line.strip()


class Progress:
    """The single overwritten progress line (a terminal), or a line now and then (a log file, CI)."""

    def __init__(self, title: str) -> None:
        self.title = title.split(" (")[0]
        self.tty = sys.stdout.isatty()
        self.width = shutil.get_terminal_size((100, 20)).columns - 4
        self.shown = False
        self.last_quiet = time.monotonic()

    def show(self, text: str) -> None:
        if not text:
            return
        if self.tty:
            sys.stdout.write("\r\x1b[K   " + text[: self.width])
            self.shown = True
        elif time.monotonic() - self.last_quiet >= QUIET_EVERY_S:
            sys.stdout.write(f"   ... {self.title}: {text}"[: self.width] + "\n")
            self.last_quiet = time.monotonic()
        sys.stdout.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stdout.write("\r\x1b[K")
            sys.stdout.flush()
            self.shown = False


def run(title: str, command: list, log_path: Path, verbose: bool) -> int:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress(title)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        pending = b""
        while True:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            log.write(chunk)
            log.flush()
            if verbose:
                sys.stdout.buffer.write(chunk)
                sys.stdout.flush()
                continue
            *lines, pending = re.split(rb"[\r\n]", pending + chunk)
            for line in reversed(lines):
                text = ANSI.sub(b"", line).decode("utf-8", "replace").strip()
                if text:
                    progress.show(status(text))
                    break
        returncode = process.wait()
    progress.clear()
    return returncode


def record(title: str, seconds: float, returncode: int, logs: Path) -> None:
    """Append the step's time to logs/steps.jsonl (`make bench` reports the latest of each)."""
    line = {
        "step": title.split(" (")[0],
        "seconds": round(seconds, 1),
        "ok": returncode == 0,
        "at": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()) + " UTC",
    }
    with open(logs / "steps.jsonl", "a") as out:
        out.write(json.dumps(line) + "\n")


def main(argv: list) -> int:
    if len(argv) < 4 or argv[2] != "--":
        sys.exit(__doc__)
    title, log_path, command = argv[0], Path(argv[1]), argv[3:]
    verbose = os.environ.get("VERBOSE", "") not in ("", "0")
    print(f"==> {title}", flush=True)
    started = time.monotonic()
    returncode = run(title, command, log_path, verbose)
    record(title, time.monotonic() - started, returncode, log_path.parent)
    took = minutes(time.monotonic() - started)
    if returncode == 0:
        tally = TALLY.search(log_path.read_text(errors="replace")[-2000:])
        tally = f", {tally.group(1)}" if tally else ""
        print(f"    done in {took}: {title.split(' (')[0]}{tally} (log: {log_path})", flush=True)
        return 0
    lines = log_path.read_text(errors="replace").splitlines()
    if not verbose:
        print("\n".join("    " + line for line in lines[-TAIL_LINES:]))
    print(f"FAILED after {took}: {title} (exit {returncode}; the whole output is in {log_path})", flush=True)
    return returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
