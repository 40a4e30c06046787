"""Page weight and sequential latency of the light pages: one request after another over loopback."""

from __future__ import annotations

import statistics
import time
import urllib.request

from bench.metrics import Metric, latency
from tests.test_serving import transferred_weight

PAGE_BUDGET_KIB = 60
WEIGHED = [("home", "/"), ("signup", "/accounts/signup/"), ("conditions_directory", "/conditions/")]
TIMED = [
    ("home", "/"),
    ("condition_search_page", "/conditions/?q=lupus"),
    ("api_condition_search", "/api/v1/conditions?q=sle"),
    ("healthz", "/healthz"),
]


def measure_latency(url: str, count: int) -> list[float]:
    """Server round trips over loopback, one after another, in milliseconds."""
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def page_metrics(base: str, count: int) -> dict[str, Metric]:
    metrics: dict[str, Metric] = {}
    for name, path in WEIGHED:
        weight = transferred_weight(base, path) / 1024
        metrics[f"page_weight_{name}"] = Metric(
            round(weight, 1), "KiB", target=PAGE_BUDGET_KIB, ok=weight < PAGE_BUDGET_KIB
        )
    for name, path in TIMED:
        measure_latency(base + path, 5)  # warm up
        samples = measure_latency(base + path, count)
        metrics.update(latency(f"latency_{name}", samples))
        metrics[f"throughput_{name}_sequential"] = Metric(
            round(1000 / statistics.mean(samples), 1), "requests/s", target=None, ok=True
        )
    return metrics
