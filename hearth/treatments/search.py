"""Finding treatments by generic name, brand name or other name ("Plaquenil" finds hydroxychloroquine).

Matching is the conditions search's, as `hearth.conditions.search` offers it for any catalogue of
names: tolerant of case, accents and punctuation, words match by prefix, and one word of several
may match nothing. The catalogue is small, so it is indexed in memory; a search may be narrowed to
one condition or one kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from hearth.conditions.search import Alias, aliases_of, best_score
from hearth.conditions.text import normalise
from hearth.lib.timed_index import TimedIndex
from hearth.treatments.models import Treatment


@dataclass(frozen=True)
class _Entry:
    treatment_id: int
    name: str
    kind: str
    conditions: frozenset[str]
    aliases: tuple[Alias, ...]


def _build_index() -> tuple[_Entry, ...]:
    conditions: dict[int, set[str]] = {}
    links = Treatment.conditions.through.objects.values_list("treatment_id", "condition__slug")
    for treatment_id, slug in links:
        conditions.setdefault(treatment_id, set()).add(slug)
    return tuple(
        _Entry(
            treatment.pk,
            treatment.name,
            treatment.kind,
            frozenset(conditions.get(treatment.pk, ())),
            aliases_of([treatment.name, *treatment.other_names]),
        )
        for treatment in Treatment.objects.only("id", "name", "kind", "other_names")
    )


_index = TimedIndex(_build_index)
forget_index = _index.forget


def search_treatments(
    text: str, *, condition: str | None = None, kind: str | None = None, limit: int | None = 20
) -> list[Treatment]:
    """Treatments matching `text`, best first, used for the condition with slug `condition` and of
    `kind` when given. Empty text lists every treatment that passes those filters, by name.
    `limit=None` returns them all."""
    norm = normalise(text)
    words = norm.split()
    if text.strip() and not words:
        return []
    scored = []
    for entry in _index.entries():
        if (condition is not None and condition not in entry.conditions) or (kind is not None and entry.kind != kind):
            continue
        score = best_score(norm, words, entry.aliases) if words else 1
        if score > 0:
            scored.append((-score, normalise(entry.name), entry.treatment_id))
    scored.sort()
    ids = [treatment_id for _, _, treatment_id in scored[:limit]]
    by_id = Treatment.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
