"""API for search: the same results as the search page, for members and outsiders alike."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hearth.api.auth import OPEN_TO_ANYONE, viewer_of
from hearth.api.schemas import INVALID, NOT_BLANK, SAYS_SOMETHING, UNAUTHORISED
from hearth.communities.models import Community
from hearth.search.query import MAX_OFFSET, MAX_QUERY_CHARS, PostResult, SearchResults, search

router = Router(tags=["search"])


class PostHitOut(Schema):
    id: int
    thread_title: str
    community: str = Field(description="The community's name.")
    content_warning: str = Field(
        description="When not empty, show this before the snippet, and the snippet on request."
    )
    snippet_html: str = Field(description="Escaped text around the first match, matched words in <mark>.")
    created_at: dt.datetime
    url: str

    @staticmethod
    def resolve_id(obj: PostResult) -> int:
        return obj.post.pk

    @staticmethod
    def resolve_thread_title(obj: PostResult) -> str:
        return obj.post.thread.title

    @staticmethod
    def resolve_community(obj: PostResult) -> str:
        return obj.post.community.name

    @staticmethod
    def resolve_content_warning(obj: PostResult) -> str:
        return obj.post.content_warning

    @staticmethod
    def resolve_snippet_html(obj: PostResult) -> str:
        return str(obj.snippet)

    @staticmethod
    def resolve_created_at(obj: PostResult) -> dt.datetime:
        return obj.post.created_at

    @staticmethod
    def resolve_url(obj: PostResult) -> str:
        return obj.post.get_absolute_url()


class CommunityHitOut(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj: Community) -> str:
        return obj.get_absolute_url()


class SearchOut(Schema):
    posts: list[PostHitOut]
    communities: list[CommunityHitOut] = Field(description="Only with the first page (offset 0).")
    has_more: bool = Field(description="Whether asking again with offset + limit finds more posts.")


class SearchQuery(Schema):
    q: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_QUERY_CHARS,
            pattern=SAYS_SOMETHING,
            description="Words that every post found contains.",
        ),
        NOT_BLANK,
    ]
    limit: int = Field(20, ge=1, le=50)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get(
    "/search",
    response={200: SearchOut, **UNAUTHORISED, **INVALID},
    **OPEN_TO_ANYONE,
    summary="Search posts and communities",
)
def search_everything(request: HttpRequest, filters: Query[SearchQuery]) -> SearchResults:
    return search(viewer_of(request), filters.q, limit=filters.limit, offset=filters.offset)
