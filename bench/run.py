"""Run the benchmarks against Hearth served by uvicorn, print a table, write results/latest.json.

Each metric has the target its issue sets (or none, when it is only recorded) and whether it was
met. The server runs in its own process with its own var/ directory; DATABASE_URL and REDIS_URL
pass through, so the same command measures SQLite or PostgreSQL + Redis.

Over a database seeded by `seed_scale` (quick: 2,000 members and 10,000 posts; full:
BENCH_MEMBERS and BENCH_POSTS, 400,000 and 1,000,000 unless set), a separate process sends
requests at a fixed rate (BENCH_RATE a second, for BENCH_SECONDS) to a thread page with fifty
replies, as a signed-in member of its community, and to search. The seed replaces earlier
synthetic data in the database; with BENCH_REUSE_DB=1, synthetic data already there is used as
it is (and on SQLite the database lives in var/bench/ so that there is one to reuse). Then
bench.loadtest runs locust's mix of visitors and members (see bench/locustfile.py). Last, bench.chat
measures the live chat: fan-out to 500 connections in one room, accepting messages, and the
memory of 2,000 idle connections (quick: 50 and 200, without speed targets). Patients like me
is timed over the same members, who all have profiles (bench/like_me.py), and so are check-ins
and charts (bench/tracking.py); a treatment page over 50,000 reports (quick: 2,000) has members
of its own (bench/treatments.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.chat import FULL, QUICK, chat_metrics
from bench.crisis import crisis_metrics
from bench.like_me import like_me_in
from bench.load import Outcome, Scenario
from bench.loadtest import bench_metrics
from bench.metrics import Metric, latency
from bench.pages import page_metrics
from bench.tracking import tracking_in
from bench.treatments import treatments_in
from tests.server import ROOT, running_server, server_env

RESULTS = Path(__file__).resolve().parent / "results"
REUSABLE_VAR = ROOT / "var" / "bench"

SIZES = {"quick": (2_000, 10_000), "full": (400_000, 1_000_000)}
SEED_TARGET_SECONDS = 15 * 60  # seed_scale's target for 400,000 members and 1,000,000 posts
THREAD_TARGETS = {"p50": 15.0, "p99": 60.0}
SEARCH_TARGETS = {"p95": 50.0}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


@contextmanager
def _var_dir(reuse: bool) -> Iterator[Path]:
    if reuse:
        REUSABLE_VAR.mkdir(parents=True, exist_ok=True)
        yield REUSABLE_VAR
    else:
        with tempfile.TemporaryDirectory() as var:
            yield Path(var)


def _prepare(var: Path, members: int, posts: int, reuse: bool) -> dict[str, Any]:
    out = var / "bench-dataset.json"
    command = [sys.executable, "-m", "bench.dataset", "--members", str(members), "--posts", str(posts)]
    command += ["--out", str(out), *(["--reuse"] if reuse else [])]
    subprocess.run(command, cwd=ROOT, env=server_env(var), check=True)
    dataset: dict[str, Any] = json.loads(out.read_text())
    return dataset


def _check_signed_in(base: str, dataset: dict[str, Any]) -> None:
    cookie = "; ".join(f"{name}={value}" for name, value in dataset["cookies"].items())
    request = urllib.request.Request(base + dataset["thread_path"], headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read()
    if b"/accounts/logout/" not in page:
        raise SystemExit("bench: the member's session was not accepted; the thread page shows them signed out")


def _load(base: str, scenarios: list[Scenario], var: Path) -> list[Outcome]:
    plan = var / "bench-load.json"
    plan.write_text(json.dumps({"base": base, "scenarios": [asdict(s) for s in scenarios]}))
    done = subprocess.run(
        [sys.executable, "-m", "bench.load", str(plan)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"bench: the load process failed:\n{done.stderr[-3000:]}")
    return [Outcome(**outcome) for outcome in json.loads(done.stdout)]


def _load_metrics(outcome: Outcome, targets: dict[str, float]) -> dict[str, Metric]:
    metrics = latency(outcome.name, outcome.latencies_ms or [float("inf")], targets)
    if outcome.errors:
        for metric in metrics.values():
            metric.ok = False
    if outcome.sequential_ms:
        metrics.update(latency(f"{outcome.name}_sequential", outcome.sequential_ms))
    metrics[f"{outcome.name}_throughput"] = Metric(round(outcome.throughput, 1), "requests/s", target=None, ok=True)
    metrics[f"{outcome.name}_errors"] = Metric(outcome.errors, "requests", target=0, ok=outcome.errors == 0)
    return metrics


def run(mode: str) -> tuple[dict[str, Metric], dict[str, Any]]:
    quick = mode == "quick"
    members, posts = SIZES[mode]
    if not quick:
        members, posts = _env_int("BENCH_MEMBERS", members), _env_int("BENCH_POSTS", posts)
    reuse = os.environ.get("BENCH_REUSE_DB") == "1"
    rate = _env_int("BENCH_RATE", 20)
    seconds = _env_int("BENCH_SECONDS", 4 if quick else 60)
    metrics: dict[str, Metric] = {}
    started = time.perf_counter()
    with _var_dir(reuse) as var, running_server(var) as base:
        dataset = _prepare(var, members, posts, reuse)
        if dataset["seeded_seconds"] is not None:
            full_size = (members, posts) == SIZES["full"]
            target = SEED_TARGET_SECONDS if full_size else None
            value = dataset["seeded_seconds"]
            metrics["seed_scale_seconds"] = Metric(value, "s", target=target, ok=target is None or value <= target)
        metrics.update(page_metrics(base, 30 if quick else 400))
        _check_signed_in(base, dataset)
        # Both as the signed-in member; search then also looks at the communities they belong to.
        warmup, sequential = (10, 20) if quick else (50, 100)
        common: dict[str, Any] = {"rate": rate, "seconds": seconds, "warmup": warmup, "sequential": sequential}
        common["cookies"] = dataset["cookies"]
        scenarios = [
            Scenario("thread_page_50_replies_member", [dataset["thread_path"]], **common),
            Scenario("search", dataset["search_paths"], **common),
        ]
        thread, search = _load(base, scenarios, var)
        metrics.update(_load_metrics(thread, THREAD_TARGETS))
        metrics.update(_load_metrics(search, SEARCH_TARGETS))
        # Patients like me over the same members (each has a profile): see bench/like_me.py.
        like_me, like_me_details = like_me_in(var, base, mode, members)
        metrics.update(like_me)
        # Check-ins saved across members while the read load runs, and a five-year chart: bench/tracking.py.
        tracking, tracking_details = tracking_in(var, base, mode)
        metrics.update(tracking)
        # A treatment page over 50,000 reports, and the recomputation of its figures: bench/treatments.py.
        treatments, treatments_details = treatments_in(var, base, mode)
        metrics.update(treatments)
        # Then locust's mix: on this server in quick mode, on one of its own with two workers in full mode.
        load, load_details = bench_metrics(var, quick, base)
        metrics.update(load)
    # The live chat, on servers of its own (one process, then two workers with Redis): see bench/chat.py.
    chat, chat_details = chat_metrics(QUICK if quick else FULL, targets=not quick)
    metrics.update(chat)
    metrics.update(crisis_metrics())
    details = {
        "dataset": {key: dataset[key] for key in ("members", "posts", "reused", "seeded_seconds", "thread_replies")},
        "database_version": dataset["database_version"],
        "load": {
            "rate_per_second": rate,
            "seconds_per_scenario": seconds,
            "open_loop": True,
            "errors": {outcome.name: outcome.error_kinds for outcome in (thread, search) if outcome.errors},
        },
        "load_test": load_details,
        "like_me": like_me_details,
        "tracking": tracking_details,
        "treatments": treatments_details,
        "chat": chat_details,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    return metrics, details


def context() -> dict[str, object]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, check=False)
    return {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "database": "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite",
        "redis": bool(os.environ.get("REDIS_URL")),
        "commit": commit.stdout.strip() or "unknown",
        "uncommitted_changes": bool(dirty.stdout.strip()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["quick", "full"], default="full")
    args = parser.parse_args()
    metrics, details = run(args.mode)
    RESULTS.mkdir(exist_ok=True)
    document = {name: asdict(metric) for name, metric in metrics.items()}
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2) + "\n")
    about = {"mode": args.mode, **context(), **details}
    (RESULTS / "latest-context.json").write_text(json.dumps(about, indent=2) + "\n")
    print(f"{'metric':44} {'value':>10} {'unit':12} {'target':>8}  ok")
    for name, metric in metrics.items():
        target = "" if metric.target is None else f"{metric.target:g}"
        print(f"{name:44} {metric.value:>10g} {metric.unit:12} {target:>8}  {'yes' if metric.ok else 'NO'}")
    print(json.dumps(about))


if __name__ == "__main__":
    main()
