"""Finding a treatment by generic name, brand name or other name, forgiving case, accents and
unfinished words, within one condition or one kind."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.treatments.models import Kind
from hearth.treatments.search import search_treatments

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Plaquenil", "hydroxychloroquine"),
        ("plaquenil", "hydroxychloroquine"),
        ("PLAQUENIL", "hydroxychloroquine"),
        ("  Plaquenil  ", "hydroxychloroquine"),
        ("plaq", "hydroxychloroquine"),
        ("HCQ", "hydroxychloroquine"),
        ("hydroxychloroquine", "hydroxychloroquine"),
        ("Hydroxychloroquine tablets", "hydroxychloroquine"),  # a word too many
        ("Mésalazine", "mesalazine"),
        ("mesalamine", "mesalazine"),
        ("ÉNBREL", "etanercept"),
        ("humira", "adalimumab"),
        ("Lantus", "insulin-glargine"),
        ("glargine", "insulin-glargine"),
        ("Ozempic", "semaglutide"),
        ("co-careldopa", "levodopa"),
        ("cpap", "cpap"),
        ("breast conserving surgery", "lumpectomy"),
        ("physio", "physiotherapy"),
        ("pacing", "pacing"),
    ],
)
def test_the_best_match_comes_first(query: str, expected: str) -> None:
    results = search_treatments(query)

    assert results, query
    assert results[0].slug == expected


def test_a_condition_narrows_the_search() -> None:
    for_lupus = search_treatments("", condition="systemic-lupus-erythematosus", limit=None)

    assert "hydroxychloroquine" in {t.slug for t in for_lupus}
    assert "tamoxifen" not in {t.slug for t in for_lupus}
    assert search_treatments("tamoxifen", condition="systemic-lupus-erythematosus") == []
    assert search_treatments("plaquenil", condition="no-such-condition") == []


def test_a_kind_narrows_the_search() -> None:
    devices = search_treatments("", kind=Kind.DEVICE, limit=None)

    assert {t.kind for t in devices} == {Kind.DEVICE}
    assert "insulin-pump" in {t.slug for t in devices}
    assert search_treatments("insulin", kind=Kind.DEVICE)[0].slug == "insulin-pump"


def test_empty_text_lists_by_name_and_nonsense_finds_nothing() -> None:
    everything = search_treatments("", limit=None)

    assert len(everything) > 150
    assert [t.name.casefold() for t in everything[:5]] == sorted(t.name.casefold() for t in everything[:5])
    assert search_treatments("!!!") == []
    assert search_treatments("zzzzqqq") == []


def test_the_limit_is_respected() -> None:
    assert len(search_treatments("in", limit=3)) == 3


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_any_text_is_searchable_without_error(query: str) -> None:
    search_treatments(query)
