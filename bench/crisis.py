"""The crisis detector: recall and precision per kind on the labelled set
(hearth/safety/data/crisis_sentences.csv, every sentence and the held-out fifth the rules were not
tuned on), and its time per sentence and for a 20,000-character post (the most it reads).

The issue's targets: recall at least 0.95 at precision at least 0.85 for each kind, over the
whole set; a post never delayed more than 5 ms (p99 per sentence, and p99 for a post of 20,000
characters, the most a post holds, read cold: the word and spelling caches emptied first, as in
a new worker). The long post's time is also given in CPU time of the thread (`_cpu`), which a busy
shared machine inflates less than the wall clock. Held-out figures and the crafted text's time are
recorded without a target. Pure Python, no database:

    .venv/bin/python -m bench.crisis
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict

from bench.metrics import Metric, latency
from hearth.safety import detector
from hearth.safety.evaluation import labelled, score

RECALL_TARGET = 0.95
PRECISION_TARGET = 0.85
SENTENCE_TARGETS = {"p99": 5.0}
LONG_POST_TARGETS = {"p99": 5.0}
ROUNDS = 5
LONG_POST_SAMPLES = 200  # enough for a p99 that is not simply the slowest one
LONG_POST = 20_000


def _timed(text: str) -> float:
    started = time.perf_counter()
    detector.detect(text)
    return (time.perf_counter() - started) * 1000


def _timed_cold(text: str) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds to read `text`, with the caches emptied first."""
    detector.forget_words()
    started, cpu = time.perf_counter(), time.thread_time()
    detector.detect(text)
    return (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000


def crisis_metrics() -> dict[str, Metric]:
    sentences = labelled()
    metrics: dict[str, Metric] = {}
    for part, chosen in (("", sentences), ("_held_out", [s for s in sentences if s.held_out])):
        for kind, scores in score(chosen).items():
            targets = {"recall": RECALL_TARGET, "precision": PRECISION_TARGET} if not part else {}
            for name, value in (("recall", scores.recall), ("precision", scores.precision)):
                target = targets.get(name)
                metrics[f"crisis_{kind}{part}_{name}"] = Metric(
                    round(value, 3), "ratio", target=target, ok=target is None or value >= target
                )
    # Each round starts cold: the word and spelling caches are emptied, as in a fresh worker.
    samples = []
    for _ in range(ROUNDS):
        detector.forget_words()
        samples += [_timed(sentence.text) for sentence in sentences]
    metrics.update(latency("crisis_detect_sentence", samples, SENTENCE_TARGETS))
    post = " ".join(s.text for s in sentences if s.label == "none")
    post = (post * (LONG_POST // len(post) + 1))[:LONG_POST]
    wall, cpu = zip(*(_timed_cold(post) for _ in range(LONG_POST_SAMPLES)), strict=True)
    metrics.update(latency("crisis_detect_20k_chars", list(wall), LONG_POST_TARGETS))
    metrics.update(latency("crisis_detect_20k_chars_cpu", list(cpu)))
    # Made to be slow: an idiom repeated with no full stop, each repetition a candidate phrase.
    crafted = ("no chest pain " * (LONG_POST // 14 + 1))[:LONG_POST]
    metrics.update(latency("crisis_detect_20k_repeated_idiom", [_timed(crafted) for _ in range(ROUNDS * 4)]))
    return metrics


def main() -> None:
    metrics = crisis_metrics()
    print(f"{'metric':44} {'value':>10} {'unit':8} {'target':>8}  ok")
    for name, metric in metrics.items():
        target = "" if metric.target is None else f"{metric.target:g}"
        print(f"{name:44} {metric.value:>10g} {metric.unit:8} {target:>8}  {'yes' if metric.ok else 'NO'}")
    print(json.dumps({name: asdict(metric) for name, metric in metrics.items()}))


if __name__ == "__main__":
    main()
