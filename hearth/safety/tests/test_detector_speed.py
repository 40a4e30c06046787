"""The detector reads a 20,000-character post quickly without changing what it finds: trying
each alternative only at the words it may begin with finds exactly what the one alternation of
them all would, on the labelled set, on word salads made from it and on crafted text; every
alternative knows those words (one that did not would be tried everywhere: right, but slow); and
the cache of words read is replaced, never emptied under a text being read. How fast is measured
by `make bench` (bench/crisis.py, 5 ms at p99), not asserted here: a test timing it against the
whole alternation failed on a busy machine at a ratio of 1.45 against the 1.5 it asked."""

from __future__ import annotations

import itertools
import random

import pytest

from hearth.safety import detector
from hearth.safety.detector import MATCHES_MAX, SCANNED, _candidates, _compile, detect, normalise
from hearth.safety.evaluation import labelled


def _texts() -> list[str]:
    sentences = [s.text for s in labelled()]
    rng = random.Random(5)  # noqa: S311 (shuffling words, not a secret)
    words = " ".join(sentences).split()
    salads = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 80))) for _ in range(1500)]
    crafted = [
        "no chest pain " * 200,
        "kill myself laughing " * 100,
        "my my my speech is slurred " * 30,
        "the the they would be better off without me",
        "i i i think im having a heart attack",
    ]
    return sentences + salads + crafted


@pytest.mark.parametrize(
    ("phrases", "which"), [(detector.SELF_HARM_PHRASES, 0), (detector.MEDICAL_PHRASES, 1)], ids=["self_harm", "medical"]
)
def test_trying_alternatives_where_they_may_begin_finds_what_the_alternation_finds(
    phrases: detector._Phrases, which: int
) -> None:
    whole = _compile(*phrases.alternatives)

    for text in _texts():
        normal = normalise(text)
        expected = [m.span() for m in itertools.islice(whole.finditer(normal), MATCHES_MAX)]
        assert [m.span() for m in _candidates(normal)[which]] == expected, text


def test_every_alternative_knows_where_it_may_begin() -> None:
    # One that could not be told would be tried at every word: right, but slow.
    for phrases in (detector.SELF_HARM_PHRASES, detector.MEDICAL_PHRASES, detector.SELF_HARM_IDIOMS,
                    detector.MEDICAL_IDIOMS):  # fmt: skip
        assert phrases.anywhere == frozenset()


def _long_post() -> str:
    post = " ".join(s.text for s in labelled() if s.label == "none")
    return (post * (SCANNED // len(post) + 1))[:SCANNED]


def test_a_20000_character_crisis_late_in_the_post_is_found() -> None:
    post = _long_post()[: SCANNED - 40] + " I want to end my life."

    found = detect(post[-SCANNED:])

    assert found is not None
    assert found.kind == "self_harm"


def test_the_word_cache_is_replaced_when_full_not_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detector._Known, "MAX", 5)
    before = detector._KNOWN.current()
    normalise("one two three four five six seven")

    after = detector._KNOWN.current()

    assert after is not before
    assert len(before) > 5  # what a text being read holds stays whole
    assert normalise("I want to die") == "i want to die"


def test_an_acute_accent_as_an_apostrophe_is_an_apostrophe() -> None:
    assert normalise("I can´t breathe") == "i cant breathe"
    found = detect("I can´t breathe")
    assert found is not None
    assert found.kind == "medical_emergency"


def test_numbers_keep_their_decimals_and_sentences_their_ends() -> None:
    assert normalise("Fever 39.5! Help?") == "fever 39 5 . help ."
    assert normalise("1,000 units... too many") == "1 000 units . to many"
