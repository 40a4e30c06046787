"""The treatments catalogue: well-formed, linked only to real conditions, loaded on migrate, idempotent."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from hearth.conditions.catalogue import load_entries as load_conditions
from hearth.conditions.text import normalise
from hearth.treatments.catalogue import load_entries, sync_catalogue
from hearth.treatments.models import Kind, Treatment

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_every_condition_named_is_in_the_conditions_catalogue() -> None:
    known = {entry["slug"] for entry in load_conditions()}

    unknown = {(e["slug"], c) for e in load_entries() for c in e["conditions"] if c not in known}

    assert unknown == set()


def test_every_entry_is_well_formed() -> None:
    problems = []
    for entry in load_entries():
        names = [entry["name"], *entry["other_names"]]
        if not SLUG.match(entry["slug"]):
            problems.append(f"{entry['slug']}: bad slug")
        if entry["kind"] not in Kind.values:
            problems.append(f"{entry['slug']}: unknown kind {entry['kind']}")
        if any(not name or name.strip() != name for name in names):
            problems.append(f"{entry['slug']}: empty name or stray whitespace")
        if not entry["name"][0].isupper():
            problems.append(f"{entry['slug']}: name is not in sentence case")
        if len({normalise(name) for name in names}) != len(names):
            problems.append(f"{entry['slug']}: a name repeated")
        if len(set(entry["conditions"])) != len(entry["conditions"]):
            problems.append(f"{entry['slug']}: a condition repeated")

    assert problems == []


def test_slugs_and_names_each_belong_to_one_treatment() -> None:
    slugs = [entry["slug"] for entry in load_entries()]
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for entry in load_entries():
        for name in [entry["name"], *entry["other_names"]]:
            owners[normalise(name)].add(entry["slug"])

    assert len(set(slugs)) == len(slugs)
    assert {name: found for name, found in owners.items() if len(found) > 1} == {}


def test_the_catalogue_covers_every_kind_and_the_common_conditions() -> None:
    entries = load_entries()
    covered = {condition for entry in entries for condition in entry["conditions"]}

    assert len(entries) >= 150
    assert {entry["kind"] for entry in entries} == set(Kind.values)
    assert {
        "systemic-lupus-erythematosus",
        "breast-cancer",
        "type-1-diabetes",
        "type-2-diabetes",
        "rheumatoid-arthritis",
        "multiple-sclerosis",
        "crohns-disease",
        "ulcerative-colitis",
        "asthma",
        "chronic-obstructive-pulmonary-disease",
        "migraine",
        "epilepsy",
        "depression",
        "fibromyalgia",
        "myalgic-encephalomyelitis-chronic-fatigue-syndrome",
        "psoriasis",
        "heart-failure",
        "chronic-kidney-disease",
        "parkinsons-disease",
    } <= covered


@pytest.mark.django_db
def test_migrate_loaded_the_catalogue_and_syncing_again_changes_nothing() -> None:
    hydroxychloroquine = Treatment.objects.get(slug="hydroxychloroquine")

    assert Treatment.objects.count() == len(load_entries())
    assert hydroxychloroquine.other_names == ["Plaquenil", "HCQ"]
    assert set(hydroxychloroquine.conditions.values_list("slug", flat=True)) >= {"systemic-lupus-erythematosus"}
    assert sync_catalogue() == 0
    assert Treatment.objects.count() == len(load_entries())


@pytest.mark.django_db
def test_syncing_restores_an_edited_or_missing_treatment_and_its_conditions() -> None:
    Treatment.objects.filter(slug="metformin").update(name="Edited", other_names=[])
    Treatment.objects.filter(slug="tamoxifen").delete()
    Treatment.objects.get(slug="insulin-glargine").conditions.clear()

    assert sync_catalogue() == 2
    metformin = Treatment.objects.get(slug="metformin")
    assert (metformin.name, metformin.other_names) == ("Metformin", ["Glucophage"])
    assert Treatment.objects.get(slug="tamoxifen").conditions.filter(slug="breast-cancer").exists()
    assert set(Treatment.objects.get(slug="insulin-glargine").conditions.values_list("slug", flat=True)) == {
        "type-1-diabetes",
        "type-2-diabetes",
    }
