"""What a benchmark reports: a value with its unit, the target its issue sets (if any), and whether
it was met; and the percentiles every latency metric is made of."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class Metric:
    value: float
    unit: str
    target: float | None
    ok: bool


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def latency(name: str, samples: list[float], targets: dict[str, float] | None = None) -> dict[str, Metric]:
    """`name_p50`, `name_p95` and `name_p99` in milliseconds, each checked against its target."""
    targets = targets or {}
    metrics = {}
    for label, fraction in [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)]:
        value = round(percentile(samples, fraction), 2)
        target = targets.get(label)
        metrics[f"{name}_{label}"] = Metric(value, "ms", target=target, ok=target is None or value <= target)
    return metrics


def write_results(target_file: Path, metrics: dict[str, Metric], details: dict[str, Any]) -> None:
    """Keep one benchmark's metrics and details as JSON, and print them as a table."""
    document = {name: asdict(metric) for name, metric in metrics.items()}
    target_file.parent.mkdir(exist_ok=True)
    target_file.write_text(json.dumps({"metrics": document, "details": details}, indent=2) + "\n")
    for name, metric in metrics.items():
        target = "" if metric.target is None else f"{metric.target:g}"
        print(f"{name:36} {metric.value:>10g} {metric.unit:12} {target:>8}  {'yes' if metric.ok else 'NO'}")
    print(json.dumps(details))
