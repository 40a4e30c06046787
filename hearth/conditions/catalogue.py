"""Loading the catalogue file (data/conditions.json) into the database, idempotently."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

from django.db import transaction

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "conditions.json"
_FIELDS = ("name", "lay_name", "synonyms", "icd10cm", "category")


class Entry(TypedDict):
    slug: str
    name: str
    lay_name: str
    synonyms: list[str]
    icd10cm: list[str]
    category: str


@cache
def load_entries() -> tuple[Entry, ...]:
    data: list[Entry] = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return tuple(data)


def sync_catalogue(using: str = "default") -> int:
    """Create or update every condition from the file; return how many rows changed."""
    from hearth.conditions.models import Condition
    from hearth.conditions.search import forget_index

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
        changed = len(new) + len(updated)
    forget_index()
    return changed
