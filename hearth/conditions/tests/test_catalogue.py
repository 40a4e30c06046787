"""The catalogue: enough conditions, real ICD-10-CM codes, unambiguous names, loaded on migrate."""

from __future__ import annotations

from typing import Any

import pytest

from hearth.conditions.catalogue import load_entries, sync_catalogue
from hearth.conditions.models import Condition
from hearth.conditions.tests.catalogue_rules import check_catalogue


def test_the_catalogue_file_follows_every_rule() -> None:
    """At least 170 entries, valid slugs and categories, every code real, no name shared."""
    assert check_catalogue([dict(entry) for entry in load_entries()]) == []


def test_the_rules_catch_a_made_up_code() -> None:
    entries = [dict(entry) for entry in load_entries()]
    entries[0]["icd10cm"] = ["M99.999"]

    assert any("M99.999 is not a valid ICD-10-CM code" in problem for problem in check_catalogue(entries))


def test_the_rules_catch_a_synonym_shared_by_two_conditions() -> None:
    entries: list[dict[str, Any]] = [dict(entry) for entry in load_entries()]
    entries[1]["synonyms"] = [*entries[1]["synonyms"], entries[2]["name"]]

    assert any("is shared by" in problem for problem in check_catalogue(entries))


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
