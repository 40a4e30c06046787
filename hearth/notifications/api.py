"""API for a member's notifications, and for following or muting communities, threads and tags."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Body, Query, Router, Schema, Status
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.api.schemas import (
    ANY_TEXT,
    INVALID,
    NOT_FOUND,
    STORABLE,
    UNAUTHORISED,
    WRITE_ERRORS,
    BodyId,
    Input,
    PageQuery,
    Slug,
)
from hearth.communities.access import Need, community_for
from hearth.communities.models import Community
from hearth.discussions.models import Thread
from hearth.lib.markdown import tag_from
from hearth.notifications import actions
from hearth.notifications.models import Kind, Level, Notification, Subscription

router = Router(tags=["notifications"])


# --- Following and muting ---------------------------------------------------------------------


TAG_MAX = 50  # as the renderer finds tags in posts (hearth.lib.markdown.tag_from)


class CommunityTarget(Input):
    community: Slug = Field(description="The community's slug.")


class ThreadTarget(Input):
    thread: BodyId


class TagTarget(Input):
    tag: Annotated[
        str,
        Field(pattern=ANY_TEXT, min_length=1, max_length=TAG_MAX + 1, description="A tag, with or without its “#”."),
        STORABLE,
    ]


Target = CommunityTarget | ThreadTarget | TagTarget
"""Exactly one community, thread or tag."""


class _Levelled(Input):
    level: Level = Field(description="`follow` to be told of replies, `mute` to hear nothing of it.")


class FollowCommunity(CommunityTarget, _Levelled):
    pass


class FollowThread(ThreadTarget, _Levelled):
    pass


class FollowTag(TagTarget, _Levelled):
    pass


class SubscriptionOut(Schema):
    level: Level
    community: str | None = Field(description="The community's slug.")
    thread: int | None
    tag: str | None
    created_at: dt.datetime
    url: str = Field(description="The page of what is followed or muted.")

    @staticmethod
    def resolve_community(obj: Subscription) -> str | None:
        return obj.community.slug if obj.community else None

    @staticmethod
    def resolve_thread(obj: Subscription) -> int | None:
        return obj.thread_id

    @staticmethod
    def resolve_tag(obj: Subscription) -> str | None:
        return obj.tag or None

    @staticmethod
    def resolve_url(obj: Subscription) -> str:
        if obj.community is not None:
            return obj.community.get_absolute_url()
        if obj.thread is not None:
            return obj.thread.get_absolute_url()
        return reverse("tag_detail", args=[obj.tag])


class SubscriptionPage(Schema):
    count: int
    items: list[SubscriptionOut]


def _target(user: User, target: Target) -> dict[str, Any]:
    """The community, thread or tag to follow or mute: 404 unless the member may read it."""
    if isinstance(target, CommunityTarget):
        return {"community": community_for(user, target.community, Need.READ).community}
    if isinstance(target, ThreadTarget):
        return {
            "thread": get_object_or_404(Thread.objects.visible_to(user).select_related("community"), pk=target.thread)
        }
    tag = tag_from(target.tag)
    if tag is None:
        raise Http404
    return {"tag": tag}


@router.put(
    "/subscriptions",
    response={200: SubscriptionOut, **WRITE_ERRORS, **NOT_FOUND},
    summary="Follow or mute a community, a thread or a tag",
    description=(
        "Following sends notifications of replies; muting silences them. Doing it again changes "
        "the level. 404 for a community or thread the member may not read, or for what cannot be "
        "a tag (a letter, then letters, digits or `_`)."
    ),
)
def subscribe(request: HttpRequest, data: Body[FollowCommunity | FollowThread | FollowTag]) -> Subscription:
    user = member_of(request)
    return actions.do_subscribe(user, data.level, **_target(user, data))


@router.delete(
    "/subscriptions",
    response={204: None, **WRITE_ERRORS},
    summary="Stop following or muting",
    description=(
        'Name the target as when subscribing, without the level: `{"thread": 42}`. Answers 204 '
        "whether or not there was such a subscription, so it says nothing about communities the "
        "member may not see."
    ),
)
def unsubscribe(request: HttpRequest, target: Body[Target]) -> Status[None]:
    user = member_of(request)
    mine = Subscription.objects.filter(user=user).select_related("community", "thread")
    if isinstance(target, CommunityTarget):
        mine = mine.filter(community__slug=target.community)
    elif isinstance(target, ThreadTarget):
        mine = mine.filter(thread_id=target.thread)
    else:
        tag = tag_from(target.tag)
        mine = mine.filter(tag=tag) if tag else mine.none()
    subscription = mine.first()
    if subscription is not None:
        # Named by the subscription found, so exactly one target is passed.
        actions.do_unsubscribe(user, community=subscription.community, thread=subscription.thread, tag=subscription.tag)
    return Status(204, None)


@router.get(
    "/subscriptions",
    response={200: SubscriptionPage, **UNAUTHORISED, **INVALID},
    summary="What you follow and mute",
)
def list_subscriptions(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = member_of(request)
    # A community or thread the member can no longer see is left out, as everywhere else.
    still_visible = (
        Q(community__in=Community.objects.visible_to(user)) | Q(thread__in=Thread.objects.visible_to(user)) | ~Q(tag="")
    )
    mine = (
        Subscription.objects.filter(user=user)
        .filter(still_visible)
        .select_related("community", "thread__community")
        .order_by("-created_at", "-pk")
    )
    return {"count": mine.count(), "items": list(mine[page.offset : page.offset + page.limit])}


# --- Notifications ----------------------------------------------------------------------------


# Named for the document: the treatments catalogue has an enum called `Kind` too.
NotificationKind = StrEnum("NotificationKind", {kind.name: kind.value for kind in Kind})  # type: ignore[misc]


class NotificationOut(Schema):
    id: int
    kind: NotificationKind
    actor: str | None = Field(description="Who did it; null for an anonymous post or nobody in particular.")
    community: str | None = Field(description="The community's slug.")
    thread: int | None
    post: int | None
    created_at: dt.datetime
    read: bool
    starts_at: dt.datetime | None = Field(description="For a chat reminder: when the session starts.")
    url: str = Field(description="The page it is about: the post, the thread, the live chat's room or the community.")

    @staticmethod
    def resolve_actor(obj: Notification) -> str | None:
        if obj.actor is None or (obj.post is not None and obj.post.is_anonymous):
            return None
        return obj.actor.handle

    @staticmethod
    def resolve_community(obj: Notification) -> str | None:
        return obj.community.slug if obj.community else None

    @staticmethod
    def resolve_thread(obj: Notification) -> int | None:
        return obj.thread_id

    @staticmethod
    def resolve_post(obj: Notification) -> int | None:
        return obj.post_id

    @staticmethod
    def resolve_read(obj: Notification) -> bool:
        return obj.read_at is not None

    @staticmethod
    def resolve_starts_at(obj: Notification) -> dt.datetime | None:
        return obj.live_chat.starts_at if obj.live_chat is not None else None

    @staticmethod
    def resolve_url(obj: Notification) -> str:
        if obj.live_chat is not None:
            return obj.live_chat.get_absolute_url()
        if obj.kind == Kind.DIRECT_MESSAGE and obj.actor is not None:
            return reverse("conversation_with", args=[obj.actor.handle])
        if obj.kind in {Kind.CONNECTION_REQUEST, Kind.CONNECTION_ACCEPTED}:
            return reverse("connection_list")
        if obj.kind == Kind.CHECK_IN_REMINDER:
            return reverse("check_in")
        if obj.kind == Kind.VERIFICATION:
            return reverse("professional_mine")
        if obj.kind == Kind.WORRIED:  # someone is thinking of them: the calm page, never what was reported
            return reverse("moderation_support")
        if obj.post is not None:
            return obj.post.get_absolute_url()
        if obj.thread is not None:
            return obj.thread.get_absolute_url()
        return obj.community.get_absolute_url() if obj.community else "/"


class NotificationPage(Schema):
    count: int
    unread: int = Field(description="How many of all the member's notifications are unread.")
    items: list[NotificationOut]


class NotificationQuery(PageQuery):
    unread: bool = Field(default=False, description="Only unread ones.")


class MarkRead(Input):
    ids: list[BodyId] | None = Field(None, max_length=1000, description="Which to mark read; leave out for all.")


class MarkedOut(Schema):
    marked: int = Field(description="How many were unread and are now read.")
    unread: int = Field(description="How many are still unread.")


@router.get(
    "/notifications",
    response={200: NotificationPage, **UNAUTHORISED, **INVALID},
    summary="Your notifications, newest first",
    description="Notifications about content the member can no longer read are left out.",
)
def list_notifications(request: HttpRequest, filters: Query[NotificationQuery]) -> dict[str, Any]:
    user = member_of(request)
    mine = Notification.objects.visible_to(user)
    shown = mine.unread() if filters.unread else mine
    page = shown.select_related(
        "actor", "community", "thread__community", "post__thread__community", "live_chat__series__community"
    )
    return {
        "count": shown.count(),
        "unread": mine.unread().count(),
        "items": list(page[filters.offset : filters.offset + filters.limit]),
    }


@router.post(
    "/notifications/read",
    response={200: MarkedOut, **WRITE_ERRORS},
    summary="Mark notifications read",
    description='`{"ids": [1, 2]}` marks those; `{}` marks them all.',
)
def mark_read(request: HttpRequest, data: MarkRead) -> MarkedOut:
    user = member_of(request)
    marked = actions.do_mark_read(user, data.ids)
    return MarkedOut(marked=marked, unread=Notification.objects.unread_count(user))
