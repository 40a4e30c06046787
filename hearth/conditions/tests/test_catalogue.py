"""The catalogue: enough conditions, real ICD-10-CM codes, loaded on migrate."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    # The package reads its code list with an importlib.resources call that Python deprecated.
    warnings.simplefilter("ignore", DeprecationWarning)
    import simple_icd_10_cm as icd

from hearth.conditions.catalogue import load_entries, sync_catalogue
from hearth.conditions.models import Condition


def test_the_catalogue_has_at_least_150_conditions_with_unique_slugs() -> None:
    entries = load_entries()

    assert len(entries) >= 150
    assert len({entry["slug"] for entry in entries}) == len(entries)


def test_every_code_is_a_real_icd_10_cm_code() -> None:
    invalid = [(e["slug"], code) for e in load_entries() for code in e["icd10cm"] if not icd.is_valid_item(code)]

    assert invalid == []


def test_every_entry_has_a_name_a_lay_name_and_a_code() -> None:
    for entry in load_entries():
        assert entry["name"].strip(), entry
        assert entry["lay_name"].strip(), entry
        assert entry["icd10cm"], entry


@pytest.mark.parametrize(
    ("synonym", "slug"),
    [
        ("SLE", "systemic-lupus-erythematosus"),
        ("T1D", "type-1-diabetes"),
        ("MS", "multiple-sclerosis"),
        ("ME/CFS", "myalgic-encephalomyelitis-chronic-fatigue-syndrome"),
    ],
)
def test_the_well_known_abbreviations_are_there(synonym: str, slug: str) -> None:
    entry = next(e for e in load_entries() if e["slug"] == slug)

    assert synonym in entry["synonyms"]


@pytest.mark.django_db
def test_migrate_loaded_the_catalogue_and_syncing_again_changes_nothing() -> None:
    assert Condition.objects.count() == len(load_entries())

    assert sync_catalogue() == 0


@pytest.mark.django_db
def test_syncing_restores_an_edited_or_missing_condition() -> None:
    Condition.objects.filter(slug="type-1-diabetes").update(name="Edited")
    Condition.objects.filter(slug="crohns-disease").delete()

    assert sync_catalogue() == 2
    assert Condition.objects.get(slug="type-1-diabetes").name == "Type 1 diabetes"
    assert Condition.objects.filter(slug="crohns-disease").exists()
