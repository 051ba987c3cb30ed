"""Throwaway PostgreSQL, Redis and nginx servers on loopback, from Debian's packages.

The scale-out test needs the real servers (not fakes) because what it checks lives in them: the
shared tracker store, the shared lock store and nginx's retry of a request whose server died. Each
runs in the foreground from a temp dir, on a free port, and is stopped by its `stop()`.

Without the servers a plain pytest run skips the scale tests and says how to get them; with
SCALE_TESTS=1 (`make scale-test`) a missing one is a failure, so that run never passes by skipping.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import psycopg2
import pytest
import redis

from tools.servers import free_port


def postgres_bin_dir() -> Optional[Path]:
    """Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/<version>/bin."""
    dirs = [
        d for d in Path("/usr/lib/postgresql").glob("*/bin") if (d / "postgres").exists() and (d / "initdb").exists()
    ]
    return max(dirs, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0) if dirs else None


def find_binaries() -> Dict[str, Optional[str]]:
    """The three servers' binaries, or None for each one missing."""
    pg = postgres_bin_dir()
    return {
        "postgres": str(pg) if pg else None,  # the folder of initdb and postgres
        "redis-server": shutil.which("redis-server"),
        # Debian installs nginx in /usr/sbin, which is not on a normal user's PATH.
        "nginx": shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None),
    }


def require(*names: str) -> Dict[str, Optional[str]]:
    """The binaries named, or skip (fail under SCALE_TESTS=1) when one is missing."""
    binaries = find_binaries()
    missing = [name for name in names if not binaries[name]]
    if missing:
        message = (
            f"{', '.join(missing)} not installed: run `make scale-test` (scripts/install_scale_deps.sh installs them)"
        )
        if os.environ.get("SCALE_TESTS") == "1":
            pytest.fail(f"SCALE_TESTS=1 but {message}", pytrace=False)
        pytest.skip(message)
    return binaries


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Process:
    """One server process in the foreground, its output in `<workdir>/<name>.log`."""

    def __init__(
        self, name: str, args: Sequence[str], workdir: Path, stop_signal: int = signal.SIGTERM, **popen
    ) -> None:
        self.name, self.stop_signal = name, stop_signal
        self.log_path = workdir / f"{name}.log"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(a) for a in args], stdout=log, stderr=subprocess.STDOUT, cwd=workdir, **popen
            )

    def wait_until(self, ready: Callable[[], bool], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            try:
                if ready():
                    return
            except Exception:  # noqa: BLE001 - not up yet
                pass
            time.sleep(0.2)
        self.stop()  # its caller never gets the object to stop it
        raise RuntimeError(f"{self.name} was not ready within {seconds} s:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(self.stop_signal)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Postgres(Process):
    """A fresh cluster with one password user and database `rasa`.

    PostgreSQL refuses to run as root, so as root it runs as the `postgres` user that Debian's
    package creates, in a folder of its own (`workdir` must be world-readable).
    """

    user, database = "rasa", "rasa"

    def __init__(self, bin_dir: Path, workdir: Path) -> None:
        self.port, self.password = free_port(), secrets.token_hex(16)
        home = workdir / "postgres"
        home.mkdir()
        (home / "pwfile").write_text(self.password + "\n")
        as_user = {}
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            as_user = dict(user=account.pw_uid, group=account.pw_gid, extra_groups=[])
            for path in (home, home / "pwfile"):
                os.chown(path, account.pw_uid, account.pw_gid)
        subprocess.run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(home / "data"),
                "-U",
                self.user,
                "--pwfile",
                str(home / "pwfile"),
                "--auth",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            cwd=home,
            capture_output=True,
            **as_user,
        )
        # SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
        super().__init__(
            "postgres",
            [
                bin_dir / "postgres",
                "-D",
                home / "data",
                "-p",
                self.port,
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={home}",
                "-c",
                "fsync=off",
            ],
            workdir,
            stop_signal=signal.SIGINT,
            **as_user,
        )
        self.wait_until(self._accepts_logins)
        conn = self.connect("postgres")
        conn.autocommit = True
        conn.cursor().execute(f"CREATE DATABASE {self.database}")
        conn.close()

    def _accepts_logins(self) -> bool:
        self.connect("postgres").close()
        return True

    @property
    def url(self) -> str:
        """The form the project documents for DATABASE_URL."""
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def connect(self, database: Optional[str] = None):
        return psycopg2.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=database or self.database,
            connect_timeout=3,
        )

    def query(self, sql: str, *args) -> List[tuple]:
        conn = self.connect()
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, args)
                return cursor.fetchall()
        finally:
            conn.close()


class Redis(Process):
    """Redis with no persistence: locks only need to outlive a Rasa server, not Redis itself."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.port = free_port()
        super().__init__(
            "redis",
            [binary, "--port", self.port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir],
            workdir,
        )
        self.wait_until(lambda: redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1).ping())


# The retry rule that lets a conversation survive a dead server; deploy/nginx.conf has the same.
# POST is not idempotent for nginx, so it needs `non_idempotent`; a live Rasa server always answers
# within the REST channel's turn_timeout (20 s), far below proxy_read_timeout, so a retry only ever
# follows a server that died or refused the connection, never a slow one still working.
PROXY_RULES = """
      proxy_next_upstream error timeout http_502 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;"""


def _servers(ports: Sequence[int]) -> str:
    """An upstream's members; after one failure a member is skipped for 10 s, then tried again."""
    return "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports)


class Nginx(Process):
    """nginx balancing round robin: `port` over the Rasa servers, `action_port` over the action servers.

    Its access log records every upstream tried per request, so the test can count the retries.
    """

    def __init__(
        self,
        binary: str,
        workdir: Path,
        port: int,
        rasa_ports: Sequence[int],
        action_port: int,
        action_ports: Sequence[int],
    ) -> None:
        self.port, self.action_port = port, action_port
        self.access_log = workdir / "nginx-access.log"
        temp_paths = "\n".join(
            f"  {kind}_temp_path {workdir}/nginx-{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        conf = workdir / "nginx.conf"
        conf.write_text(f"""
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
{temp_paths}
  log_format upstreams '$request_uri $status upstreams="$upstream_addr" statuses="$upstream_status"';
  access_log {self.access_log} upstreams;
  upstream rasa {{
{_servers(rasa_ports)}
  }}
  upstream actions {{
{_servers(action_ports)}
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://rasa;{PROXY_RULES}
      proxy_set_header X-Request-ID $request_id;
    }}
  }}
  server {{
    listen 127.0.0.1:{self.action_port};
    location / {{
      proxy_pass http://actions;{PROXY_RULES}
    }}
  }}
}}
""")
        # SIGQUIT: graceful stop, so the access log is complete.
        super().__init__(
            "nginx",
            [binary, "-p", workdir, "-e", workdir / "nginx-error.log", "-c", conf, "-g", "daemon off;"],
            workdir,
            stop_signal=signal.SIGQUIT,
        )
        self.wait_until(lambda: port_open(self.port) and port_open(self.action_port))

    def requests(self, path: str) -> List[List[str]]:
        """For each logged request to `path`, the upstream addresses nginx tried, in order."""
        lines = self.access_log.read_text().splitlines() if self.access_log.exists() else []
        tried = []
        for line in lines:
            if line.startswith(path + " "):
                addresses = line.split('upstreams="', 1)[1].split('"', 1)[0]
                tried.append([a.strip() for a in addresses.split(",")])
        return tried
