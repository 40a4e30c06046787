"""What a benchmark reports: a value with its unit, the target its issue sets (if any), and whether
it was met; and the percentiles every latency metric is made of."""

from __future__ import annotations

from dataclasses import dataclass


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
