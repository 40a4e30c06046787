"""Searching: the posts (with their threads) a viewer may read, and the communities they may know of.

Post results are always `Post.objects.visible_to(viewer)`, which the full-text index only narrows
by id; the index never decides who sees what, so it cannot leak a closed community's posts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, Value, When
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from hearth.communities.models import Community, holding_words
from hearth.discussions.models import Post, PostQuerySet
from hearth.search.engines import Params, engine_for
from hearth.search.snippets import snippet
from hearth.search.terms import MAX_QUERY_CHARS, Terms, parse

# A query matching more posts than this is answered newest first: ranking every match of a very
# common word would cost more than the answer is worth, and the newest posts are what people want
# from such a search anyway. Counting stops here, so telling costs little.
RELEVANCE_LIMIT = 5_000
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
    match_sql, match_params = engine.match(terms)
    readable = Post.objects.visible_to(user).filter(
        pk__in=RawSQL(match_sql, match_params)  # noqa: S611 (the words are parameters)
    )
    newest_first = _matches_more_than(connection, match_sql, match_params, RELEVANCE_LIMIT)
    if newest_first:
        page = list(_for_display(readable).order_by("-created_at", "-pk")[offset : offset + limit + 1])
    else:
        page = _best_first(connection, engine.ranked(terms, RELEVANCE_LIMIT), readable, offset, limit + 1)
    return SearchResults(
        query=query,
        posts=[PostResult(post, snippet(post.plain_text, terms)) for post in page[:limit]],
        communities=_communities(user, terms) if offset == 0 else [],
        has_more=len(page) > limit,
        newest_first=newest_first,
    )


def _for_display(posts: PostQuerySet) -> PostQuerySet:
    return posts.select_related("community", "thread__community", "author").defer("source", "html")


def _best_first(
    connection: BaseDatabaseWrapper, ranked: tuple[str, Params], readable: PostQuerySet, offset: int, count: int
) -> list[Post]:
    """`count` readable posts from `offset` in order of relevance.

    There are at most RELEVANCE_LIMIT matches, so the index ranks them all in one pass; then the
    best ones are checked against the access policy a batch at a time until the page is full.
    (Ranking inside the posts query, with a subquery per row, is a hundred times slower on SQLite.)
    """
    with connection.cursor() as cursor:
        cursor.execute(*ranked)
        best_first = [row[0] for row in cursor.fetchall()]
    wanted = offset + count
    allowed: list[int] = []
    start, batch = 0, max(2 * wanted, 100)
    while len(allowed) < wanted and start < len(best_first):
        ids = best_first[start : start + batch]
        found = set(readable.filter(pk__in=ids).order_by().values_list("pk", flat=True))
        allowed += [pk for pk in ids if pk in found]
        start, batch = start + batch, batch * 4
    page_ids = allowed[offset:wanted]
    posts = _for_display(readable).in_bulk(page_ids)
    return [posts[pk] for pk in page_ids if pk in posts]


def _matches_more_than(connection: BaseDatabaseWrapper, match_sql: str, params: Params, limit: int) -> bool:
    # Counts index entries, whoever may read them: an estimate of the work, not a result count.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({match_sql} LIMIT {int(limit) + 1}) AS found", params)  # noqa: S608
        row = cursor.fetchone()
    return bool(row and row[0] > limit)


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
