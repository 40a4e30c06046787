"""Finding conditions by name, synonym or ICD-10-CM code.

Tolerant of case, accents and punctuation ("Sjogren" finds Sjögren's), of words left out ("lupus
erythematosus") and of one word that matches nothing ("lupus disease"). Words match by prefix, so
it serves autocomplete. The catalogue is small (a few hundred rows), so it is indexed in memory.

`aliases_of` and `best_score` are that matching for any catalogue of names; the symptoms and
treatments searches use them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hearth.conditions.models import Condition
from hearth.conditions.text import normalise
from hearth.lib.timed_index import TimedIndex

_CODE = re.compile(r"^[a-z]\d[0-9a-z]{0,6}$")


def _code_key(code: str) -> str:
    return code.replace(".", "").casefold()


@dataclass(frozen=True)
class Alias:
    """One name of a catalogue entry as the search compares it."""

    text: str
    words: tuple[str, ...]
    is_name: bool


def aliases_of(texts: list[str], *, names: int = 1) -> tuple[Alias, ...]:
    """The texts as the search compares them; the first `names` are standard names, the rest other names."""
    aliases = []
    for position, text in enumerate(texts):
        norm = normalise(text)
        if norm:
            aliases.append(Alias(text=norm, words=tuple(norm.split()), is_name=position < names))
    return tuple(aliases)


def _score_alias(query: str, words: list[str], alias: Alias) -> int:
    if query == alias.text:
        return 1000
    matched = [word for word in words if any(a.startswith(word) for a in alias.words)]
    missing = len(words) - len(matched)
    # Every word must match, except one when the query has two or more words and what did
    # match is more than a two-letter prefix.
    if not matched or missing > 1:
        return 0
    if missing == 1 and (len(words) < 2 or max(len(word) for word in matched) < 3):
        return 0
    score = 500 - 200 * missing
    if alias.text.startswith(query):
        score += 100
    if alias.is_name:
        score += 20
    return score - len(alias.words)


def best_score(query: str, words: list[str], aliases: tuple[Alias, ...]) -> int:
    """How well the normalised `query` (split into `words`) matches the best of `aliases`; 0 for no match."""
    return max((_score_alias(query, words, alias) for alias in aliases), default=0)


@dataclass(frozen=True)
class _Entry:
    condition_id: int
    name: str
    aliases: tuple[Alias, ...]
    codes: tuple[str, ...]


def _build_index() -> tuple[_Entry, ...]:
    return tuple(
        _Entry(
            condition.pk,
            condition.name,
            aliases_of([condition.name, condition.lay_name, *condition.synonyms], names=2),
            tuple(_code_key(code) for code in condition.icd10cm),
        )
        for condition in Condition.objects.only("id", "name", "lay_name", "synonyms", "icd10cm")
    )


_index = TimedIndex(_build_index)
forget_index = _index.forget


def _score(query: str, words: list[str], entry: _Entry) -> int:
    best = best_score(query, words, entry.aliases)
    if len(words) == 1 and _CODE.match(words[0]):
        key = words[0]
        if key in entry.codes:
            best = max(best, 1000)
        elif any(key.startswith(code) for code in entry.codes):
            best = max(best, 900)  # a more specific code within the condition's category
        elif any(code.startswith(key) for code in entry.codes):
            best = max(best, 800)
    return best


def search_conditions(query: str, *, limit: int = 20) -> list[Condition]:
    """Conditions matching `query`, best first. An empty query finds nothing."""
    norm = normalise(query)
    words = norm.split()
    if not words:
        return []
    code_query = _code_key(query.strip())
    if _CODE.match(code_query):
        words = [code_query] if len(words) > 1 else words
    scored = []
    for entry in _index.entries():
        score = _score(norm, words, entry)
        if score > 0:
            scored.append((-score, entry.name, entry.condition_id))
    scored.sort()
    ids = [condition_id for _, _, condition_id in scored[:limit]]
    by_id = Condition.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
