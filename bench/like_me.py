"""Patients like me at scale: `find_matches` for a sample of viewers over every discoverable
synthetic profile, and the page over HTTP, with the extra memory a search takes.

The issue's targets (full mode, 400,000 discoverable profiles): p95 of `find_matches` at most
50 ms, and at most 300 MiB of extra memory; and a member's profile page, opened by another
member over HTTP, at most 40 ms at p99. Viewers are sampled from the synthetic members (seed
1): most at random, so the common conditions (lupus, breast cancer, type 1 diabetes) dominate,
plus some who live with a rare condition and some with three conditions. Each is searched once
first (that pass fills the cache of condition rarities, and is reported as `like_me_cold_*`),
then three times plainly and once with each filter (role, region). Extra memory: the process's
peak resident set after every search, less its resident set just before the first.

The data is the database's own: `seed_scale` members, which have profiles (all discoverable by
default). What is there is used when it holds enough discoverable synthetic profiles; otherwise
`seed_scale --fresh --members N --posts 0` makes them first (about three minutes for 400,000).
Standalone, on SQLite the database is var/bench/hearth.sqlite3 (HEARTH_VAR_DIR), on PostgreSQL
DATABASE_URL; a server is started for the page's timings:

    .venv/bin/python -m bench.like_me --mode quick
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_scale .venv/bin/python -m bench.like_me
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.metrics import Metric, percentile

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIZES = {"quick": 2_000, "full": 400_000}
VIEWERS = {"quick": (12, 4, 4), "full": (60, 20, 20)}  # at random, with a rare condition, with three
PAGE_REQUESTS = {"quick": 30, "full": 200}
PAGE_REQUESTS_PER_VIEWER = 20  # well under the hourly limit of searches
P95_TARGET_MS = 50.0
MEMORY_TARGET_MIB = 300.0
PROFILE_P99_TARGET_MS = 40.0
RARE_SHARE = 0.002  # a condition fewer than this share of profiles list


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def _discoverable_synthetic() -> int:
    from hearth.demo import scale
    from hearth.profiles.models import Profile

    return Profile.objects.filter(discoverable=True, user__in=scale.scale_members()).count()


def ensure_profiles(members: int) -> dict[str, Any]:
    """Enough discoverable synthetic profiles, made in a process of their own when missing."""
    found = _discoverable_synthetic()
    if found >= 0.9 * members:
        return {"discoverable_profiles": found, "seeded_seconds": None}
    print(f"bench.like_me: {found:,} discoverable synthetic profiles; seeding {members:,} members", file=sys.stderr)
    started = time.perf_counter()
    _manage("seed_scale", "--fresh", "--members", str(members), "--posts", "0", "--seed", "1")
    return {"discoverable_profiles": _discoverable_synthetic(), "seeded_seconds": round(time.perf_counter() - started)}


def _tidy_postgresql() -> None:
    """After a bulk load, the visibility map lets PostgreSQL read the `(condition, profile)`
    index without visiting the table, as autovacuum would arrange in time."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    tables = ["profiles_profile", "profiles_profilecondition", "communities_membership"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def sample_viewers(counts: tuple[int, int, int]) -> list[Any]:
    """Discoverable synthetic members: at random, then with a rare condition, then with three."""
    from django.db.models import Count

    from hearth.accounts.models import User
    from hearth.demo import scale
    from hearth.profiles.models import Profile, ProfileCondition

    rng = random.Random(1)
    found = Profile.objects.filter(discoverable=True, user__in=scale.scale_members())
    ids = list(found.order_by("user_id").values_list("user_id", flat=True))
    total = len(ids)
    at_random, rare_wanted, three_wanted = counts
    chosen = rng.sample(ids, min(at_random, total))
    rows = ProfileCondition.objects.filter(profile__in=found)
    frequency = dict(rows.values("condition_id").annotate(n=Count("id")).values_list("condition_id", "n"))
    rare = [c for c, n in frequency.items() if n < RARE_SHARE * total]
    rare_holders = sorted(set(rows.filter(condition_id__in=rare[:50]).values_list("profile_id", flat=True)))
    chosen += rng.sample(rare_holders, min(rare_wanted, len(rare_holders)))
    three = rows.values("profile_id").annotate(n=Count("id")).filter(n__gte=3).order_by("profile_id")
    three_holders = list(three.values_list("profile_id", flat=True)[:5000])
    chosen += rng.sample(three_holders, min(three_wanted, len(three_holders)))
    members = User.objects.select_related("profile").in_bulk(chosen)
    return [members[pk] for pk in dict.fromkeys(chosen)]


def _rss_mib() -> float:
    import psutil  # type: ignore[import-untyped]  # locked as locust's dependency; ships no type hints

    return float(psutil.Process().memory_info().rss) / 2**20


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _timed(viewer: Any, **filters: str) -> float:
    from hearth.profiles.matching import find_matches

    started = time.perf_counter()
    find_matches(viewer, **filters)  # type: ignore[arg-type]
    return (time.perf_counter() - started) * 1000


def measure_matching(viewers: list[Any]) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Milliseconds per search (cold, plain, filtered) and memory in MiB."""
    from hearth.profiles.matching import find_matches

    samples: dict[str, list[float]] = {"cold": [], "plain": [], "filtered": []}
    before = _rss_mib()
    for viewer in viewers:
        samples["cold"].append(_timed(viewer))
    for _ in range(3):
        for viewer in viewers:
            samples["plain"].append(_timed(viewer))
    for viewer in viewers:
        samples["filtered"].append(_timed(viewer, role="patient"))
        samples["filtered"].append(_timed(viewer, region=viewer.profile.region or viewer.profile.country or "GB"))
    peak = _peak_rss_mib()
    # The most any one search holds in Python objects at once (slower under tracing, so untimed).
    tracemalloc.start()
    traced = 0.0
    for viewer in viewers[:10]:
        tracemalloc.reset_peak()
        find_matches(viewer)
        traced = max(traced, tracemalloc.get_traced_memory()[1] / 2**20)
    tracemalloc.stop()
    memory = {"rss_before_mib": round(before, 1), "rss_peak_mib": round(peak, 1), "traced_peak_mib": round(traced, 2)}
    return samples, memory


def measure_page(
    base: str, viewers: list[Any], requests: int, *, path: Callable[[int], str], expect: bytes
) -> tuple[list[float], int]:
    """Milliseconds per GET of `path(number)`, signed in as the viewers in turn, and errors (an
    answer without `expect` in it)."""
    from bench.dataset import _signed_in

    count = min(requests, len(viewers) * PAGE_REQUESTS_PER_VIEWER)
    cookies = [
        "; ".join(f"{name}={value}" for name, value in _signed_in(viewer).items())
        for viewer in viewers[: max(1, -(-count // PAGE_REQUESTS_PER_VIEWER))]
    ]
    samples, errors = [], 0
    for number in range(count + len(cookies)):  # the first round warms the server up
        request = urllib.request.Request(base + path(number), headers={"Cookie": cookies[number % len(cookies)]})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                page = response.read()
            ok = expect in page
        except urllib.error.URLError:
            ok = False
        if number >= len(cookies):
            samples.append((time.perf_counter() - started) * 1000)
            errors += not ok
    return samples, errors


def _latency(name: str, samples: list[float], target: float | None = None, *, at: str = "p95") -> dict[str, Metric]:
    metrics = {}
    for label, fraction in [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)]:
        value = round(percentile(samples or [float("inf")], fraction), 2)
        wanted = target if label == at else None
        metrics[f"{name}_{label}_ms"] = Metric(value, "ms", target=wanted, ok=wanted is None or value <= wanted)
    return metrics


def like_me_metrics(mode: str, members: int, base: str | None) -> tuple[dict[str, Metric], dict[str, Any]]:
    """Run in the environment of the database to measure (django set up by the caller)."""
    full = mode == "full"
    data = ensure_profiles(members)
    _tidy_postgresql()
    viewers = sample_viewers(VIEWERS[mode])
    samples, memory = measure_matching(viewers)
    timed = samples["plain"] + samples["filtered"]
    metrics = _latency("like_me", timed, P95_TARGET_MS if full else None)
    metrics.update(_latency("like_me_plain", samples["plain"]))
    metrics.update(_latency("like_me_filtered", samples["filtered"]))
    metrics.update(_latency("like_me_cold", samples["cold"]))
    extra = round(max(0.0, memory["rss_peak_mib"] - memory["rss_before_mib"]), 1)
    target = MEMORY_TARGET_MIB if full else None
    metrics["like_me_extra_memory_mib"] = Metric(extra, "MiB", target=target, ok=target is None or extra <= target)
    details: dict[str, Any] = {**data, "viewers": len(viewers), "searches_timed": len(timed), **memory}
    if base is not None:
        page, errors = measure_page(
            base, viewers, PAGE_REQUESTS[mode], path=lambda n: "/profile/like-me/", expect=b"Your matches"
        )
        metrics.update(_latency("like_me_page", page))
        metrics["like_me_page_errors"] = Metric(errors, "requests", target=0, ok=errors == 0)
        details["page_requests"] = len(page)
        # A member's profile page, opened by another member: the p99 target.
        handles = [viewer.handle for viewer in viewers]
        profile, errors = measure_page(
            base,
            viewers,
            PAGE_REQUESTS[mode],
            path=lambda n: f"/members/{handles[(n + 1) % len(handles)]}/",
            expect=b"Member since",
        )
        metrics.update(_latency("profile_page", profile, PROFILE_P99_TARGET_MS if full else None, at="p99"))
        metrics["profile_page_errors"] = Metric(errors, "requests", target=0, ok=errors == 0)
        details["profile_page_requests"] = len(profile)
    return metrics, details


def like_me_in(var: Path, base: str, mode: str, members: int) -> tuple[dict[str, Metric], dict[str, Any]]:
    """For bench.run: this benchmark in a process of its own, in the environment of the server at
    `base` (its var/ directory and database), over the members already seeded there."""
    from tests.server import server_env

    out = var / "bench-like-me.json"
    command = [sys.executable, "-m", "bench.like_me", "--mode", mode, "--members", str(members)]
    command += ["--base", base, "--out", str(out)]
    subprocess.run(command, cwd=ROOT, env=server_env(var), check=True)
    found = json.loads(out.read_text())
    return {name: Metric(**metric) for name, metric in found["metrics"].items()}, found["details"]


def _server(var: Path | None, own: bool) -> AbstractContextManager[str | None]:
    if not own or var is None:
        return nullcontext(None)
    from tests.server import running_server

    return running_server(var)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["quick", "full"], default="full")
    parser.add_argument(
        "--members", type=int, default=None, help="Synthetic members wanted (quick 2,000; full 400,000)."
    )
    parser.add_argument("--base", default=None, help="A running server to time the page on (else one is started).")
    parser.add_argument("--no-page", action="store_true", help="Time find_matches only.")
    parser.add_argument("--out", type=Path, default=None, help="Write the metrics here as JSON.")
    args = parser.parse_args()
    members = args.members or SIZES[args.mode]
    own_var = None
    if "HEARTH_VAR_DIR" not in os.environ and not os.environ.get("DATABASE_URL"):
        own_var = ROOT / "var" / "bench"
        own_var.mkdir(parents=True, exist_ok=True)
        os.environ["HEARTH_VAR_DIR"] = str(own_var)
    if args.base is None:
        _manage("migrate", "--noinput", "--verbosity", "0")
    var = Path(os.environ.get("HEARTH_VAR_DIR", ROOT / "var" / "bench"))
    var.mkdir(parents=True, exist_ok=True)
    _setup()
    with _server(var, own=args.base is None and not args.no_page) as started:
        base = None if args.no_page else (args.base or started)
        metrics, details = like_me_metrics(args.mode, members, base)
    document = {name: asdict(metric) for name, metric in metrics.items()}
    if args.out:
        args.out.write_text(json.dumps({"metrics": document, "details": details}, indent=2) + "\n")
    else:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "like_me.json").write_text(json.dumps({"metrics": document, "details": details}, indent=2) + "\n")
    for name, metric in metrics.items():
        target = "" if metric.target is None else f"{metric.target:g}"
        print(f"{name:36} {metric.value:>10g} {metric.unit:10} {target:>8}  {'yes' if metric.ok else 'NO'}")
    print(json.dumps(details))


if __name__ == "__main__":
    main()
