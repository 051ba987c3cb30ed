"""Benchmark our assistant against the stock `rasa init` bot on this machine.

    PYTHONPATH=. RASA_TELEMETRY_ENABLED=false .venv/bin/python -m tools.bench [--quick]

Both bots get the same load shape over the REST channel: N turns from 1 user, then N turns from
20 concurrent users, each user scripting whole conversations (tools/bench_data/*.yml) with a fresh
sender id per conversation. Comparing against the stock bot on the same machine, in the same run,
makes the figures meaningful on a shared 2-core box whose absolute speed varies: both bots are
served at once and each phase runs in alternating slices (ours, stock, stock, ours), so a busy
minute of the machine falls on both. Ours runs as `make run` serves it (RUN_WORKERS Rasa workers).

Measured: per-turn latency, failures, throughput, peak RSS of each server (process plus children),
time to first answer, and full / no-change training times. The targets are reported, never
asserted: the exit status is non-zero only when the run itself broke (a server or a training run
failed, or more than 1 % of the turns in a phase failed). Results go to reports/bench.json and
reports/bench_latency.png.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import aiohttp
import numpy as np
import yaml

from tools import bench_letters
from tools.servers import BIN, MODEL, ROOT, RUN_ACTION_WORKERS, RUN_WORKERS, Servers

DATA = Path(__file__).resolve().parent / "bench_data"
REPORTS = ROOT / "reports"
SAMPLE_EVERY_S = 0.2
TURN_TIMEOUT_S = 60
MAX_FAILED_SHARE = 0.01
MB = 1024 * 1024  # RSS is reported in MB of 2**20 bytes
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

Conversation = List[str]
_senders = itertools.count()  # sender ids are never reused, not even across phases or bots


# --- load -----------------------------------------------------------------------------------------


@dataclass
class Load:
    """One load phase: every turn's latency, how many turns failed, and the phase's wall time."""

    users: int
    latencies_ms: List[float] = field(default_factory=list)
    failures: int = 0
    wall_s: float = 0.0
    cpu_s: float = 0.0  # CPU time the bot's servers spent (less sensitive to a busy machine than wall time)

    @property
    def turns(self) -> int:
        return len(self.latencies_ms)

    def add(self, other: "Load") -> None:
        """Count a slice of the same phase (the phases run in alternating slices, see serve)."""
        self.latencies_ms += other.latencies_ms
        self.failures += other.failures
        self.wall_s += other.wall_s
        self.cpu_s += other.cpu_s

    def summary(self) -> Dict[str, float]:
        """Latency percentiles and throughput over the phase's wall time."""
        p50, p95, p99 = np.percentile(self.latencies_ms, [50, 95, 99])
        return {
            "users": self.users,
            "turns": self.turns,
            "failures": self.failures,
            "wall_s": self.wall_s,
            "throughput": self.turns / self.wall_s,
            "p50_ms": p50,
            "p95_ms": p95,
            "p99_ms": p99,
            "cpu_ms_per_turn": 1000 * self.cpu_s / self.turns,
        }


def load_conversations(name: str) -> List[Conversation]:
    """The scripts of tools/bench_data/<name>.yml. A turn that is not a string is refused, not
    converted: YAML reads a bare yes/no as a boolean, and "True" is not what a person types."""
    scripts = yaml.safe_load((DATA / f"{name}.yml").read_text())["conversations"]
    for script in scripts:
        for turn in script["turns"]:
            if not isinstance(turn, str):
                raise ValueError(f"{name}.yml, {script['name']!r}: quote the turn {turn!r}")
    return [script["turns"] for script in scripts]


async def send(session: aiohttp.ClientSession, webhook: str, sender: str, message: str) -> Tuple[float, bool]:
    """One turn: (latency in ms, whether it failed). A turn fails on an error, a non-200 or no reply."""
    started = time.perf_counter()
    try:
        async with session.post(webhook, json={"sender": sender, "message": message}) as response:
            ok = response.status == 200 and bool(await response.json())
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        ok = False
    return (time.perf_counter() - started) * 1000, not ok


async def user(
    session: aiohttp.ClientSession,
    webhook: str,
    conversations: List[Conversation],
    number: int,
    budget: Iterator[int],
    load: Load,
) -> None:
    """A user who talks through the scripts in turn (each user starting at a different one), with a
    fresh sender id per conversation, sending a turn only after the previous reply, until the
    phase's shared turn budget is spent."""
    for round_ in itertools.count():
        script = (number + round_) % len(conversations)
        sender = f"bench-{next(_senders)}"
        for message in conversations[script]:
            if next(budget, None) is None:
                return
            latency, failed = await send(session, webhook, sender, message)
            load.latencies_ms.append(latency)
            load.failures += failed


async def drive(webhook: str, conversations: List[Conversation], turns: int, users: int) -> Load:
    load = Load(users)
    budget = iter(range(turns))
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=users)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(user(session, webhook, conversations, n, budget, load) for n in range(users)))
        load.wall_s = time.perf_counter() - started
    return load


def warm_up(webhook: str, conversations: List[Conversation]) -> None:
    """Each script once, unmeasured: the first pass through a dialogue path pays one-off costs
    (TensorFlow graph tracing, lazy imports) that belong to start-up, not to the percentiles."""
    asyncio.run(drive(webhook, conversations, sum(map(len, conversations)), 1))


# --- memory ---------------------------------------------------------------------------------------


def process_table() -> Dict[int, tuple]:
    """pid -> (parent pid, RSS bytes) for every process, from /proc (no psutil in the venv)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended while we looked
            table[int(entry.name)] = (int(fields[1]), int(fields[21]) * PAGE_SIZE)
    return table


def tree(table: Dict[int, tuple], pid: int) -> List[int]:
    """A process and all its descendants (Rasa's Sanic workers, helpers it forks)."""
    children = [child for child, (parent, _) in table.items() if parent == pid]
    return [pid] + [p for child in children for p in tree(table, child)]


def cpu_seconds(pids: Sequence[Optional[int]]) -> float:
    """User + system CPU time of these processes and their descendants, from /proc."""
    table, total = process_table(), 0.0
    for member in (m for pid in pids if pid for m in tree(table, pid)):
        try:
            fields = (Path("/proc") / str(member) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def pss_bytes(pid: int) -> int:
    """Proportional set size: the process's own pages plus its share of pages it shares (workers
    forked from one parent share its imports; RSS would count those once per worker)."""
    try:
        for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass  # the process ended while we looked
    return 0


class RssSampler(threading.Thread):
    """Peak RSS and PSS (MB) of named process trees, polled in the background every SAMPLE_EVERY_S.

    `pids` is asked at every tick, so sampling can start before the servers are launched and
    covers their start-up too."""

    def __init__(self, pids: Callable[[], Dict[str, Optional[int]]]) -> None:
        super().__init__(daemon=True)
        self.pids, self.peaks_mb, self.pss_peaks_mb = pids, {}, {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_EVERY_S):
            table = process_table()
            for name, pid in self.pids().items():
                if pid is not None:
                    members = tree(table, pid)
                    rss = sum(table.get(member, (0, 0))[1] for member in members)
                    pss = sum(map(pss_bytes, members))
                    self.peaks_mb[name] = max(self.peaks_mb.get(name, 0.0), rss / MB)
                    self.pss_peaks_mb[name] = max(self.pss_peaks_mb.get(name, 0.0), pss / MB)

    def stop(self) -> None:
        self.done.set()
        self.join()


def server_pids(servers: Servers) -> Callable[[], Dict[str, Optional[int]]]:
    return lambda: {
        name: process.pid if process else None
        for name, process in (("rasa", servers.rasa), ("actions", servers.actions))
    }


# --- serving --------------------------------------------------------------------------------------


def start(name: str, servers: Servers) -> float:
    """Start one bot's servers; returns the seconds to its first answer, counted from launching
    the first server (for ours, the action server, which the assistant cannot answer without)."""
    started = time.monotonic()
    servers.start()
    first_answer_s = time.monotonic() - started
    print(f"[{name}] first answer after {first_answer_s:.1f} s", flush=True)
    return first_answer_s


def serve(
    bots: Dict[str, Servers], conversations: Dict[str, List[Conversation]], turns: int, users: int, rounds: int
) -> Dict[str, dict]:
    """Start every bot (one after the other, so each start-up has the machine to itself), then run
    the 1-user and the N-user phase against them in `rounds` alternating slices (ours, stock, stock,
    ours, ...): on a shared machine whose load drifts, each bot meets the same mix of busy and quiet
    minutes. Memory is sampled throughout; the servers are stopped whatever happens."""
    sampler = RssSampler(
        lambda: {
            f"{name}.{part}": pid for name, servers in bots.items() for part, pid in server_pids(servers)().items()
        }
    )
    sampler.start()
    runs = {name: {"loads": [Load(1), Load(users)]} for name in bots}
    try:
        for name, servers in bots.items():
            runs[name]["first_answer_s"] = start(name, servers)
            warm_up(servers.webhook, conversations[name])
        for index, phase_users in enumerate((1, users)):
            for round_ in range(rounds):
                order = list(bots) if round_ % 2 == 0 else list(reversed(bots))
                for name in order:
                    share = turns // rounds + (1 if round_ < turns % rounds else 0)
                    pids = list(server_pids(bots[name])().values())
                    cpu_before = cpu_seconds(pids)
                    slice_ = asyncio.run(drive(bots[name].webhook, conversations[name], share, phase_users))
                    slice_.cpu_s = cpu_seconds(pids) - cpu_before
                    runs[name]["loads"][index].add(slice_)
            for name in bots:
                load = runs[name]["loads"][index]
                print(
                    f"[{name}] {phase_users} user(s): {load.turns} turns in {load.wall_s:.1f} s, {load.failures} failed",
                    flush=True,
                )
    finally:
        for servers in bots.values():
            servers.stop()
            servers.dir.cleanup()
        sampler.stop()
    for name in bots:
        runs[name]["rss_mb"] = {part: sampler.peaks_mb.get(f"{name}.{part}") for part in ("rasa", "actions")}
        runs[name]["pss_mb"] = {part: sampler.pss_peaks_mb.get(f"{name}.{part}") for part in ("rasa", "actions")}
    return runs


# --- training -------------------------------------------------------------------------------------


def env(**extra: str) -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3", **extra)


def timed(args: Sequence, cwd: Path, environment: dict, log: Path) -> float:
    """Run a command to completion; returns its wall time. A failed command breaks the run."""
    print(f"$ {' '.join(map(str, args))}  (in {cwd})", flush=True)
    started = time.monotonic()
    with open(log, "wb") as out:
        result = subprocess.run([str(a) for a in args], cwd=cwd, env=environment, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.stderr.write(log.read_text(errors="replace")[-3000:])
        raise RuntimeError(f"{args[1]} failed with {result.returncode} after {seconds:.0f} s")
    print(f"  {seconds:.1f} s", flush=True)
    return seconds


def train_ours(work: Path) -> Dict[str, float]:
    """Full and no-change training of our assistant from /work/main, into a temporary --out dir
    and with a temporary training cache, so models/ and .rasa/ are left alone and the no-change
    run sees exactly the cache the full run left."""
    out, environment = work / "models", env(RASA_CACHE_DIRECTORY=str(work / "cache"))
    full = timed([BIN / "rasa", "train", "--force", "--out", out, "--quiet"], ROOT, environment, work / "train.log")
    again = timed([BIN / "rasa", "train", "--out", out, "--quiet"], ROOT, environment, work / "retrain.log")
    return {"full_train_s": full, "no_change_retrain_s": again}


def init_stock(work: Path) -> Dict[str, float]:
    """`rasa init` (which trains its model: the stock full train), then a no-change `rasa train`."""
    full = timed(
        [BIN / "rasa", "init", "--no-prompt", "--init-dir", work, "--quiet"], work, env(), work.parent / "init.log"
    )
    again = timed([BIN / "rasa", "train", "--quiet"], work, env(), work.parent / "stock-retrain.log")
    return {"full_train_s": full, "no_change_retrain_s": again}


def newest_model(project: Path) -> Path:
    return max((project / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)


# --- report ---------------------------------------------------------------------------------------


def figures(run: dict) -> dict:
    """The JSON-ready figures of one bot (the raw latencies stay out: the plot shows them)."""
    one, many = (load.summary() for load in run["loads"])
    return {
        "first_answer_s": run["first_answer_s"],
        "one_user": one,
        "many_users": many,
        "rss_mb": run["rss_mb"],
        "pss_mb": run["pss_mb"],
        "training": run.get("training"),
    }


def targets(ours: dict, stock: dict, users: int) -> Tuple[Dict[str, float], List[dict]]:
    """The ratios ours/stock, and a PASS/MISS verdict per target (SKIP for untimed training)."""
    ratios = {
        "p95_many_users": ours["many_users"]["p95_ms"] / stock["many_users"]["p95_ms"],
        "throughput_many_users": ours["many_users"]["throughput"] / stock["many_users"]["throughput"],
        "cpu_per_turn_many_users": ours["many_users"]["cpu_ms_per_turn"] / stock["many_users"]["cpu_ms_per_turn"],
        "rasa_rss": ours["rss_mb"]["rasa"] / stock["rss_mb"]["rasa"],
    }
    training = ours["training"] or {}
    checks = [
        (f"p95 ratio ({users} users)", ratios["p95_many_users"], "<=", 1.0),
        (f"throughput ratio ({users} users)", ratios["throughput_many_users"], ">=", 1.2),
        ("Rasa RSS ratio", ratios["rasa_rss"], "<=", 1.3),
        ("full train (s)", training.get("full_train_s"), "<=", 180),
        ("no-change retrain (s)", training.get("no_change_retrain_s"), "<=", 15),
        ("first answer (s)", ours["first_answer_s"], "<=", 60),
    ]
    verdicts = []
    for name, value, op, limit in checks:
        met = value is not None and (value <= limit if op == "<=" else value >= limit)
        verdict = "SKIP" if value is None else "PASS" if met else "MISS"
        verdicts.append({"target": name, "value": value, "rule": f"{op} {limit}", "verdict": verdict})
    return ratios, verdicts


def fmt(value: Optional[float], digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(ours: dict, stock: dict, ratios: dict, verdicts: List[dict], users: int) -> None:
    def row(label: str, get: Callable[[dict], Optional[float]], digits: int = 1) -> str:
        return f"{label:<34}{fmt(get(ours), digits):>12}{fmt(get(stock), digits):>12}"

    def training(key: str) -> Callable[[dict], Optional[float]]:
        return lambda bot: (bot["training"] or {}).get(key)

    lines = [f"{'':<34}{'ours':>12}{'stock':>12}"]
    for phase, label in (("one_user", "1 user"), ("many_users", f"{users} users")):
        lines += [
            row(f"p50 latency, {label} (ms)", lambda b: b[phase]["p50_ms"]),
            row(f"p95 latency, {label} (ms)", lambda b: b[phase]["p95_ms"]),
            row(f"p99 latency, {label} (ms)", lambda b: b[phase]["p99_ms"]),
            row(f"throughput, {label} (turns/s)", lambda b: b[phase]["throughput"], 2),
            row(f"server CPU per turn, {label} (ms)", lambda b: b[phase]["cpu_ms_per_turn"]),
            row(f"failures, {label} (of {ours[phase]['turns']})", lambda b: b[phase]["failures"], 0),
        ]
    lines += [
        row("peak RSS, Rasa server (MB)", lambda b: b["rss_mb"]["rasa"]),
        row("peak RSS, action server (MB)", lambda b: b["rss_mb"]["actions"]),
        row("peak PSS, Rasa server (MB)", lambda b: b["pss_mb"]["rasa"]),
        row("peak PSS, action server (MB)", lambda b: b["pss_mb"]["actions"]),
        row("full train (s)", training("full_train_s")),
        row("no-change retrain (s)", training("no_change_retrain_s")),
        row("time to first answer (s)", lambda b: b["first_answer_s"]),
        "",
        f"ratio ours/stock: p95 ({users} users) {ratios['p95_many_users']:.2f}, "
        f"throughput ({users} users) {ratios['throughput_many_users']:.2f}, Rasa RSS {ratios['rasa_rss']:.2f}, "
        f"server CPU per turn ({users} users) {ratios['cpu_per_turn_many_users']:.2f}",
        "",
    ]
    lines += [f"{v['verdict']:<5} {v['target']:<28} {fmt(v['value'], 2):>9}  (target {v['rule']})" for v in verdicts]
    print("\n".join(lines))


# The steps of `make run` / `make test` whose latest times (logs/steps.jsonl, scripts/step.py) are reported.
STEPS = {
    "install": "Installing packages into .venv",
    "train": "Training the model",
    "make_test_suites": "make test suites",
}


def latest_steps(path: Path = ROOT / "logs" / "steps.jsonl") -> Dict[str, dict]:
    """The latest successful time of each step in STEPS on this checkout, with when it ran."""
    found: Dict[str, dict] = {}
    lines = path.read_text().splitlines() if path.exists() else []
    for line in lines:
        try:
            step = json.loads(line)
        except ValueError:
            continue
        for key, title in STEPS.items():
            if step.get("ok") and str(step.get("step", "")).startswith(title):
                found[key] = {"seconds": step["seconds"], "measured": step["at"]}
    return found


def latest_reports() -> dict:
    """The figures other commands measure too slowly to repeat here, from their latest reports:
    the floors per random seed and their spread (`make eval`), a newcomer's fresh-clone
    `make run` / `make test` times (`make bench-fresh`), and the latest install, training and
    `make test` times on this checkout (logs/steps.jsonl), each with the time it was measured."""
    found: dict = {"steps": latest_steps()}
    for name, path in (("seeds", REPORTS / "eval" / "seeds" / "summary.json"), ("fresh_clone", REPORTS / "fresh.json")):
        if path.exists():
            data = json.loads(path.read_text())
            found[name] = {
                "measured": time.strftime("%Y-%m-%d %H:%M", time.gmtime(path.stat().st_mtime)) + " UTC",
                **(
                    {"spread": data["spread"], "misses": data["misses"]}
                    if name == "seeds"
                    else {"median": data["median"]}
                ),
            }
    return found


def print_latest(latest: dict) -> None:
    if latest["steps"]:
        print("\nlatest steps on this checkout (logs/steps.jsonl):")
        for key, step in latest["steps"].items():
            print(f"  {key:<36} {fmt(step['seconds'], 0)} s  ({step['measured']})")
    if "seeds" in latest:
        print(f"\nacross random seeds (make eval, {latest['seeds']['measured']}):")
        for figure, row in latest["seeds"]["spread"].items():
            print(f"  {figure:<36} min {row['min']:.3f}  max {row['max']:.3f}  spread {row['spread']:.3f}")
    if "fresh_clone" in latest:
        print(f"\nfresh clone, median (make bench-fresh, {latest['fresh_clone']['measured']}):")
        for key, seconds in latest["fresh_clone"]["median"].items():
            print(f"  {key:<36} {fmt(seconds, 0)} s")


def machine() -> dict:
    """Where the figures come from; the load average says how busy the shared machine was."""
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "rasa": version("rasa"),
        "platform": platform.platform(),
        "load_average_at_start": list(os.getloadavg()),
    }


def plot(runs: Dict[str, dict], users: int, path: Path) -> None:
    """Latency CDFs, ours vs stock, one panel per load phase (log x: the tails matter)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    for axis, index, title in ((axes[0], 0, "1 user"), (axes[1], 1, f"{users} concurrent users")):
        for name, run in runs.items():
            latencies = np.sort(run["loads"][index].latencies_ms)
            axis.step(latencies, np.arange(1, len(latencies) + 1) / len(latencies), where="post", label=name)
        axis.set(title=title, xscale="log", xlabel="latency per turn (ms)")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    axes[0].set_ylabel("share of turns")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# --- main -----------------------------------------------------------------------------------------


def time_operator_report(work: Path, total: int = 100_000) -> Dict[str, float]:
    """`make report` over `total` synthetic conversations written straight into SQLite (the
    report's speed depends on the store's size, not on the servers)."""
    from tools import report, synthetic_events

    url = f"sqlite:///{work / 'report.db'}"
    synthetic_events.write(url, synthetic_events.spread(total))
    started = time.monotonic()
    stats = report.collect(url)
    collected = time.monotonic() - started
    report.write(stats, work / "operator", "synthetic")
    timing = {
        "conversations": stats.conversations,
        "read_s": round(collected, 1),
        "total_s": round(time.monotonic() - started, 1),
    }
    print(f"operator report over {total} conversations: {timing['total_s']} s ({timing['read_s']} s reading the store)")
    return timing


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, help="turns per load phase and bot (default 500, 100 with --quick)")
    parser.add_argument("--users", type=int, default=20, help="concurrent users in the second phase")
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating slices per phase (ours, stock, stock, ours, ...)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("RUN_WORKERS", RUN_WORKERS)),
        help=f"Rasa server workers for ours (default RUN_WORKERS or {RUN_WORKERS}, as `make run`)",
    )
    parser.add_argument(
        "--action-workers",
        type=int,
        default=int(os.environ.get("RUN_ACTION_WORKERS", RUN_ACTION_WORKERS)),
        help=f"action server workers for ours (default RUN_ACTION_WORKERS or {RUN_ACTION_WORKERS}, as `make run`)",
    )
    parser.add_argument(
        "--stock-dir",
        type=Path,
        help="keep the stock bot here and reuse it next time (its training is then not timed again)",
    )
    parser.add_argument(
        "--skip-train", action="store_true", help="don't time training (the stock bot is still trained)"
    )
    parser.add_argument("--quick", action="store_true", help="100 turns and no training timings, for development")
    args = parser.parse_args(argv)
    args.turns = args.turns or (100 if args.quick else 500)
    args.skip_train = args.skip_train or args.quick
    return args


def broken_phases(runs: Dict[str, dict]) -> List[str]:
    """Phases with too many failed turns: their figures would describe errors, not the bot."""
    return [
        f"{name}, {load.users} user(s): {load.failures} of {load.turns} turns failed"
        for name, run in runs.items()
        for load in run["loads"]
        if load.failures > MAX_FAILED_SHARE * load.turns
    ]


def stock_bot(args: argparse.Namespace, work: Path) -> Tuple[Path, Optional[dict]]:
    """The stock bot's project, created and trained by `rasa init` (its training times), or the
    one kept in --stock-dir by an earlier run (no training times)."""
    project = args.stock_dir or work / "stock"
    if args.stock_dir and list(project.glob("models/*.tar.gz")):
        print(f"[stock] reusing {project}", flush=True)
        return project, None
    project.mkdir(parents=True, exist_ok=True)
    return project, init_stock(project)


def bench(args: argparse.Namespace, work: Path) -> int:
    """The whole run; returns the exit status. Training is timed while no server runs; both bots
    are served together and loaded in alternating slices (serve)."""
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}: run `make train`")
    conversations = {name: load_conversations(name) for name in ("ours", "stock")}
    host = machine()
    project, stock_training = stock_bot(args, work)
    bots = {
        # Ours as `make run` serves it (tools.servers defaults: its channel, tracker store, action server).
        "ours": Servers(workers=args.workers, action_workers=args.action_workers),
        # Stock as `rasa init` made it: Rasa's REST channel (the project's credentials name our
        # channel class), in-memory tracker store, no action server.
        "stock": Servers(model=newest_model(project), cwd=project, actions=False, credentials="rest:\n"),
    }
    runs = serve(bots, conversations, args.turns, args.users, args.rounds)
    runs["stock"]["training"] = None if args.skip_train else stock_training
    if not args.skip_train:
        (work / "ours").mkdir()
        runs["ours"]["training"] = train_ours(work / "ours")

    ours, stock = figures(runs["ours"]), figures(runs["stock"])
    ratios, verdicts = targets(ours, stock, args.users)
    print()
    print_table(ours, stock, ratios, verdicts, args.users)
    REPORTS.mkdir(exist_ok=True)
    options = {
        "turns": args.turns,
        "users": args.users,
        "rounds": args.rounds,
        "skip_train": args.skip_train,
        "ours_workers": {"rasa": args.workers, "actions": args.action_workers},
    }
    report = {
        "machine": host,
        "options": options,
        "ours": ours,
        "stock": stock,
        "ratios": ratios,
        "targets": verdicts,
        "latest_reports": latest_reports(),
        "operator_report": time_operator_report(work),
    }
    print_latest(report["latest_reports"])
    report["letter_pages"] = bench_letters.measure()  # reading a letter page (issue 16), after the servers stop
    print(f"\nletter pages (seconds): {json.dumps(report['letter_pages'])}")
    (REPORTS / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
    plot(runs, args.users, REPORTS / "bench_latency.png")
    print(f"\nwrote {REPORTS / 'bench.json'} and {REPORTS / 'bench_latency.png'}")
    broken = broken_phases(runs)
    for line in broken:
        print(f"run broken: {line}", file=sys.stderr)
    return 1 if broken else 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        try:
            return bench(args, Path(work))
        except RuntimeError as error:
            print(f"run broken: {error}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
