"""Loading the catalogue file (data/treatments.json) into the database, idempotently."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TypedDict

from django.db import transaction

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "treatments.json"
_FIELDS = ("name", "kind", "other_names", "side_effects")


class Entry(TypedDict):
    slug: str
    name: str
    kind: str
    other_names: list[str]
    conditions: list[str]
    side_effects: list[str]


@cache
def load_entries() -> tuple[Entry, ...]:
    data: list[Entry] = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    for entry in data:
        entry.setdefault("side_effects", [])
    return tuple(data)


def sync_catalogue(using: str = "default") -> int:
    """Create or update every treatment from the file, with its conditions; return how many changed."""
    from hearth.conditions.models import Condition
    from hearth.treatments.models import Treatment
    from hearth.treatments.search import forget_index

    entries = {entry["slug"]: entry for entry in load_entries()}
    changed = 0
    with transaction.atomic(using=using):
        existing = {t.slug: t for t in Treatment.objects.using(using).all()}
        new = [
            Treatment(slug=slug, **{field: entry[field] for field in _FIELDS})  # type: ignore[literal-required]
            for slug, entry in entries.items()
            if slug not in existing
        ]
        Treatment.objects.using(using).bulk_create(new)
        updated = []
        for slug, treatment in existing.items():
            found = entries.get(slug)
            if found is not None and any(getattr(treatment, f) != found[f] for f in _FIELDS):  # type: ignore[literal-required]
                for field in _FIELDS:
                    setattr(treatment, field, found[field])  # type: ignore[literal-required]
                updated.append(treatment)
        Treatment.objects.using(using).bulk_update(updated, _FIELDS)
        changed = len(new) + len(updated)
        conditions = dict(Condition.objects.using(using).values_list("slug", "id"))
        treatments = dict(Treatment.objects.using(using).values_list("slug", "id"))
        links = Treatment.conditions.through
        wanted = {
            (treatments[slug], conditions[slug_of_condition])
            for slug, entry in entries.items()
            for slug_of_condition in entry["conditions"]
            if slug_of_condition in conditions
        }
        have = set(links.objects.using(using).values_list("treatment_id", "condition_id"))
        links.objects.using(using).bulk_create([links(treatment_id=t, condition_id=c) for t, c in wanted - have])
    forget_index()
    return changed
