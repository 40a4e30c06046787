"""API for search: the same results as the search page, for members and outsiders alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from hearth.api.auth import TokenAuth
from hearth.api.schemas import INVALID, UNAUTHORISED
from hearth.communities.models import Community
from hearth.search.query import MAX_OFFSET, MAX_QUERY_CHARS, PostResult, SearchResults, search

router = Router(tags=["search"])

_token_auth = TokenAuth()


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
    q: str = Field(
        min_length=1, max_length=MAX_QUERY_CHARS, pattern=r"\S", description="Words that every post found contains."
    )
    limit: int = Field(20, ge=1, le=50)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _viewer(request: HttpRequest) -> Any:
    """Who is searching: a token's member, the session's member, or an outsider.

    Outsiders may search public content, so the route takes no authentication of its own; a
    token that is sent must still be valid, or a member would silently get an outsider's results.
    """
    if "Authorization" in request.headers:
        user = _token_auth(request)
        if user is None:
            raise HttpError(401, "Unauthorized")
        return user
    user = request.user
    return user if user.is_authenticated and user.is_active else AnonymousUser()


@router.get(
    "/search",
    response={200: SearchOut, **UNAUTHORISED, **INVALID},
    auth=None,
    summary="Search posts and communities",
)
def search_everything(request: HttpRequest, filters: Query[SearchQuery]) -> SearchResults:
    return search(_viewer(request), filters.q, limit=filters.limit, offset=filters.offset)
