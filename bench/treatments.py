"""Treatment pages at scale: the page of one treatment for one condition over 50,000 reports.

The issue's target (full mode): the page at most 60 ms at p99. The page reads the kept figures
(`TreatmentSummary`, one row) and the ten newest shared tips, never every report; the figures are
recomputed in the job queue after a change, and that computation (SQL counts over every
consenting report) is timed once here too, without a target.

Seeding: REPORTS members of their own (handles `bench_tr_<n>`, at an address of `@bench.invalid`),
each consenting to research and reporting on hydroxychloroquine for lupus, with up to three of
its listed side effects, written with bulk_create (quick: 2,000; full: 50,000). What a previous
run made is reused when it is all there.

The page is timed over HTTP against a server running `manage.py serve` (as bench.pages times the
light pages), one request after another, as a visitor who is not signed in (the page is public
and is not served from the visitors' page cache). The figures API is timed the same way.

    .venv/bin/python -m bench.treatments --mode quick
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth_scale .venv/bin/python -m bench.treatments
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from bench.metrics import Metric, latency, write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
REPORTS = {"quick": 2_000, "full": 50_000}
REQUESTS = {"quick": 50, "full": 500}
WARMUP = 10
BATCH = 5_000
PAGE_P99_TARGET_MS = 60.0
HANDLE_PREFIX = "bench_tr_"
EMAIL_DOMAIN = "bench.invalid"
TREATMENT = "hydroxychloroquine"
CONDITION = "systemic-lupus-erythematosus"
SIDE_EFFECTS = ["Nausea", "Stomach upset", "Rash", "Headache", "Eye changes", "Dizziness"]
PAGE = f"/treatments/{TREATMENT}/for/{CONDITION}/"
API = f"/api/v1/treatments/{TREATMENT}/conditions/{CONDITION}/figures"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def _pair() -> tuple[Any, Any]:
    from hearth.conditions.models import Condition
    from hearth.treatments.models import Treatment

    treatment = Treatment.objects.get(slug=TREATMENT)
    if not treatment.side_effects:
        treatment.side_effects = SIDE_EFFECTS
        treatment.save(update_fields=["side_effects"])
    return treatment, Condition.objects.get(slug=CONDITION)


def _bench_members() -> Any:
    from hearth.accounts.models import User

    return User.objects.filter(handle__startswith=HANDLE_PREFIX, email__endswith=f"@{EMAIL_DOMAIN}")


def seed(count: int) -> dict[str, Any]:
    """`count` consenting members, each with a report (and its side effects) on the pair."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.experiences.models import (
        Burden,
        CostBand,
        Effectiveness,
        MissedDoses,
        ReportedSideEffect,
        Severity,
        StopReason,
        TreatmentReport,
    )
    from hearth.privacy.models import ResearchConsent
    from hearth.privacy.research import CONSENT_VERSION

    treatment, condition = _pair()
    mine = TreatmentReport.objects.filter(treatment=treatment, condition=condition, member__in=_bench_members())
    found = mine.count()
    if found >= count:
        return {"reports": found, "seeded_seconds": None}
    print(f"bench.treatments: {found:,} reports there; seeding {count:,}", file=sys.stderr)
    started = time.perf_counter()
    rng = random.Random(9)
    today = timezone.localdate()
    now = timezone.now()
    unusable = make_password(None)
    with transaction.atomic():
        mine.delete()
        _bench_members().delete()
        for first in range(0, count, BATCH):
            numbers = range(first, min(count, first + BATCH))
            members = User.objects.bulk_create(
                User(handle=f"{HANDLE_PREFIX}{n}", email=f"{HANDLE_PREFIX}{n}@{EMAIL_DOMAIN}", password=unusable)
                for n in numbers
            )
            ResearchConsent.objects.bulk_create(
                ResearchConsent(member=member, version=CONSENT_VERSION, given_at=now) for member in members
            )
            reports = []
            for member in members:
                started_on = today - dt.timedelta(days=rng.randrange(5, 2_000))
                stopped = rng.random() < 0.3
                stopped_on = started_on + dt.timedelta(days=rng.randrange(1, (today - started_on).days + 1))
                reports.append(
                    TreatmentReport(
                        member=member,
                        treatment=treatment,
                        condition=condition,
                        started_on=started_on if rng.random() < 0.9 else None,
                        stopped_on=stopped_on if stopped else None,
                        stop_reasons=rng.sample(StopReason.values, rng.randint(1, 2)) if stopped else [],
                        effectiveness=rng.choice(Effectiveness.values),
                        missed_doses=rng.choice([*MissedDoses.values, ""]),
                        burden=rng.choice([*Burden.values, ""]),
                        cost_band=rng.choice([*CostBand.values, ""]),
                        tip=f"Tip {member.pk}: take it with food." if rng.random() < 0.05 else "",
                        share_tip=rng.random() < 0.8,
                        created_at=now - dt.timedelta(minutes=rng.randrange(1, 500_000)),
                        updated_at=now - dt.timedelta(minutes=rng.randrange(1, 500_000)),
                    )
                )
            reports = TreatmentReport.objects.bulk_create(reports)
            ReportedSideEffect.objects.bulk_create(
                ReportedSideEffect(report=report, name=name, severity=rng.choice(Severity.values), listed=True)
                for report in reports
                for name in rng.sample(treatment.side_effects, rng.randint(0, 3))
            )
    _tidy_postgresql()
    return {"reports": mine.count(), "seeded_seconds": round(time.perf_counter() - started, 1)}


def _tidy_postgresql() -> None:
    """After a bulk load, fresh statistics, as autovacuum would arrange in time."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ["accounts_user", "privacy_researchconsent", "experiences_treatmentreport",
                      "experiences_reportedsideeffect"]:  # fmt: skip
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def time_refresh() -> tuple[float, int]:
    """The recomputation of the pair from every consenting report, in milliseconds, and its count."""
    from hearth.experiences import figures

    treatment, condition = _pair()
    started = time.perf_counter()
    summary = figures.refresh(treatment.pk, condition.pk)
    return (time.perf_counter() - started) * 1000, summary.contributors


def time_requests(base: str, path: str, count: int, expect: bytes) -> tuple[list[float], int]:
    """Milliseconds per GET, one after another, after a warm-up; and errors (an answer without `expect`)."""
    samples, errors = [], 0
    for number in range(WARMUP + count):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                ok = expect in response.read()
        except urllib.error.URLError:
            ok = False
        if number >= WARMUP:
            samples.append((time.perf_counter() - started) * 1000)
            errors += not ok
    return samples, errors


def treatments_metrics(mode: str, base: str) -> tuple[dict[str, Metric], dict[str, Any]]:
    """Run in the environment of the database to measure (django set up by the caller)."""
    full = mode == "full"
    data = seed(REPORTS[mode])
    refresh_ms, contributors = time_refresh()
    metrics = {"treatment_figures_refresh_ms": Metric(round(refresh_ms, 1), "ms", target=None, ok=True)}
    expected = f"From <strong>{contributors:,} reports</strong>".encode()
    page, page_errors = time_requests(base, PAGE, REQUESTS[mode], expected)
    metrics.update(latency("treatment_page", page or [float("inf")], {"p99": PAGE_P99_TARGET_MS} if full else None))
    metrics["treatment_page_errors"] = Metric(page_errors, "requests", target=0, ok=page_errors == 0)
    api, api_errors = time_requests(base, API, REQUESTS[mode], f'"reports": {contributors}'.encode())
    metrics.update(latency("treatment_figures_api", api or [float("inf")]))
    metrics["treatment_figures_api_errors"] = Metric(api_errors, "requests", target=0, ok=api_errors == 0)
    details = {**data, "contributors": contributors, "page_requests": len(page), "api_requests": len(api)}
    return metrics, details


def treatments_in(var: Path, base: str, mode: str) -> tuple[dict[str, Metric], dict[str, Any]]:
    """For bench.run: this benchmark in a process of its own, in the environment of the server at
    `base` (its var/ directory and database)."""
    from tests.server import server_env

    out = var / "bench-treatments.json"
    command = [sys.executable, "-m", "bench.treatments", "--mode", mode, "--base", base, "--out", str(out)]
    subprocess.run(command, cwd=ROOT, env=server_env(var), check=True)
    found = json.loads(out.read_text())
    return {name: Metric(**metric) for name, metric in found["metrics"].items()}, found["details"]


def _server(var: Path, own: bool) -> AbstractContextManager[str | None]:
    if not own:
        return nullcontext(None)
    from tests.server import running_server

    return running_server(var)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["quick", "full"], default="full")
    parser.add_argument("--base", default=None, help="A running server to time the page on (else one is started).")
    parser.add_argument("--out", type=Path, default=None, help="Write the metrics here as JSON.")
    args = parser.parse_args()
    if "HEARTH_VAR_DIR" not in os.environ and not os.environ.get("DATABASE_URL"):
        os.environ["HEARTH_VAR_DIR"] = str(ROOT / "var" / "bench")
    var = Path(os.environ.get("HEARTH_VAR_DIR", ROOT / "var" / "bench"))
    var.mkdir(parents=True, exist_ok=True)
    if args.base is None:
        _manage("migrate", "--noinput", "--verbosity", "0")
    _setup()
    with _server(var, own=args.base is None) as started:
        base = args.base or started
        assert base is not None  # one was given or started
        metrics, details = treatments_metrics(args.mode, base)
    write_results(args.out or RESULTS / "treatments.json", metrics, details)


if __name__ == "__main__":
    main()
