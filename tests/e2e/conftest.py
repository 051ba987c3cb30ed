"""Start the real action server and Rasa server (REST channel) once for the end-to-end tests."""
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "current.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before {url} answered")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class Servers:
    def __init__(self) -> None:
        self.rasa_port, self.action_port = free_port(), free_port()
        self.logs = tempfile.TemporaryDirectory()
        self.endpoints = Path(self.logs.name) / "endpoints.yml"
        self.endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n')
        self.processes = []

    def start(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
        self.actions = self._spawn([BIN / "rasa", "run", "actions", "--actions", "actions", "--port", str(self.action_port)], env, "actions.log")
        self.rasa = self._spawn(
            [BIN / "rasa", "run", "--model", MODEL, "--port", str(self.rasa_port), "--credentials", ROOT / "credentials.yml",
             "--endpoints", self.endpoints],
            env,
            "rasa.log",
        )
        wait_for(f"http://127.0.0.1:{self.action_port}/health", self.actions)
        wait_for(f"http://127.0.0.1:{self.rasa_port}/", self.rasa)

    def _spawn(self, args, env, log_name) -> subprocess.Popen:
        log = open(Path(self.logs.name) / log_name, "wb")
        process = subprocess.Popen([str(a) for a in args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        return (Path(self.logs.name) / name).read_text(errors="replace")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"


@pytest.fixture(scope="session")
def servers():
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    s = Servers()
    try:
        s.start()
    except RuntimeError:
        s.stop()
        sys.stderr.write(s.log("rasa.log")[-4000:] + s.log("actions.log")[-4000:])
        raise
    yield s
    s.stop()
