"""The labelled set: big enough, balanced as the issue asks, in both languages; and the detector
reaches its targets on it (recall ≥ 0.95 at precision ≥ 0.85 per kind). The held-out fifth is
measured too, and kept honest: it may fall a little below the tuned part, never collapse."""

from __future__ import annotations

from collections import Counter

from hearth.safety.evaluation import KINDS, labelled, score


def test_the_set_has_enough_of_each_kind_in_both_languages() -> None:
    sentences = labelled()
    groups = Counter((s.label, s.group) for s in sentences)

    assert len(sentences) >= 400
    assert groups["self_harm", "crisis"] >= 100
    assert groups["medical_emergency", "crisis"] >= 100
    assert groups["none", "near_miss"] >= 100
    assert groups["none", "ordinary"] >= 100
    assert sum(s.lang == "es" for s in sentences) >= len(sentences) / 4
    assert {s.lang for s in sentences} == {"en", "es"}
    assert len({s.id for s in sentences}) == len(sentences)
    assert len({s.text for s in sentences}) == len(sentences)


def test_the_detector_meets_its_targets_on_the_whole_set() -> None:
    scores = score(labelled())

    for kind in KINDS:
        assert scores[kind].recall >= 0.95, (kind, scores[kind].misses)
        assert scores[kind].precision >= 0.85, (kind, scores[kind].false_alarms)


def test_the_held_out_part_is_not_far_behind() -> None:
    held_out = [s for s in labelled() if s.held_out]
    scores = score(held_out)

    assert len(held_out) >= 80
    for kind in KINDS:
        assert scores[kind].recall >= 0.85, kind
        assert scores[kind].precision >= 0.85, kind
