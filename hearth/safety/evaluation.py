"""The detector measured on the labelled set (`data/crisis_sentences.csv`): recall and precision
per kind, on every sentence and on the held-out part (every fifth, by id). Read by
`bench/crisis.py` and the tests.

The held-out fifth was meant to be a part the rules were never tuned against. Its misses have
since been read and answered with general rules (families of symptoms, not single sentences),
so it now flatters the detector somewhat. The honest figure for new wording comes from
sentences written after a change of the rules and scored before any further change: ids 501-526
were (recall 0.80 for self-harm and 0.58 for medical emergencies, precision 1.0, before their
misses too were answered). Add such a batch, and say its figures, with each change of the rules.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from hearth.safety.detector import MEDICAL_EMERGENCY, SELF_HARM, Kind, detect

SENTENCES = Path(__file__).resolve().parent / "data" / "crisis_sentences.csv"
KINDS: tuple[Kind, ...] = (SELF_HARM, MEDICAL_EMERGENCY)
HELD_OUT_EVERY = 5


@dataclass(frozen=True)
class Sentence:
    id: int
    label: str  # a Kind, or "none"
    group: str  # crisis, near_miss (an idiom or history that looks like one) or ordinary
    lang: str
    text: str

    @property
    def held_out(self) -> bool:
        return self.id % HELD_OUT_EVERY == 0


@dataclass(frozen=True)
class Scores:
    recall: float
    precision: float
    misses: tuple[Sentence, ...]  # of this kind, not found
    false_alarms: tuple[Sentence, ...]  # found as this kind, but not


def labelled(path: Path = SENTENCES) -> list[Sentence]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            Sentence(int(row["id"]), row["label"], row["group"], row["lang"], row["text"])
            for row in csv.DictReader(file)
        ]


def score(sentences: list[Sentence]) -> dict[Kind, Scores]:
    found = {sentence.id: detect(sentence.text) for sentence in sentences}
    scores = {}
    for kind in KINDS:
        hits = [s for s in sentences if (d := found[s.id]) is not None and d.kind == kind]
        relevant = [s for s in sentences if s.label == kind]
        right = [s for s in hits if s.label == kind]
        scores[kind] = Scores(
            recall=len(right) / len(relevant) if relevant else 1.0,
            precision=len(right) / len(hits) if hits else 1.0,
            misses=tuple(s for s in relevant if s not in right),
            false_alarms=tuple(s for s in hits if s.label != kind),
        )
    return scores
