"""Loading the catalogue files (data/conditions.json, data/symptoms.json) into the database, idempotently."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

from django.db import transaction

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "conditions.json"
SYMPTOMS_FILE = Path(__file__).resolve().parent / "data" / "symptoms.json"
_FIELDS = ("name", "lay_name", "synonyms", "icd10cm", "category")
_SYMPTOM_FIELDS = ("name", "other_names")


class Entry(TypedDict):
    slug: str
    name: str
    lay_name: str
    synonyms: list[str]
    icd10cm: list[str]
    category: str


class SymptomEntry(TypedDict):
    slug: str
    name: str
    other_names: list[str]


@cache
def load_entries() -> tuple[Entry, ...]:
    data: list[Entry] = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return tuple(data)


@cache
def load_symptoms() -> tuple[SymptomEntry, ...]:
    data: list[SymptomEntry] = json.loads(SYMPTOMS_FILE.read_text(encoding="utf-8"))
    return tuple(data)


def sync_catalogue(using: str = "default") -> int:
    """Create or update every condition and every symptom from the files; return how many rows changed."""
    from hearth.conditions.models import Condition
    from hearth.conditions.search import forget_index
    from hearth.conditions.symptoms import forget_index as forget_symptoms

    entries = {entry["slug"]: entry for entry in load_entries()}
    changed = 0
    with transaction.atomic(using=using):
        existing = {c.slug: c for c in Condition.objects.using(using).all()}
        new = [Condition(**entry) for slug, entry in entries.items() if slug not in existing]
        Condition.objects.using(using).bulk_create(new)
        updated = []
        for slug, condition in existing.items():
            entry: dict[str, Any] | None = entries.get(slug)  # type: ignore[assignment]
            if entry is None:
                continue
            if any(getattr(condition, field) != entry[field] for field in _FIELDS):
                for field in _FIELDS:
                    setattr(condition, field, entry[field])
                updated.append(condition)
        Condition.objects.using(using).bulk_update(updated, _FIELDS)
        changed = len(new) + len(updated) + _sync_symptoms(using)
    forget_index()
    forget_symptoms()
    return changed


def _sync_symptoms(using: str) -> int:
    """Create or update every symptom from the file; symptoms not in it are left alone."""
    from hearth.conditions.models import Symptom

    entries = {entry["slug"]: entry for entry in load_symptoms()}
    existing = {s.slug: s for s in Symptom.objects.using(using).all()}
    new = [Symptom(**entry) for slug, entry in entries.items() if slug not in existing]
    Symptom.objects.using(using).bulk_create(new)
    updated = []
    for slug, symptom in existing.items():
        found = entries.get(slug)
        if found is not None and (symptom.name, symptom.other_names) != (found["name"], found["other_names"]):
            symptom.name, symptom.other_names = found["name"], found["other_names"]
            updated.append(symptom)
    Symptom.objects.using(using).bulk_update(updated, _SYMPTOM_FIELDS)
    return len(new) + len(updated)
