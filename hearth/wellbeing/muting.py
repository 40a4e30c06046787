"""Whether a post, thread title or chat message is collapsed for the viewer, and why.

Matching content is collapsed, never dropped: the page shows the reason and opens to show it.
A member's words become one compiled regex (cached by the list itself), and what a viewer muted
is read once per request (`muting_of`), so a page of fifty posts costs three queries in all.
Words match whole, whatever the case and accents: "metastasis" collapses "Metástasis," but not
"metastasised"; a phrase matches across any run of spaces.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.http import HttpRequest

# Combining marks left by NFKD (accents, cedillas, tildes): removed so "é" reads as "e".
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")

MEMBER_REASON = "Hidden because you muted this member"
THREAD_REASON = "Hidden because you muted this thread"
COMMUNITY_REASON = "Hidden because you muted this community"
WORD_REASON = "Hidden because it mentions a word you muted: {}"


def fold(text: str) -> str:
    """Text as it is matched: lower case, without accents, spaces as one."""
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return text.casefold()


def fold_phrase(phrase: str) -> str:
    return _SPACES.sub(" ", fold(phrase)).strip()


@lru_cache(maxsize=512)
def _pattern(folded: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so "chemo brain" wins over "chemo" when both are muted. Lookarounds rather
    # than \b, so that a phrase starting or ending with punctuation ("c++") still matches whole.
    words = sorted(folded, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in word.split(" ")) for word in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def text_of_html(html: str) -> str:
    """The words of rendered HTML, for matching when the plain text was not loaded."""
    return html_lib.unescape(_TAG.sub(" ", html))


@dataclass(frozen=True)
class Muting:
    """What one viewer muted. `Muting()` mutes nothing (visitors, members who muted nothing)."""

    words: dict[str, str] = field(default_factory=dict)  # folded → as the member wrote it
    members: frozenset[int] = frozenset()
    threads: frozenset[int] = frozenset()
    communities: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.words or self.members or self.threads or self.communities)

    def word_in(self, *texts: str) -> str:
        """The first muted word found in the texts, as the member wrote it; "" for none."""
        if not self.words:
            return ""
        pattern = _pattern(tuple(sorted(self.words)))
        for text in texts:
            if text and (found := pattern.search(fold(text))):
                return self.words.get(_SPACES.sub(" ", found.group(0)), found.group(0))
        return ""

    def reason(
        self,
        *texts: str,
        author_id: int | None = None,
        anonymous: bool = False,
        thread_id: int | None = None,
        community_id: int | None = None,
    ) -> str:
        """Why this is collapsed for the viewer, or "" to show it open. An anonymous post is never
        collapsed for its author's sake: that would tell the viewer who wrote it."""
        if author_id is not None and not anonymous and author_id in self.members:
            return MEMBER_REASON
        if thread_id is not None and thread_id in self.threads:
            return THREAD_REASON
        if community_id is not None and community_id in self.communities:
            return COMMUNITY_REASON
        word = self.word_in(*texts)
        return WORD_REASON.format(word) if word else ""

    def reason_for(self, item: Any, *, places: bool = True) -> str:
        """`reason` for a Post, a Thread or a chat message (any object with some of `title`,
        `plain_text` or `html`, `author_id`, `is_anonymous`). With `places` off, muted threads and
        communities do not count (on the thread's own page the member chose to look)."""
        if self.empty:
            return ""
        from hearth.discussions.models import Post, Thread

        deferred = item.get_deferred_fields() if hasattr(item, "get_deferred_fields") else set()
        texts: list[str] = []
        if isinstance(item, Post) and Post.thread.is_cached(item):
            texts.append(item.thread.title)
        for name in ("title", "plain_text"):
            if name not in deferred and isinstance(value := getattr(item, name, None), str):
                texts.append(value)
        plain_text_missing = "plain_text" in deferred or not hasattr(item, "plain_text")
        if plain_text_missing and "html" not in deferred and isinstance(value := getattr(item, "html", None), str):
            texts.append(text_of_html(value))
        thread_id = item.pk if isinstance(item, Thread) else getattr(item, "thread_id", None)
        return self.reason(
            *texts,
            author_id=getattr(item, "author_id", None),
            anonymous=bool(getattr(item, "is_anonymous", False)),
            thread_id=thread_id if places else None,
            community_id=getattr(item, "community_id", None) if places else None,
        )

    def reasons(self, items: Iterable[Any], *, places: bool = True) -> dict[str, str]:
        """Each collapsed item's reason by its id as a string (what templates print)."""
        if self.empty:
            return {}
        found = {str(item.pk): self.reason_for(item, places=places) for item in items}
        return {pk: reason for pk, reason in found.items() if reason}


NOTHING_MUTED = Muting()


def muting_for(user: Any) -> Muting:
    """Everything `user` muted, in three queries (none for a visitor)."""
    if user is None or not user.is_authenticated:
        return NOTHING_MUTED
    from hearth.connections.models import Mute
    from hearth.notifications.models import Level, Subscription
    from hearth.wellbeing.models import MutedWord

    words = dict(MutedWord.objects.filter(user=user).values_list("folded", "phrase"))
    members = frozenset(Mute.objects.filter(muter=user).values_list("muted_id", flat=True))
    threads: set[int] = set()
    communities: set[int] = set()
    places = Subscription.objects.filter(user=user, level=Level.MUTE).exclude(thread=None, community=None)
    for thread_id, community_id in places.values_list("thread_id", "community_id"):
        if thread_id is not None:
            threads.add(thread_id)
        if community_id is not None:
            communities.add(community_id)
    return Muting(words=words, members=members, threads=frozenset(threads), communities=frozenset(communities))


def muting_of(request: HttpRequest | None) -> Muting:
    """The viewer's `Muting`, read once per request however many lists on the page ask."""
    if request is None:
        return NOTHING_MUTED
    cached = getattr(request, "_hearth_muting", None)
    if cached is None:
        cached = muting_for(getattr(request, "user", None))
        request._hearth_muting = cached  # type: ignore[attr-defined]
    return cached
