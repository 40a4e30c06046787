"""Finding symptoms by name or other name ("tired" finds fatigue), with the conditions search's
tolerance of case, accents, punctuation and word prefixes. The symptom list is short, so it is
indexed in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from hearth.conditions.models import Symptom
from hearth.conditions.search import Alias, aliases_of, best_score
from hearth.conditions.text import normalise
from hearth.lib.timed_index import TimedIndex


@dataclass(frozen=True)
class _Entry:
    symptom_id: int
    name: str
    aliases: tuple[Alias, ...]


def _build_index() -> tuple[_Entry, ...]:
    symptoms = Symptom.objects.only("id", "name", "other_names")
    return tuple(_Entry(s.pk, s.name, aliases_of([s.name, *s.other_names])) for s in symptoms)


_index = TimedIndex(_build_index)
forget_index = _index.forget


def search_symptoms(text: str, limit: int = 20) -> list[Symptom]:
    """Symptoms matching `text`, best first. Empty text lists every symptom by name."""
    norm = normalise(text)
    words = norm.split()
    if text.strip() and not words:
        return []
    scored = []
    for entry in _index.entries():
        score = best_score(norm, words, entry.aliases) if words else 1
        if score > 0:
            scored.append((-score, normalise(entry.name), entry.symptom_id))
    scored.sort()
    ids = [symptom_id for _, _, symptom_id in scored[:limit]]
    by_id = Symptom.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
