"""Searching: the posts (with their threads) a viewer may read, and the communities they may know of.

Post results are always `Post.objects.visible_to(viewer)`, which the full-text index only narrows
by id; the index never decides who sees what, so it cannot leak a closed community's posts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, Value, When
from django.utils.safestring import SafeString

from hearth.communities.models import Community, holding_words
from hearth.discussions.models import Post, PostQuerySet
from hearth.search.engines import Engine, Params, engine_for
from hearth.search.snippets import snippet
from hearth.search.terms import MAX_QUERY_CHARS, Terms, parse

# A query matching more posts than this is answered newest first: ranking every match of a very
# common word would cost more than the answer is worth, and the newest posts are what people want
# from such a search anyway. Ranking reads at most this many (plus one, to tell).
RELEVANCE_LIMIT = 1_000
# Newest first, the index is read a batch at a time until a page of readable posts is found; a
# viewer who may read almost none of a common word's posts stops being served after this many.
NEWEST_SCAN_LIMIT = 50_000
COMMUNITY_LIMIT = 10
# Deeper pages make the database skip ever more rows; nobody reads past this.
MAX_OFFSET = 10_000

__all__ = ["MAX_OFFSET", "MAX_QUERY_CHARS", "PostResult", "SearchResults", "search"]


@dataclass(frozen=True)
class PostResult:
    post: Post  # with its thread, community and author loaded
    snippet: SafeString


@dataclass(frozen=True)
class SearchResults:
    query: str
    posts: list[PostResult] = field(default_factory=list)
    # Only with the first page of posts (offset 0), so paging does not repeat them.
    communities: list[Community] = field(default_factory=list)
    has_more: bool = False  # another page of posts follows
    newest_first: bool = False  # too many matches to rank; see RELEVANCE_LIMIT

    @property
    def is_empty(self) -> bool:
        return not self.posts and not self.communities


def search(user: Any, query: str, *, limit: int = 20, offset: int = 0) -> SearchResults:
    """Posts and communities matching every word of `query` that `user` may see.

    `user` is a member or an anonymous user. Posts come by relevance, or newest first when the
    words are too common to rank; fetch the next page with `offset + limit`.
    """
    query = query[:MAX_QUERY_CHARS].strip()
    terms = parse(query)
    if terms is None or offset > MAX_OFFSET or limit < 1:
        return SearchResults(query=query)
    connection = connections[router.db_for_read(Post)]
    engine = engine_for(connection)
    wanted = offset + limit + 1
    ranked = _best_first(connection, engine.scored(terms, RELEVANCE_LIMIT + 1))
    newest_first = len(ranked) > RELEVANCE_LIMIT
    batches = _newest_batches(connection, engine, terms, wanted) if newest_first else _batches(ranked, wanted)
    page = _first_readable(Post.objects.visible_to(user), batches, offset, wanted)
    return SearchResults(
        query=query,
        posts=[PostResult(post, snippet(post.plain_text, terms)) for post in page[:limit]],
        communities=_communities(user, terms) if offset == 0 else [],
        has_more=len(page) > limit,
        newest_first=newest_first,
    )


def _for_display(posts: PostQuerySet) -> PostQuerySet:
    return posts.select_related("community", "thread__community", "author").defer("source", "html")


def _ids(connection: BaseDatabaseWrapper, sql: tuple[str, Params]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(*sql)
        return [row[0] for row in cursor.fetchall()]


def _best_first(connection: BaseDatabaseWrapper, sql: tuple[str, Params]) -> list[int]:
    """The ids of scored matches, best first; among equals, the newer post first."""
    with connection.cursor() as cursor:
        cursor.execute(*sql)
        rows = cursor.fetchall()
    return [pk for pk, _ in sorted(rows, key=lambda row: (row[1], -row[0]))]


def _batches(ids: list[int], wanted: int) -> Iterator[list[int]]:
    start, size = 0, max(2 * wanted, 100)
    while start < len(ids):
        yield ids[start : start + size]
        start, size = start + size, size * 4


def _newest_batches(connection: BaseDatabaseWrapper, engine: Engine, terms: Terms, wanted: int) -> Iterator[list[int]]:
    before, size, read = None, max(2 * wanted, 100), 0
    while read < NEWEST_SCAN_LIMIT:
        ids = _ids(connection, engine.newest(terms, size, before))
        yield ids
        if len(ids) < size:
            return
        before, read, size = ids[-1], read + size, size * 4


def _first_readable(readable: PostQuerySet, batches: Iterator[list[int]], offset: int, wanted: int) -> list[Post]:
    """Posts `offset` to `wanted` of the candidates (in their order) that the viewer may read.

    Candidates come best (or newest) first from the index, a batch at a time, and each batch is
    checked against the access policy in one query until there are enough.
    (Ranking inside the posts query, with a subquery per row, is a hundred times slower on SQLite.)
    """
    allowed: list[int] = []
    for ids in batches:
        found = set(readable.filter(pk__in=ids).order_by().values_list("pk", flat=True))
        allowed += [pk for pk in ids if pk in found]
        if len(allowed) >= wanted:
            break
    page_ids = allowed[offset:wanted]
    posts = _for_display(readable).in_bulk(page_ids)
    return [posts[pk] for pk in page_ids if pk in posts]


def _communities(user: Any, terms: Terms) -> list[Community]:
    """Communities whose name or description holds every word; those named for them first.

    Words are matched in the communities' folded copies, so case and accents never matter.
    """
    return list(
        Community.objects.visible_to(user)
        .filter(holding_words(terms))
        .annotate(named_for_them=Case(When(holding_words(terms, in_name=True), then=Value(0)), default=Value(1)))
        .order_by("named_for_them", "name")[:COMMUNITY_LIMIT]
    )
