"""Tracking at scale: saving check-ins across many members while the read load runs, and a chart
of five years of daily values.

The issue's targets (full mode, on PostgreSQL): saving a check-in (`do_check_in`, the action every
page and API call goes through) at most 20 ms at p99, and at least 500 check-ins a second across
members, while the read load of the scale issue runs against the server (the thread page and
search, open-loop, as in bench.run); and a chart over five years of daily values (1,826 points)
drawn in at most 50 ms.

Check-ins are saved by WRITERS processes at once, each for its own synthetic members, each member
checking in for successive past days (new rows, as a day's first check-in is the common case),
as fast as the database takes them, for CHECK_IN_SECONDS. Latency is each call's own time;
throughput is all calls over the wall time. On SQLite the writers queue for its one writer, so
the figure is recorded without a target.

    .venv/bin/python -m bench.tracking --mode quick
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_scale .venv/bin/python -m bench.tracking
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.metrics import Metric, percentile, write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WRITERS = 2
CHECK_IN_SECONDS = {"quick": 3.0, "full": 20.0}
MEMBERS_PER_WRITER = {"quick": 50, "full": 2_000}
CHART_RENDERS = {"quick": 10, "full": 50}
CHART_DAYS = 1_826
SAVE_P99_TARGET_MS = 20.0
RATE_TARGET = 500.0
CHART_P99_TARGET_MS = 50.0
CHART_HANDLE = "bench_chart_member"
SYMPTOMS = ["fatigue", "joint-pain", "brain-fog"]
# Days before any seed_scale check-in (those are in the last 30 days), so each save is a day's
# first check-in, the common case; a second run over the same database times updates instead.
FIRST_DAY_BACK = 400


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    import django

    django.setup()


def _is_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def _members(count: int) -> list[int]:
    from hearth.demo import scale

    return list(scale.scale_members().order_by("pk").values_list("pk", flat=True)[:count])


def _writer(member_ids: list[int], seconds: float, start_at: float, queue: Any) -> None:
    """One writing process: check-ins for its members, day after day back from FIRST_DAY_BACK."""
    _setup()
    from decimal import Decimal

    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.conditions.models import Symptom
    from hearth.tracking.checkins import CheckInInput, do_check_in

    members = list(User.objects.filter(pk__in=member_ids))
    known = set(Symptom.objects.filter(slug__in=SYMPTOMS).values_list("slug", flat=True))
    today = timezone.localdate()
    while time.time() < start_at:
        time.sleep(0.01)
    samples: list[float] = []
    errors = 0
    began = time.perf_counter()
    n = 0
    while time.perf_counter() - began < seconds:
        member = members[n % len(members)]
        day = today - dt.timedelta(days=FIRST_DAY_BACK + n // len(members))
        data = CheckInInput(
            day=day,
            feeling=1 + n % 5,
            pain=n % 11,
            energy=(n * 3) % 11,
            sleep_hours=Decimal(5 + n % 4),
            note="",
            symptoms={slug: (n + i) % 4 for i, slug in enumerate(sorted(known))},
        )
        started = time.perf_counter()
        try:
            do_check_in(member, data)
        except Exception as error:  # noqa: BLE001  (counted and named, the run goes on)
            errors += 1
            if errors <= 3:
                print(f"bench.tracking: {type(error).__name__}: {error}", file=sys.stderr)
        samples.append((time.perf_counter() - started) * 1000)
        n += 1
    queue.put({"samples": samples, "errors": errors, "seconds": time.perf_counter() - began})


def _read_load(base: str | None, var: Path, seconds: float) -> subprocess.Popen[bytes] | None:
    """The scale issue's read load (thread page and search, open-loop) against the server at `base`."""
    dataset_file = var / "bench-dataset.json"
    if base is None or not dataset_file.exists():
        return None
    dataset = json.loads(dataset_file.read_text())
    rate = float(os.environ.get("BENCH_RATE", "20"))
    plan = var / "bench-tracking-load.json"
    common = {"rate": rate, "seconds": seconds, "warmup": 0, "sequential": 0, "cookies": dataset["cookies"]}
    scenarios = [
        {"name": "thread", "paths": [dataset["thread_path"]], **common},
        {"name": "search", "paths": dataset["search_paths"], **common},
    ]
    plan.write_text(json.dumps({"base": base, "scenarios": scenarios}))
    command = [sys.executable, "-m", "bench.load", str(plan)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def measure_check_ins(mode: str, base: str | None, var: Path) -> tuple[dict[str, Metric], dict[str, Any]]:
    from django.db import connections

    per_writer = MEMBERS_PER_WRITER[mode]
    ids = _members(per_writer * WRITERS)
    if len(ids) < WRITERS:
        raise SystemExit("bench.tracking: seed_scale members are missing; run bench.run or seed_scale first")
    seconds = CHECK_IN_SECONDS[mode]
    connections.close_all()
    load = _read_load(base, var, seconds + 2)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    start_at = time.time() + 3  # the writers set Django up first, then start together
    writers = [
        context.Process(target=_writer, args=(ids[i::WRITERS], seconds, start_at, queue)) for i in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    results = [queue.get(timeout=seconds + 120) for _ in writers]
    for writer in writers:
        writer.join()
    read_load: dict[str, Any] = {}
    if load is not None:
        out, _ = load.communicate(timeout=seconds + 120)
        for outcome in json.loads(out or b"[]"):
            latencies = outcome["latencies_ms"] or [float("inf")]
            read_load[outcome["name"]] = {
                "sent": outcome["sent"],
                "errors": outcome["errors"],
                "p99_ms": round(percentile(latencies, 0.99), 1),
            }
    samples = [sample for result in results for sample in result["samples"]]
    errors = sum(result["errors"] for result in results)
    wall = max(result["seconds"] for result in results)
    rate = round((len(samples) - errors) / wall, 1) if wall else 0.0
    full_pg = mode == "full" and _is_postgresql()
    metrics: dict[str, Metric] = {}
    for label, fraction in [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)]:
        value = round(percentile(samples or [float("inf")], fraction), 2)
        target = SAVE_P99_TARGET_MS if label == "p99" and full_pg else None
        metrics[f"check_in_save_{label}_ms"] = Metric(value, "ms", target=target, ok=target is None or value <= target)
    target = RATE_TARGET if full_pg else None
    metrics["check_ins_per_second"] = Metric(rate, "check-ins/s", target=target, ok=target is None or rate >= target)
    metrics["check_in_errors"] = Metric(errors, "check-ins", target=0, ok=errors == 0)
    details = {
        "writers": WRITERS,
        "members": len(ids),
        "check_ins": len(samples),
        "seconds": round(wall, 1),
        "read_load_during": read_load or "none (no server given)",
    }
    return metrics, details


def _chart_member() -> Any:
    """A member with a weight tracker read every day for five years (made once, then reused)."""
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.tracking.models import Observation, Tracker
    from hearth.tracking.units import TrackerKind, Unit

    member, _ = User.objects.get_or_create(
        handle=CHART_HANDLE, defaults={"email": f"{CHART_HANDLE}@bench.invalid", "is_active": False}
    )
    tracker, _ = Tracker.objects.get_or_create(
        member=member, name="Weight", defaults={"kind": TrackerKind.NUMBER, "unit": Unit.KG}
    )
    if tracker.observations.count() < CHART_DAYS:
        tracker.observations.all().delete()
        today = timezone.localdate()
        Observation.objects.bulk_create(
            Observation(tracker=tracker, day=today - dt.timedelta(days=n), value=70 + (n % 37) / 10)
            for n in range(CHART_DAYS)
        )
    return member, tracker


def measure_chart(mode: str) -> tuple[dict[str, Metric], dict[str, Any]]:
    from django.utils import timezone

    from hearth.tracking.charts import render_chart
    from hearth.tracking.series import tracker_series

    member, tracker = _chart_member()
    series = tracker_series(tracker)
    end = timezone.localdate()
    start = end - dt.timedelta(days=CHART_DAYS - 1)
    render_chart(member, [series], start, end, title="Weight")  # imports and first-use caches
    samples = []
    size = 0
    for _ in range(CHART_RENDERS[mode]):
        began = time.perf_counter()
        svg = render_chart(member, [series], start, end, title="Weight")
        samples.append((time.perf_counter() - began) * 1000)
        size = len(svg)
    metrics = {}
    for label, fraction in [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)]:
        value = round(percentile(samples, fraction), 2)
        target = CHART_P99_TARGET_MS if label == "p99" and mode == "full" else None
        metrics[f"chart_5_years_{label}_ms"] = Metric(value, "ms", target=target, ok=target is None or value <= target)
    return metrics, {"chart_points": CHART_DAYS, "chart_renders": len(samples), "chart_svg_bytes": size}


def tracking_metrics(mode: str, base: str | None, var: Path) -> tuple[dict[str, Metric], dict[str, Any]]:
    chart, chart_details = measure_chart(mode)
    saves, save_details = measure_check_ins(mode, base, var)
    return {**saves, **chart}, {**save_details, **chart_details}


def tracking_in(var: Path, base: str, mode: str) -> tuple[dict[str, Metric], dict[str, Any]]:
    """For bench.run: this benchmark in a process of its own, in the environment of the server at
    `base` (its var/ directory and database), over the members already seeded there."""
    from tests.server import server_env

    out = var / "bench-tracking.json"
    command = [sys.executable, "-m", "bench.tracking", "--mode", mode, "--base", base, "--out", str(out)]
    subprocess.run(command, cwd=ROOT, env=server_env(var), check=True)
    found = json.loads(out.read_text())
    return {name: Metric(**metric) for name, metric in found["metrics"].items()}, found["details"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["quick", "full"], default="full")
    parser.add_argument("--base", default=None, help="A running server to put the read load on (else none).")
    parser.add_argument("--out", type=Path, default=None, help="Write the metrics here as JSON.")
    args = parser.parse_args()
    if "HEARTH_VAR_DIR" not in os.environ and not os.environ.get("DATABASE_URL"):
        os.environ["HEARTH_VAR_DIR"] = str(ROOT / "var" / "bench")
    var = Path(os.environ.get("HEARTH_VAR_DIR", ROOT / "var" / "bench"))
    var.mkdir(parents=True, exist_ok=True)
    _setup()
    metrics, details = tracking_metrics(args.mode, args.base, var)
    write_results(args.out or RESULTS / "tracking.json", metrics, details)


if __name__ == "__main__":
    main()
