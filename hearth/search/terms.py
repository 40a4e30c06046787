"""What a member typed into search, as plain words: no operator, quote or column name is ever
read as query syntax, and case and accents never matter.

Words are runs of letters and digits in any script, folded here for the index, for queries and
for highlighting alike, so both databases find the same posts and the highlight marks exactly the
words that matched. (`hearth.conditions.text.normalise` keeps only ASCII letters, which suits
condition names but not what members write.)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

MAX_QUERY_CHARS = 200
# More words than this narrow nothing a reader would notice, and each one costs the database.
MAX_WORDS = 12
# A shorter last word is matched whole: a one- or two-letter prefix matches half the index.
PREFIX_MIN_CHARS = 3

# Letters and digits; "_" is punctuation to the databases' tokenizers too.
WORD = re.compile(r"[^\W_]+")
MAX_WORD_CHARS = 100


def fold(word: str) -> str:
    """A word without case or accents: "Náuseas" and "NAUSEAS" both become "nauseas"."""
    # Case first: folding case can add accents ("İ" becomes "i" and a combining dot).
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a text as the index holds them and queries ask for them: folded, and cut
    to a length the databases index (PostgreSQL skips longer ones)."""
    compatible = unicodedata.normalize("NFKC", text)  # "ﬁ" is "fi", "²" is "2"
    return [part[:MAX_WORD_CHARS] for word in WORD.findall(compatible) for part in WORD.findall(fold(word))]


@dataclass(frozen=True)
class Terms:
    """Folded words that must all be in a post for it to match."""

    words: tuple[str, ...]
    # The last word also matches longer words ("quimio" finds "quimioterapia").
    last_is_prefix: bool

    def matches(self, word: str) -> bool:
        """Whether a word as written in a post is one of these (for highlighting)."""
        if word.isascii() and word.isalnum():  # most words, and folding them is just lower()
            return self._matches_folded(word.lower()[:MAX_WORD_CHARS])
        return any(self._matches_folded(part) for part in words(word))

    def _matches_folded(self, part: str) -> bool:
        return part in self._whole or (self.last_is_prefix and part.startswith(self.words[-1]))

    @cached_property
    def _whole(self) -> frozenset[str]:
        return frozenset(self.words)


def parse(query: str) -> Terms | None:
    """The words of a query, or None when it has none (empty, or only punctuation)."""
    query = query[:MAX_QUERY_CHARS]
    unique = tuple(dict.fromkeys(words(query)))[:MAX_WORDS]  # "Lupus lupus" is one word
    if not unique:
        return None
    return Terms(words=unique, last_is_prefix=len(unique[-1]) >= PREFIX_MIN_CHARS)
