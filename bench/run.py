"""Run the benchmarks against Hearth served by uvicorn, print a table, write results/latest.json.

Each metric has the target its issue sets (or none, when it is only recorded) and whether it was
met. The server runs in its own process with its own var/ directory; DATABASE_URL and REDIS_URL
pass through, so the same command measures SQLite or PostgreSQL + Redis.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.server import running_server
from tests.test_serving import transferred_weight

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Metric:
    value: float
    unit: str
    target: float | None
    ok: bool


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure_latency(url: str, count: int) -> list[float]:
    """Server round trips over loopback, one after another, in milliseconds."""
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def run(mode: str) -> dict[str, Metric]:
    count = 30 if mode == "quick" else 400
    metrics: dict[str, Metric] = {}
    with tempfile.TemporaryDirectory() as var, running_server(Path(var)) as base:
        for name, path in [("home", "/"), ("signup", "/accounts/signup/"), ("conditions_directory", "/conditions/")]:
            weight = transferred_weight(base, path) / 1024
            metrics[f"page_weight_{name}"] = Metric(round(weight, 1), "KiB", target=60, ok=weight < 60)
        for name, path in [
            ("home", "/"),
            ("condition_search_page", "/conditions/?q=lupus"),
            ("api_condition_search", "/api/v1/conditions?q=sle"),
            ("healthz", "/healthz"),
        ]:
            measure_latency(base + path, 5)  # warm up
            samples = measure_latency(base + path, count)
            for label, fraction in [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)]:
                value = round(_percentile(samples, fraction), 2)
                metrics[f"latency_{name}_{label}"] = Metric(value, "ms", target=None, ok=True)
            metrics[f"throughput_{name}_sequential"] = Metric(
                round(1000 / statistics.mean(samples), 1), "requests/s", target=None, ok=True
            )
    return metrics


def context() -> dict[str, object]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    return {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "database": "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite",
        "redis": bool(os.environ.get("REDIS_URL")),
        "commit": commit.stdout.strip() or "unknown",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=["quick", "full"], default="full")
    args = parser.parse_args()
    metrics = run(args.mode)
    RESULTS.mkdir(exist_ok=True)
    document = {name: asdict(metric) for name, metric in metrics.items()}
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2) + "\n")
    (RESULTS / "latest-context.json").write_text(json.dumps({"mode": args.mode, **context()}, indent=2) + "\n")
    print(f"{'metric':44} {'value':>10} {'unit':12} {'target':>8}  ok")
    for name, metric in metrics.items():
        target = "" if metric.target is None else f"{metric.target:g}"
        print(f"{name:44} {metric.value:>10g} {metric.unit:12} {target:>8}  {'yes' if metric.ok else 'NO'}")
    print(json.dumps(context()))


if __name__ == "__main__":
    main()
