"""The symptoms catalogue: loaded on migrate with the conditions, idempotent, and searchable by
any of its names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.conditions.catalogue import load_symptoms, sync_catalogue
from hearth.conditions.models import Condition, Symptom
from hearth.conditions.symptoms import forget_index, search_symptoms
from hearth.conditions.tests.catalogue_rules import SLUG
from hearth.conditions.text import normalise


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    """A test that edits symptoms rolls back; the cached index would not."""
    forget_index()
    yield
    forget_index()


def test_the_file_holds_the_common_symptoms_once_each() -> None:
    entries = load_symptoms()
    slugs = [entry["slug"] for entry in entries]
    owners: dict[str, set[str]] = {}
    for entry in entries:
        for name in [entry["name"], *entry["other_names"]]:
            owners.setdefault(normalise(name), set()).add(entry["slug"])

    assert len(entries) >= 55
    assert len(set(slugs)) == len(slugs)
    assert all(SLUG.match(slug) for slug in slugs)
    assert {"fatigue", "joint-pain", "brain-fog", "hot-flashes", "nausea"} <= set(slugs)
    assert {name: found for name, found in owners.items() if len(found) > 1} == {}


@pytest.mark.django_db
def test_migrate_loaded_the_symptoms_and_syncing_again_changes_nothing() -> None:
    assert Symptom.objects.count() == len(load_symptoms())
    assert Symptom.objects.get(slug="brain-fog").name == "Brain fog"

    assert sync_catalogue() == 0


@pytest.mark.django_db
def test_syncing_restores_an_edited_or_missing_symptom_and_keeps_others() -> None:
    Symptom.objects.filter(slug="nausea").update(name="Edited", other_names=[])
    Symptom.objects.filter(slug="hot-flashes").delete()
    Symptom.objects.create(slug="yawning", name="Yawning")

    assert sync_catalogue() == 2
    assert Symptom.objects.get(slug="nausea").name == "Nausea"
    assert Symptom.objects.filter(slug="hot-flashes").exists()
    assert Symptom.objects.filter(slug="yawning").exists()
    assert Condition.objects.count() > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fatigue", "fatigue"),
        ("FATIGUE", "fatigue"),
        ("tired", "fatigue"),
        ("exhaustion", "fatigue"),
        ("brain fog", "brain-fog"),
        ("fog", "brain-fog"),
        ("hot flushes", "hot-flashes"),
        ("joint pain", "joint-pain"),
        ("arthralgia", "joint-pain"),
        ("hypo", "hypoglycaemia"),
        ("hypoglycemia", "hypoglycaemia"),
        ("dyspnoea", "shortness-of-breath"),
        ("diarrhea", "diarrhoea"),
        ("PARESTHÉSIA", "numbness-and-tingling"),
        ("Ménière vertigo", "vertigo"),
    ],
)
def test_the_best_match_comes_first(query: str, expected: str) -> None:
    results = search_symptoms(query)

    assert results, query
    assert results[0].slug == expected


@pytest.mark.django_db
def test_empty_text_lists_symptoms_by_name_and_nonsense_finds_nothing() -> None:
    listed = search_symptoms("", limit=100)

    assert len(listed) == Symptom.objects.count()
    assert [s.name for s in listed] == sorted((s.name for s in listed), key=normalise)
    assert search_symptoms("!!!") == []
    assert search_symptoms("zzzzqqq") == []
    assert len(search_symptoms("", limit=3)) == 3


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_any_text_is_searchable_without_error(query: str) -> None:
    search_symptoms(query)
