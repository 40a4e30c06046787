"""Load test: Hearth under uvicorn with WEB_CONCURRENCY workers, driven by locust with the mix of
bench/locustfile.py, while the CPU use of the server's processes is sampled.

    python -m bench.loadtest --users 30 --spawn-rate 30 --seconds 60
    python -m bench.loadtest --users 1000 --spawn-rate 100 --seconds 90 --think-seconds 30 --who members

Starts the server with a var/ directory of its own (var/loadtest; on SQLite var/bench, where
`BENCH_REUSE_DB=1 make bench` keeps its seeded database), signs a pool of members in
(bench.loadplan, in the server's environment as bench.dataset is), runs locust headless in a
subprocess bounded in users and time against 127.0.0.1, and reports requests a second, latency
percentiles, errors by kind (429s apart), and the server's CPU use as a share of one core and
of all the machine's cores. The figures cover the time after every user was started. The
sessions are deleted afterwards; what the members wrote (reactions, replies) stays, as it would
after real use.

`make bench` (full mode, with PostgreSQL and Redis) runs the issue's two scenarios:
`load_mix` (no think time: at least 250 requests/s with p99 at most 250 ms and no errors) and
`load_1000_members` (1,000 members signed in, each opening a page every 25-35 s: server CPU
under 60% of the machine's cores); quick mode runs five seconds of the mix on one worker.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]  # locked as locust's dependency; ships no type hints

from bench.metrics import Metric, latency
from tests.server import ROOT, running_server, server_env

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
MIX = ("Visitor", "Member")
MEMBERS = ("ReadingMember",)
MIX_TARGETS = {"throughput": 250.0, "p99": 250.0}
MEMBERS_CPU_TARGET = 60.0  # % of all the machine's cores
SAMPLE_SECONDS = 0.5


@dataclass
class LoadScenario:
    name: str  # metrics are named after it
    users: int
    spawn_rate: float
    seconds: int
    think_seconds: float = 0.0
    who: tuple[str, ...] = MIX  # locust user classes


@dataclass
class LoadOutcome:
    name: str
    users: int
    think_seconds: float
    workers: int
    window_seconds: float
    requests: int
    ok: int
    rate_limited: int
    errors: dict[str, int]
    latencies_ms: list[float] = field(repr=False)
    by_name: dict[str, int]
    all_users_started: bool
    server_cpu_one_core: float  # % of one core, summed over the server's processes
    server_cpu_machine: float  # % of all the machine's cores
    database_cpu_one_core: float  # % of one core, every PostgreSQL process here (whoever it serves)
    load_generator_cpu_one_core: float
    machine_busy: float  # % of all cores busy with anything (the server, locust and everyone else)

    @property
    def throughput(self) -> float:
        return self.ok / self.window_seconds if self.window_seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


class CpuMeter:
    """CPU seconds used so far by a set of processes (those that ended keep what they had used
    when last seen)."""

    def __init__(self, find: Callable[[], list[Any]]) -> None:
        self.find = find
        self.seen: dict[int, float] = {}

    @classmethod
    def tree(cls, pid: int) -> CpuMeter:
        """A process and all its descendants."""
        root = psutil.Process(pid)

        def find() -> list[Any]:
            try:
                return [root, *root.children(recursive=True)]
            except psutil.Error:
                return []

        return cls(find)

    @classmethod
    def named(cls, prefix: str) -> CpuMeter:
        """Every process on the machine whose name starts with `prefix`."""

        def find() -> list[Any]:
            return [
                process for process in psutil.process_iter(["name"]) if (process.info["name"] or "").startswith(prefix)
            ]

        return cls(find)

    def seconds(self) -> float:
        for process in self.find():
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            self.seen[process.pid] = times.user + times.system
        return sum(self.seen.values())


def _machine_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    times = psutil.cpu_times()
    idle = times.idle + getattr(times, "iowait", 0.0)
    total = sum(times)
    return total - idle, total


def server_process(base: str) -> int:
    """The `manage.py serve` process running_server started for `base`: a child of this process
    (bench.run's own server may be running beside it, on another port)."""
    port = base.rsplit(":", 1)[1]
    for child in psutil.Process().children():
        try:
            command = child.cmdline()
        except psutil.Error:
            continue
        if "serve" in command and port in command:
            return int(child.pid)
    raise RuntimeError(f"bench: cannot find the server process serving {base}")


def worker_count(pid: int) -> int:
    """uvicorn's worker processes (spawned children), or 1 when it serves in its own process."""
    workers = 0
    for child in psutil.Process(pid).children():
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                workers += 1
        except psutil.Error:
            continue
    return workers or 1


def run_locust(base: str, plan: Path, scenario: LoadScenario, server: int, var: Path) -> LoadOutcome:
    results = var / f"locust-{scenario.name}.json"
    results.unlink(missing_ok=True)
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
    command += ["-u", str(scenario.users), "-r", str(scenario.spawn_rate), "-t", f"{scenario.seconds}s"]
    command += ["--host", base, "--csv", str(var / f"locust-{scenario.name}"), "--reset-stats"]
    command += ["--exit-code-on-error", "0", "--loglevel", "WARNING"]
    command += ["--plan", str(plan), "--results", str(results), "--think-seconds", str(scenario.think_seconds)]
    command += list(scenario.who)
    meters = [CpuMeter.tree(server), CpuMeter.named("postgres")]
    samples = []
    with (var / f"locust-{scenario.name}.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        meters.append(CpuMeter.tree(process.pid))
        deadline = time.monotonic() + scenario.seconds + 120
        while process.poll() is None:
            samples.append((time.time(), *(meter.seconds() for meter in meters), *_machine_seconds()))
            if time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"bench: locust did not stop; see {log.name}")
            time.sleep(SAMPLE_SECONDS)
    if process.returncode or not results.exists():
        tail = (var / f"locust-{scenario.name}.log").read_text(errors="replace")[-3000:]
        raise SystemExit(f"bench: locust failed (exit {process.returncode}):\n{tail}")
    figures = json.loads(results.read_text())
    begin, end = figures["window"]
    inside = [sample for sample in samples if begin <= sample[0] <= end]
    if len(inside) < 2:
        inside = samples[-2:] if len(samples) >= 2 else [(0.0, 0.0, 0.0, 0.0, 0.0, 1.0)] * 2
    first, last = inside[0], inside[-1]
    elapsed = (last[0] - first[0]) or 1.0
    cores = psutil.cpu_count() or 1
    server_cpu = 100 * (last[1] - first[1]) / elapsed
    return LoadOutcome(
        name=scenario.name,
        users=scenario.users,
        think_seconds=scenario.think_seconds,
        workers=worker_count(server),
        window_seconds=round(end - begin, 1),
        requests=figures["requests"],
        ok=figures["ok"],
        rate_limited=figures["rate_limited"],
        errors=figures["errors"],
        latencies_ms=figures["latencies_ms"],
        by_name=figures["by_name"],
        all_users_started=figures["all_users_started"],
        server_cpu_one_core=round(server_cpu, 1),
        server_cpu_machine=round(server_cpu / cores, 1),
        database_cpu_one_core=round(100 * (last[2] - first[2]) / elapsed, 1),
        load_generator_cpu_one_core=round(100 * (last[3] - first[3]) / elapsed, 1),
        machine_busy=round(100 * (last[4] - first[4]) / ((last[5] - first[5]) or 1.0), 1),
    )


def run(var: Path, scenarios: list[LoadScenario], *, workers: int, members: int) -> list[LoadOutcome]:
    """Serve Hearth with `workers` uvicorn workers and var/ directory `var`, then drive it."""
    if workers > 1 and not os.environ.get("REDIS_URL"):
        raise SystemExit(
            f"bench: {workers} workers need REDIS_URL (the workers share cache, rate limits and channel "
            "layer through Redis); set it, e.g. REDIS_URL=redis://127.0.0.1:6379/4, or use --workers 1"
        )
    var.mkdir(parents=True, exist_ok=True)
    with running_server(var, WEB_CONCURRENCY=str(workers)) as base:
        return drive(base, var, scenarios, members=members)


def drive(base: str, var: Path, scenarios: list[LoadScenario], *, members: int) -> list[LoadOutcome]:
    """Sign `members` members in, run each scenario against the server at `base` (a child of this
    process, started with var/ directory `var`), and delete the sessions again."""
    server = server_process(base)
    plan = var / "load-plan.json"
    prepare = [sys.executable, "-m", "bench.loadplan", "prepare", "--members", str(members), "--out", str(plan)]
    subprocess.run(prepare, cwd=ROOT, env=server_env(var), check=True)
    outcomes = []
    try:
        for index, scenario in enumerate(scenarios):
            if index:
                time.sleep(5)  # let the server settle between scenarios
            outcomes.append(run_locust(base, plan, scenario, server, var))
    finally:
        forget = [sys.executable, "-m", "bench.loadplan", "forget", str(plan)]
        subprocess.run(forget, cwd=ROOT, env=server_env(var), check=False)
    return outcomes


def outcome_metrics(outcome: LoadOutcome, *, targets: dict[str, float] | None = None) -> dict[str, Metric]:
    """`<name>_throughput`, `_p50`/`_p95`/`_p99`, `_errors`, `_rate_limited` and `_cpu_percent`
    (of all the machine's cores), each against its target in `targets` if there is one."""
    targets = targets or {}
    name = outcome.name
    metrics: dict[str, Metric] = {}
    throughput = round(outcome.throughput, 1)
    goal = targets.get("throughput")
    metrics[f"{name}_throughput"] = Metric(throughput, "requests/s", target=goal, ok=goal is None or throughput >= goal)
    metrics.update(latency(name, outcome.latencies_ms or [float("inf")], targets))
    errors = outcome.error_count
    metrics[f"{name}_errors"] = Metric(errors, "requests", target=0, ok=errors == 0)
    metrics[f"{name}_rate_limited"] = Metric(outcome.rate_limited, "requests", target=0, ok=outcome.rate_limited == 0)
    cpu, goal = outcome.server_cpu_machine, targets.get("cpu_percent")
    unit = f"% of {psutil.cpu_count()} cores"
    metrics[f"{name}_cpu_percent"] = Metric(cpu, unit, target=goal, ok=goal is None or cpu < goal)
    if not outcome.all_users_started or errors:
        for metric in metrics.values():
            metric.ok = metric.ok and metric.target is None
    return metrics


def details(outcome: LoadOutcome) -> dict[str, Any]:
    about = asdict(outcome)
    del about["latencies_ms"]
    return about


def bench_metrics(var: Path, quick: bool, base: str) -> tuple[dict[str, Metric], dict[str, Any]]:
    """The load scenarios of `make bench`. Quick mode: five users for five seconds of the mix on
    bench.run's own server at `base` (one worker), with no targets but errors. Full mode (PostgreSQL
    and Redis): the issue's two scenarios on a server of its own with two workers and its own
    var/ directory (the database is not in it), while bench.run's server idles; skipped, with the
    reason printed, without PostgreSQL or Redis."""
    if quick:
        smoke = LoadScenario("load_mix", users=5, spawn_rate=5, seconds=5)
        [outcome] = drive(base, var, [smoke], members=20)
        return outcome_metrics(outcome), {"load_mix": details(outcome)}
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if not (postgres and os.environ.get("REDIS_URL")):
        reason = "the load test needs DATABASE_URL (PostgreSQL) and REDIS_URL for its two workers"
        print(f"bench: load test skipped: {reason}", file=sys.stderr)
        return {}, {"skipped": reason}
    users = _env_int("BENCH_LOAD_USERS", 30)
    mix = LoadScenario("load_mix", users=users, spawn_rate=users, seconds=_env_int("BENCH_LOAD_SECONDS", 60))
    members = LoadScenario("load_1000_members", 1000, spawn_rate=100, seconds=120, think_seconds=30, who=MEMBERS)
    throughput, online = run(var / "load", [mix, members], workers=2, members=1000)
    metrics = outcome_metrics(throughput, targets=MIX_TARGETS)
    metrics.update(outcome_metrics(online, targets={"cpu_percent": MEMBERS_CPU_TARGET}))
    return metrics, {"load_mix": details(throughput), "load_1000_members": details(online)}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


def main() -> None:
    from bench.run import REUSABLE_VAR  # bench.run imports this module

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, required=True, help="locust users (people) at once")
    parser.add_argument("--spawn-rate", type=float, required=True, help="users started a second")
    parser.add_argument("--seconds", type=int, required=True, help="length of the run, spawning included")
    parser.add_argument("--think-seconds", type=float, default=0.0, help="mean pause between requests (±1/6)")
    parser.add_argument("--who", choices=["mix", "members"], default="mix", help="visitors and members, or readers")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (WEB_CONCURRENCY, default 2)")
    parser.add_argument("--members", type=int, default=0, help="members signed in (default: max(200, users))")
    parser.add_argument(
        "--var",
        type=Path,
        help="the server's var/ directory (default: var/loadtest; var/bench on SQLite, where make bench seeds)",
    )
    args = parser.parse_args()
    if min(args.users, args.seconds, args.workers) < 1 or args.spawn_rate <= 0 or args.think_seconds < 0:
        parser.error("--users, --spawn-rate, --seconds and --workers must be positive, --think-seconds not negative")
    who, name = (MIX, "load_mix") if args.who == "mix" else (MEMBERS, f"load_{args.users}_members")
    scenario = LoadScenario(name, args.users, args.spawn_rate, args.seconds, args.think_seconds, who)
    var = args.var or (ROOT / "var" / "loadtest" if os.environ.get("DATABASE_URL") else REUSABLE_VAR)
    [outcome] = run(var, [scenario], workers=args.workers, members=args.members or max(200, args.users))
    targets = MIX_TARGETS if args.who == "mix" else {"cpu_percent": MEMBERS_CPU_TARGET}
    print(f"{'metric':44} {'value':>10} {'unit':12} {'target':>8}  ok")
    for metric_name, metric in outcome_metrics(outcome, targets=targets).items():
        target = "" if metric.target is None else f"{metric.target:g}"
        print(f"{metric_name:44} {metric.value:>10g} {metric.unit:12} {target:>8}  {'yes' if metric.ok else 'NO'}")
    print(json.dumps(details(outcome)))
    print(f"locust's own report: {var}/locust-{name}_stats.csv; the server's log: {var}/server.log")


if __name__ == "__main__":
    main()
