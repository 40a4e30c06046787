"""A few words of a post around what was searched for, the matching words in <mark>.

Built from the post's plain text with `format_html`, so every character a member wrote is
escaped and the only markup is Hearth's own <mark>.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from hearth.search.terms import WORD, Terms

SNIPPET_WORDS = 30
# Words shown before the first match, so it reads in context rather than at the very start.
WORDS_BEFORE = 8
# Runs of symbols or one endless "word" (a pasted URL or key) must not stretch a snippet.
_LONGEST_GAP = 30
_LONGEST_WORD = 60
_TEXT_WITHOUT_WORDS = 200

_SPACE = re.compile(r"\s+")


def _shorten(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most] + "…"


def _gap(text: str) -> str:
    return _shorten(_SPACE.sub(" ", text), _LONGEST_GAP)


def snippet(text: str, terms: Terms, *, words: int = SNIPPET_WORDS) -> SafeString:
    """About `words` words of `text` from just before the first word that `terms` match (from the
    start when none does, as when only the thread title matched)."""
    text = unicodedata.normalize("NFC", text)
    spans = [match.span() for match in WORD.finditer(text)]
    if not spans:
        return format_html("{}", _shorten(_SPACE.sub(" ", text).strip(), _TEXT_WITHOUT_WORDS))
    first = next((i for i, (begin, end) in enumerate(spans) if terms.matches(text[begin:end])), 0)
    start = max(0, min(first - WORDS_BEFORE, len(spans) - words))
    stop = min(len(spans), start + words)

    # Runs of plain text between marks, and the marks: escaped and joined once at the end.
    pieces: list[str] = []
    plain = ["… " if start > 0 else _gap(text[: spans[0][0]]).lstrip()]
    for i in range(start, stop):
        begin, end = spans[i]
        word = text[begin:end]
        shown = _shorten(word, _LONGEST_WORD)
        if terms.matches(word):
            pieces += ["".join(plain), format_html("<mark>{}</mark>", shown)]
            plain = []
        else:
            plain.append(shown)
        if i + 1 < stop:
            plain.append(_gap(text[end : spans[i + 1][0]]))
    after = spans[stop - 1][1]
    if stop < len(spans):
        plain.append(_gap(text[after : spans[stop][0]]).rstrip() + " …")
    else:
        plain.append(_gap(text[after:]).rstrip())
    pieces.append("".join(plain))
    return format_html_join("", "{}", ((piece,) for piece in pieces))
