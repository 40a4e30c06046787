"""API for discussions: threads, posts and reactions.

Lists come from `visible_to(viewer)`; a thread or post the viewer may not read answers 404.
A deleted post keeps its place in its thread as `{"id", "deleted": true, "url"}`, without text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Annotated, Literal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.params import functions as params
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.api.auth import OPEN_TO_ANYONE, viewer_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    NOT_BLANK,
    NOT_FOUND,
    READ_ERRORS,
    SAYS_SOMETHING,
    STORABLE,
    TOO_MANY,
    WRITE_ERRORS,
    Input,
    PageQuery,
    PathId,
)
from hearth.communities.access import Need, access_for, community_for
from hearth.discussions import actions
from hearth.discussions.access import posts_in
from hearth.discussions.models import Post, Reaction, ReactionKind, Thread, hidden_post_ids
from hearth.lib.markdown import safe_html
from hearth.moderation import safeguards
from hearth.notifications.models import Level, Subscription
from hearth.safety.actions import do_notice_crisis
from hearth.safety.api import CRISIS_FIELD, SafetyCrisisOut, with_crisis
from hearth.safety.models import CheckedContent

router = Router(tags=["discussions"])

Viewer = User | AnonymousUser

# --- What goes out ----------------------------------------------------------------------------


class PostOut(Schema):
    id: int
    deleted: Literal[False] = False
    thread: int
    author: str | None = Field(description="The author's handle; null for an anonymous post or a closed account.")
    anonymous: bool
    yours: bool = Field(description="The viewer wrote it (also true for their own anonymous posts).")
    is_first: bool = Field(description="It opens its thread.")
    members_only: bool
    content_warning: str
    source: str = Field(description="The post as written, in Markdown.")
    html: str = Field(description="The post rendered to clean HTML.")
    created_at: dt.datetime
    edited_at: dt.datetime | None
    reactions: dict[str, int | None] = Field(
        description="Reactions it has, by kind; the numbers are null for a viewer who chose to hide them."
    )
    your_reactions: list[ReactionKind]
    held: bool = Field(
        description="It waits for a moderator's approval: only its author (and the moderators) read it until then."
    )
    url: str


class DeletedPostOut(Schema):
    """A deleted post's place in its thread: nothing of what it said, nor who said it."""

    id: int
    deleted: Literal[True] = True
    url: str


AnyPostOut = Annotated[PostOut | DeletedPostOut, Field(discriminator="deleted")]


class ThreadItem(Schema):
    id: int
    community: str = Field(description="The community's slug.")
    title: str
    author: str | None = Field(description="The author's handle; null for an anonymous thread or a closed account.")
    anonymous: bool
    members_only: bool
    content_warning: str = Field(description="The opening post's content warning, if any.")
    reply_count: int
    created_at: dt.datetime
    last_post_at: dt.datetime
    url: str
    locked: bool = Field(description="Moderators locked it: it takes replies from moderators only.")
    slow_mode_seconds: int = Field(description="0, or how long each member waits between replies.")


class ThreadPage(Schema):
    count: int
    items: list[ThreadItem]


class PostPage(Schema):
    count: int
    items: list[AnyPostOut]


class ThreadOut(ThreadItem):
    your_subscription: Level | None = Field(description="Whether the viewer follows or muted this thread.")
    posts: PostPage


class ThreadCreatedOut(ThreadOut):
    crisis: SafetyCrisisOut | None = CRISIS_FIELD


class PostCreatedOut(PostOut):
    crisis: SafetyCrisisOut | None = CRISIS_FIELD


def _author(author: User | None, *, anonymous: bool) -> str | None:
    return None if anonymous or author is None else author.handle


def thread_item(thread: Thread, content_warning: str = "") -> ThreadItem:
    return ThreadItem(
        id=thread.pk,
        community=thread.community.slug,
        title=thread.title,
        author=_author(thread.author, anonymous=thread.is_anonymous),
        anonymous=thread.is_anonymous,
        members_only=thread.members_only,
        content_warning=getattr(thread, "first_warning", content_warning),
        reply_count=thread.reply_count,
        created_at=thread.created_at,
        last_post_at=thread.last_post_at,
        url=thread.get_absolute_url(),
        locked=thread.locked_at is not None,
        slow_mode_seconds=thread.slow_mode_seconds,
    )


def post_outs(viewer: Viewer, posts: Iterable[Post]) -> list[PostOut | DeletedPostOut]:
    """Posts as the viewer sees them, with reaction counts from one aggregate query."""
    posts = list(posts)
    live = [post.pk for post in posts if not post.is_deleted]
    counts: dict[int, dict[str, int | None]] = defaultdict(dict)
    yours: dict[int, list[str]] = defaultdict(list)
    if live:
        hide = bool(getattr(viewer, "hide_reaction_counts", False))
        rows = Reaction.objects.filter(post__in=live).values("post_id", "kind").annotate(n=Count("pk")).order_by()
        for row in rows:
            counts[row["post_id"]][row["kind"]] = None if hide else row["n"]
        if viewer.is_authenticated:
            for post_id, kind in Reaction.objects.filter(post__in=live, user=viewer).values_list("post_id", "kind"):
                yours[post_id].append(kind)
    # A post moderators hid reads as gone to everyone but its author (moderators have the queue).
    hidden = hidden_post_ids(live) if live else set()
    own_hidden = [p.pk for p in posts if p.pk in hidden and viewer.is_authenticated and p.author_id == viewer.pk]
    held = safeguards.held_post_ids(own_hidden)  # no query unless the viewer's own posts are hidden or held
    out: list[PostOut | DeletedPostOut] = []
    for post in posts:
        if post.is_deleted or (post.pk in hidden and not (viewer.is_authenticated and post.author_id == viewer.pk)):
            out.append(DeletedPostOut(id=post.pk, url=post.get_absolute_url()))
            continue
        out.append(
            PostOut(
                id=post.pk,
                thread=post.thread_id,
                author=_author(post.author, anonymous=post.is_anonymous),
                anonymous=post.is_anonymous,
                yours=viewer.is_authenticated and post.author_id == viewer.pk,
                is_first=post.is_first,
                members_only=post.members_only,
                content_warning=post.content_warning,
                source=post.source,
                # Cleaned again on the way out, as pages do: stored HTML is not trusted blindly.
                html=str(safe_html(post.html)),
                created_at=post.created_at,
                edited_at=post.edited_at,
                reactions=dict(sorted(counts[post.pk].items())),
                your_reactions=[ReactionKind(kind) for kind in sorted(yours[post.pk])],
                held=post.pk in held,
                url=post.get_absolute_url(),
            )
        )
    return out


def _post_out(viewer: Viewer, post: Post) -> PostOut | DeletedPostOut:
    return post_outs(viewer, [post])[0]


def _thread_or_404(viewer: Viewer, thread_id: int) -> Thread:
    return get_object_or_404(Thread.objects.visible_to(viewer).select_related("community", "author"), pk=thread_id)


def _post_or_404(viewer: Viewer, post_id: int) -> Post:
    posts = Post.objects.visible_to(viewer).select_related("thread__community", "community", "author")
    return get_object_or_404(posts, pk=post_id)


def _thread_out(viewer: Viewer, thread: Thread, page: PageQuery) -> ThreadOut:
    # The thread is readable, so its posts are, but for members-only ones; deleted ones keep their place.
    access = access_for(viewer, thread.community)
    shown = posts_in(thread, access)
    posts = list(shown.select_related("author").order_by("created_at", "pk")[page.offset : page.offset + page.limit])
    first_warning = Post.objects.filter(thread=thread, is_first=True).values_list("content_warning", flat=True)
    for post in posts:
        post.thread = thread  # for its url, without fetching the thread again
    level = None
    if viewer.is_authenticated:
        level = Subscription.objects.filter(user=viewer, thread=thread).values_list("level", flat=True).first()
    item = thread_item(thread, first_warning.first() or "")
    return ThreadOut(
        **item.model_dump(),
        your_subscription=Level(level) if level else None,
        posts=PostPage(count=shown.count(), items=post_outs(viewer, posts)),
    )


# --- What comes in ----------------------------------------------------------------------------

# The limits are the actions' own, stated here so that the document tells clients and a longer
# text is refused before anything is rendered.
PostBody = Annotated[
    str,
    Field(
        pattern=SAYS_SOMETHING,
        max_length=actions.MAX_POST,
        description=f"Markdown, at most {actions.MAX_POST:,} characters.",
    ),
    NOT_BLANK,
]
Title = Annotated[str, Field(pattern=SAYS_SOMETHING, max_length=actions.MAX_TITLE), NOT_BLANK]
ContentWarning = Annotated[
    str,
    Field(
        pattern=ANY_TEXT,
        max_length=actions.MAX_WARNING,
        description="Shown before the post, which stays folded until the reader chooses to open it.",
    ),
    STORABLE,
]
# Printable ASCII without spaces: it becomes part of a cache key.
IdempotencyKey = Annotated[
    str,
    params.Header(
        alias="Idempotency-Key",
        pattern=r"^[!-~]{0,64}$",
        description="Any unique string (a UUID, say). Sending the same key again within 10 minutes gets 409, "
        "so a retried request never posts twice.",
    ),
]


class ReplyCreate(Input):
    body: PostBody
    content_warning: ContentWarning = ""
    members_only: bool = Field(default=False, description="Only the community's members may read it (public ones).")
    anonymous: bool = Field(default=False, description="Shown as an anonymous member, where the community allows it.")


class ThreadCreate(ReplyCreate):
    title: Title


class PostPatch(Input):
    """The new text; a content warning left out stays as it was."""

    body: PostBody
    content_warning: ContentWarning = ""


class ThreadListQuery(PageQuery):
    unanswered: bool = Field(default=False, description="Only threads nobody has replied to yet, newest first.")


class ThreadPageQuery(PageQuery):
    """Which of the thread's posts to include."""

    limit: int = Field(50, ge=1, le=100)


def _post_input(data: ReplyCreate, idempotency_key: str) -> actions.PostInput:
    return actions.PostInput(
        source=data.body,
        content_warning=data.content_warning,
        members_only=data.members_only,
        anonymous=data.anonymous,
        submission_token=idempotency_key,
    )


ThreadId = PathId
PostId = PathId

# What the document cannot know: who is asking and what the community allows.
_POSTING_REFUSALS = {
    "not_member": 403, "members_only": 409, "anonymous": 409, "deleted": 409, "locked": 409, "slow_mode": 409,
    "watched_word": 409, "links": 409,
}  # fmt: skip
_POSTING_ERRORS = {**WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **TOO_MANY}
_POSTING_DOC = (
    " 403 for a reader who is not a member; 404 where the viewer may not read; 409 for a repeated "
    "`Idempotency-Key` or what the community does not allow (anonymous posts, members-only posts "
    "outside public communities, a reply to a locked thread or faster than its slow mode allows, a word "
    "the community does not allow, more links than a brand-new account may share); 422 for empty or "
    "over-long text; 429, with `Retry-After`, when posting too quickly. A post waiting for a moderator's "
    "approval says `held`."
)


# --- Endpoints --------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/threads",
    response={200: ThreadPage, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="A community's threads, most recently active first",
)
def list_threads(request: HttpRequest, slug: str, filters: Query[ThreadListQuery]) -> ThreadPage:
    viewer = viewer_of(request)
    community = community_for(viewer, slug, Need.READ).community
    first_warning = Post.objects.filter(thread=OuterRef("pk"), is_first=True).values("content_warning")[:1]
    threads = Thread.objects.visible_to(viewer).filter(community=community)
    order = ("-last_post_at", "-pk")
    if filters.unanswered:
        threads, order = threads.filter(reply_count=0), ("-created_at", "-pk")
    page = (
        threads.select_related("community", "author")
        .annotate(first_warning=Coalesce(Subquery(first_warning), Value("")))
        .order_by(*order)[filters.offset : filters.offset + filters.limit]
    )
    return ThreadPage(count=threads.count(), items=[thread_item(thread) for thread in page])


@router.post(
    "/communities/{slug}/threads",
    response={201: ThreadCreatedOut, **_POSTING_ERRORS},
    exclude_unset=True,  # `crisis` only when there is one: see hearth/safety/api.py
    summary="Start a thread",
    description="Answers 201 with the thread and its first post." + _POSTING_DOC,
)
def create_thread(
    request: HttpRequest, slug: str, data: ThreadCreate, idempotency_key: IdempotencyKey = ""
) -> Status[ThreadCreatedOut]:
    user = member_of(request)
    community = community_for(user, slug, Need.READ).community
    with refused_as(_POSTING_REFUSALS):
        thread = actions.do_create_thread(
            user,
            community,
            data.title,
            _post_input(data, idempotency_key),
        )
    thread = _thread_or_404(user, thread.pk)
    out = _thread_out(user, thread, ThreadPageQuery(limit=50, offset=0))
    first = Post.objects.filter(thread=thread, is_first=True).values_list("pk", flat=True).get()
    text = f"{data.title}\n{data.body}"
    crisis = do_notice_crisis(user, text, what=CheckedContent.POST, object_id=first, community=community)
    return Status(201, with_crisis(ThreadCreatedOut, out, crisis))


@router.get(
    "/threads/{thread_id}",
    response={200: ThreadOut, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="A thread and a page of its posts, oldest first",
)
def get_thread(request: HttpRequest, thread_id: ThreadId, page: Query[ThreadPageQuery]) -> ThreadOut:
    viewer = viewer_of(request)
    return _thread_out(viewer, _thread_or_404(viewer, thread_id), page)


@router.post(
    "/threads/{thread_id}/posts",
    response={201: PostCreatedOut, **_POSTING_ERRORS},
    exclude_unset=True,  # `crisis` only when there is one: see hearth/safety/api.py
    summary="Reply in a thread",
    description="Answers 201 with the new post." + _POSTING_DOC,
)
def reply(
    request: HttpRequest, thread_id: ThreadId, data: ReplyCreate, idempotency_key: IdempotencyKey = ""
) -> Status[PostCreatedOut]:
    user = member_of(request)
    thread = _thread_or_404(user, thread_id)
    with refused_as(_POSTING_REFUSALS):
        post = actions.do_reply(
            user,
            thread,
            _post_input(data, idempotency_key),
        )
    post.thread = thread
    crisis = do_notice_crisis(user, data.body, what=CheckedContent.POST, object_id=post.pk, community=thread.community)
    return Status(201, with_crisis(PostCreatedOut, _post_out(user, post), crisis))


@router.patch(
    "/posts/{post_id}",
    response={200: PostOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Edit your post",
    description="403 for a post the member can read but did not write; 404 for one they cannot read.",
)
def edit_post(request: HttpRequest, post_id: PostId, changes: PostPatch) -> PostOut | DeletedPostOut:
    user = member_of(request)
    post = _post_or_404(user, post_id)
    keep_warning = "content_warning" not in changes.model_fields_set
    with refused_as({"not_author": 403, "not_member": 403, "deleted": 409}):
        edited = actions.do_edit_post(
            user, post, changes.body, post.content_warning if keep_warning else changes.content_warning
        )
    edited.thread, edited.author = post.thread, post.author
    return _post_out(user, edited)


@router.delete(
    "/posts/{post_id}",
    response={204: None, **WRITE_ERRORS, **NOT_FOUND},
    summary="Delete a post (yours, or any as a moderator)",
    description=(
        "Deleting a thread's first post deletes the thread. 403 for a post the member can read "
        "but may not delete; 404 for one they cannot read or that is already deleted."
    ),
)
def delete_post(request: HttpRequest, post_id: PostId) -> Status[None]:
    user = member_of(request)
    post = _post_or_404(user, post_id)
    with refused_as({"not_author": 403}):
        actions.do_delete_post(user, post)
    return Status(204, None)


@router.put(
    "/posts/{post_id}/reactions/{kind}",
    response={200: PostOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **TOO_MANY},
    summary="React to a post",
    description="Reacting twice with the same kind changes nothing. 403 for a reader who is not a member.",
)
def react(request: HttpRequest, post_id: PostId, kind: ReactionKind) -> PostOut | DeletedPostOut:
    user = member_of(request)
    post = _post_or_404(user, post_id)
    with refused_as({"not_member": 403, "deleted": 409}):
        actions.do_react(user, post, kind)
    return _post_out(user, post)


@router.delete(
    "/posts/{post_id}/reactions/{kind}",
    response={200: PostOut, **WRITE_ERRORS, **NOT_FOUND},
    summary="Take back a reaction",
)
def unreact(request: HttpRequest, post_id: PostId, kind: ReactionKind) -> PostOut | DeletedPostOut:
    user = member_of(request)
    post = _post_or_404(user, post_id)
    actions.do_unreact(user, post, kind)
    return _post_out(user, post)
