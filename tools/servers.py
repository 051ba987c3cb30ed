"""Start a Rasa server and an action server on free loopback ports, and stop them again.

Used by the end-to-end tests, the evaluation and the benchmark.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Mapping, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "current.tar.gz"
# Sanic workers `make run` starts (scripts/run.sh, RUN_WORKERS / RUN_ACTION_WORKERS), which the
# benchmark serves too.
RUN_WORKERS, RUN_ACTION_WORKERS = 2, 1
# Loading the model takes about 20 s on a quiet 2-core machine, but minutes on a busy one (make
# test runs suites two at a time; two workers load the model at once): wait this long before failing
# (START_TIMEOUT_S to change it).
START_TIMEOUT_S = float(os.environ.get("START_TIMEOUT_S", 600))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = START_TIMEOUT_S) -> float:
    """Poll `url` until it answers 200; returns the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before {url} answered")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return time.monotonic() - start
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def _signal_group(process: subprocess.Popen, signal_number: int) -> None:
    try:
        os.killpg(process.pid, signal_number)
    except (ProcessLookupError, PermissionError):
        pass  # the whole group has ended already


def _end(processes: Sequence[subprocess.Popen], timeout: float) -> None:
    """SIGTERM to each server's process group (a Rasa server's Sanic workers too), then SIGKILL to
    whatever is left after `timeout` s: no worker outlives a stopped server."""
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        _signal_group(process, signal.SIGKILL)
        process.wait()


class Servers:
    """The assistant's two servers (or, with `actions=False`, a Rasa server alone)."""

    def __init__(
        self,
        model: Path = MODEL,
        cwd: Path = ROOT,
        actions: bool = True,
        extra_args: Sequence[str] = (),
        credentials: Optional[str] = None,
        env: Optional[Mapping[str, str]] = None,
        endpoints: Optional[str] = None,
        workers: int = 1,
        action_workers: int = 1,
    ) -> None:
        """`credentials` is the credentials.yml text (default: the project's; it must keep a REST
        channel, used to warm up); `env` adds environment variables for both servers (e.g. the
        ${VAR}s that credentials read); `endpoints` is the endpoints.yml text (default: this action
        server and an SQLite tracker store in the temp dir), for servers that share stores.
        `workers` / `action_workers`: Sanic workers of each server (`make run` uses RUN_WORKERS:
        several Rasa workers share an SQLite lock store in the temp dir, storage/lock_store.py)."""
        self.model, self.cwd, self.with_actions, self.extra_args = model, cwd, actions, list(extra_args)
        self.extra_env = dict(env or {})
        self.workers, self.action_workers = workers, action_workers
        self.rasa_port, self.action_port = free_port(), free_port()
        self.dir = tempfile.TemporaryDirectory()
        self.endpoints = Path(self.dir.name) / "endpoints.yml"
        self.tracker_db = Path(self.dir.name) / "conversations.db"
        own_endpoints = (
            (f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n' if actions else "")
            + (
                f"tracker_store:\n  type: storage.tracker_store.PrivateSQLTrackerStore\n  db: {self.tracker_db}\n"
                if actions
                else ""
            )
            + (
                f"lock_store:\n  type: storage.lock_store.SQLiteLockStore\n  db: {Path(self.dir.name) / 'locks.db'}\n"
                if workers > 1
                else ""
            )
        )
        self.endpoints.write_text(own_endpoints if endpoints is None else endpoints)
        self.credentials = Path(self.dir.name) / "credentials.yml"
        self.credentials.write_text((ROOT / "credentials.yml").read_text() if credentials is None else credentials)
        self.processes: List[subprocess.Popen] = []
        self.actions: Optional[subprocess.Popen] = None
        self.rasa: Optional[subprocess.Popen] = None

    def env(self) -> dict:
        # RATE_LIMIT_PER_MINUTE=0: tests and benchmarks send many messages from one address.
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "RATE_LIMIT_PER_MINUTE": "0",
            **self.extra_env,
        }

    def start_actions(self) -> None:
        self.actions = self._spawn(
            [BIN / "rasa", "run", "actions", "--actions", "actions", "--port", str(self.action_port)],
            "actions.log",
            SANIC_WORKERS=str(self.action_workers),
        )
        wait_for(f"http://127.0.0.1:{self.action_port}/health", self.actions)

    def start_rasa(self) -> float:
        """Start the Rasa server; returns seconds from launch to the first answered message."""
        started = time.monotonic()
        self.rasa = self._spawn(
            [
                BIN / "rasa",
                "run",
                "--model",
                self.model,
                "--port",
                str(self.rasa_port),
                "--credentials",
                self.credentials,
                "--endpoints",
                self.endpoints,
                *self.extra_args,
            ],
            "rasa.log",
            SANIC_WORKERS=str(self.workers),
        )
        wait_for(f"http://127.0.0.1:{self.rasa_port}/", self.rasa)
        deadline = started + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                reply = requests.post(self.webhook, json={"sender": "warm-up", "message": "hi"}, timeout=60)
                if reply.status_code == 200 and reply.json():
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError("the Rasa server never answered a message")

    def restart_rasa(self) -> float:
        """Stop the Rasa server and start it again on the same port (the conversations must survive)."""
        _end([self.rasa], timeout=30)
        self.processes.remove(self.rasa)
        return self.start_rasa()

    def start(self) -> float:
        """Start both servers; if one fails, its log tail goes to stderr before the error."""
        try:
            if self.with_actions:
                self.start_actions()
            return self.start_rasa()
        except RuntimeError:
            sys.stderr.write(self.log("rasa.log")[-4000:] + self.log("actions.log")[-4000:])
            raise

    def _spawn(self, args, log_name: str, **env: str) -> subprocess.Popen:
        log = open(Path(self.dir.name) / log_name, "ab")
        # Its own process group: stop() ends the server's workers with it (_end).
        process = subprocess.Popen(
            [str(a) for a in args],
            cwd=self.cwd,
            env={**self.env(), **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        path = Path(self.dir.name) / name
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        _end(self.processes, timeout=20)
        self.processes.clear()

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def __enter__(self) -> "Servers":
        try:
            self.start()
        except Exception:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
