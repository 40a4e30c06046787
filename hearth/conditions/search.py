"""Finding conditions by name, synonym or ICD-10-CM code.

Tolerant of case, accents and punctuation ("Sjogren" finds Sjögren's), of words left out ("lupus
erythematosus") and of one word that matches nothing ("lupus disease"). Words match by prefix, so
it serves autocomplete. The catalogue is small (a few hundred rows), so it is indexed in memory.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from hearth.conditions.models import Condition
from hearth.conditions.text import normalise

_INDEX_TTL = 300.0
_CODE = re.compile(r"^[a-z]\d[0-9a-z]{0,6}$")


def _code_key(code: str) -> str:
    return code.replace(".", "").casefold()


@dataclass(frozen=True)
class _Alias:
    text: str
    words: tuple[str, ...]
    is_name: bool


@dataclass(frozen=True)
class _Entry:
    condition_id: int
    name: str
    aliases: tuple[_Alias, ...]
    codes: tuple[str, ...]


@dataclass
class _IndexCache:
    built_at: float = 0.0
    entries: tuple[_Entry, ...] | None = None


_cache = _IndexCache()


def forget_index() -> None:
    _cache.entries = None


def _build_index() -> tuple[_Entry, ...]:
    entries = []
    for condition in Condition.objects.only("id", "name", "lay_name", "synonyms", "icd10cm"):
        aliases = []
        for position, text in enumerate([condition.name, condition.lay_name, *condition.synonyms]):
            norm = normalise(text)
            if norm:
                aliases.append(_Alias(text=norm, words=tuple(norm.split()), is_name=position < 2))
        codes = tuple(_code_key(code) for code in condition.icd10cm)
        entries.append(_Entry(condition.pk, condition.name, tuple(aliases), codes))
    return tuple(entries)


def _entries() -> tuple[_Entry, ...]:
    now = time.monotonic()
    if _cache.entries is None or now - _cache.built_at > _INDEX_TTL:
        _cache.entries, _cache.built_at = _build_index(), now
    return _cache.entries


def _score_alias(query: str, words: list[str], alias: _Alias) -> int:
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


def _score(query: str, words: list[str], entry: _Entry) -> int:
    best = max((_score_alias(query, words, alias) for alias in entry.aliases), default=0)
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
    for entry in _entries():
        score = _score(norm, words, entry)
        if score > 0:
            scored.append((-score, entry.name, entry.condition_id))
    scored.sort()
    ids = [condition_id for _, _, condition_id in scored[:limit]]
    by_id = Condition.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
