"""Writes to discussions: threads, replies, edits, deletion, reactions and revealing authors.

Every action asks the communities' access policy first. Counters are updated with F() in the
same transaction; notifications are rows written in that transaction, so a rolled-back post
notifies nobody.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.communities.access import CommunityAccess, access_for
from hearth.communities.models import Community, Visibility
from hearth.discussions.models import Post, PostRevision, PostTag, Reaction, ReactionKind, Thread
from hearth.lib.markdown import Rendered, render
from hearth.lib.page_cache import forget_visitor_pages
from hearth.lib.ratelimit import Limit, claim_submission, hit, release_submission
from hearth.lib.text import refuse_nul
from hearth.moderation import safeguards
from hearth.notifications.actions import do_subscribe, notify
from hearth.notifications.models import Kind, Level, Subscription
from hearth.search.index import index_post

MAX_TITLE = 200
MAX_POST = 20_000
MAX_WARNING = 200
POSTING_LIMITS = (Limit(count=8, seconds=60), Limit(count=60, seconds=3600))


class TooLong(ValidationError):  # noqa: N818  (a ValidationError, named for what is wrong)
    """Text over its limit: the API answers 422 with the limit in the message."""


class DuplicateSubmission(Exception):  # noqa: N818
    """The same form was submitted twice; the first submission is the one that counts."""


@dataclass(frozen=True)
class PostInput:
    source: str
    content_warning: str = ""
    members_only: bool = False
    anonymous: bool = False
    submission_token: str = ""


def check_post_input(access: CommunityAccess, data: PostInput) -> Rendered:
    if not access.can_post:
        code = "paused" if access.is_paused else "not_member"
        raise ValidationError(access.cannot_post_because, code=code)
    if not data.source.strip():
        raise ValidationError("Write something before posting.", code="empty")
    if len(data.source) > MAX_POST:
        raise TooLong(f"A post has at most {MAX_POST:,} characters (this one has {len(data.source):,}).")
    if len(data.content_warning) > MAX_WARNING:
        raise TooLong(f"A content warning has at most {MAX_WARNING} characters.")
    if data.members_only and access.community.visibility != Visibility.PUBLIC:
        raise ValidationError("Everything in this community is already for members only.", code="members_only")
    if data.anonymous and not access.community.anonymous_posting:
        raise ValidationError("This community does not allow anonymous posts.", code="anonymous")
    return render(data.source)


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Give your thread a title.", code="empty_title")
    if len(title) > MAX_TITLE:
        raise TooLong(f"A title has at most {MAX_TITLE} characters (this one has {len(title)}).")
    return title


@contextmanager
def _one_submission(user: User, data: PostInput) -> Iterator[None]:
    """Rate-limit first, then claim the form's token; a failed write releases the claim, so the
    member can send the same form again ("nothing was lost" must be true)."""
    hit("post", user.pk, POSTING_LIMITS, what="posted")
    if not claim_submission("post", user.pk, data.submission_token):
        raise DuplicateSubmission
    try:
        yield
    except BaseException:
        release_submission("post", user.pk, data.submission_token)
        raise


def _save_post(user: User, thread: Thread, data: PostInput, rendered: Rendered, *, is_first: bool) -> Post:
    post = Post.objects.create(
        thread=thread,
        community=thread.community,
        author=user,
        is_first=is_first,
        is_anonymous=data.anonymous,
        members_only=data.members_only or thread.members_only,
        content_warning=data.content_warning.strip(),
        source=data.source,
        html=rendered.html,
        plain_text=rendered.plain_text,
        renderer_version=rendered.version,
    )
    PostTag.objects.bulk_create(PostTag(post=post, tag=tag) for tag in rendered.tags)
    index_post(post, title=thread.title if is_first else "")
    return post


def _notify_mentions(user: User, post: Post, mentions: tuple[str, ...], already: set[int]) -> None:
    if not mentions:
        return
    for mentioned in User.objects.filter(handle__in=list(mentions), is_active=True):
        if mentioned.pk in already:
            continue
        readable = access_for(mentioned, post.community)
        # A mention never shows someone content they could not read.
        if readable.can_read and (not post.members_only or readable.is_member):
            notify(mentioned, Kind.MENTION, actor=user, community=post.community, thread=post.thread, post=post)
            already.add(mentioned.pk)


def do_create_thread(user: User, community: Community, title: str, data: PostInput) -> Thread:
    access = access_for(user, community)
    rendered = check_post_input(access, data)
    title = _check_title(title)
    screening = safeguards.screen(user, access, f"{title}\n{data.source}")
    now = timezone.now()
    with _one_submission(user, data), transaction.atomic():
        thread = Thread.objects.create(
            community=community,
            author=user,
            title=title,
            is_anonymous=data.anonymous,
            members_only=data.members_only,
            created_at=now,
            last_post_at=now,
            is_held=bool(screening.hold),
        )
        post = _save_post(user, thread, data, rendered, is_first=True)
        safeguards.apply(post, screening)
        Community.objects.filter(pk=community.pk).update(
            thread_count=F("thread_count") + 1, post_count=F("post_count") + 1, last_activity_at=now
        )
        do_subscribe(user, Level.FOLLOW, thread=thread)
        _notify_mentions(user, post, rendered.mentions, already={user.pk})
    return thread


def check_reply_allowed(user: User, access: CommunityAccess, thread: Thread) -> None:
    """A locked thread takes replies from moderators only; in slow mode each member replies at
    most once every `slow_mode_seconds`."""
    if access.can_moderate:
        return
    if thread.locked_at is not None:
        raise ValidationError("This thread is locked: it takes no more replies.", code="locked")
    if thread.slow_mode_seconds:
        last = (
            # Deleted replies count too: deleting one must not skip the wait.
            Post.objects.filter(thread=thread, author=user)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last is not None:
            wait = thread.slow_mode_seconds - int((timezone.now() - last).total_seconds())
            if wait > 0:
                raise ValidationError(
                    f"This thread is in slow mode: one reply every {thread.slow_mode_seconds} seconds each. "
                    f"You can reply again in {wait} seconds; your words are kept in the box.",
                    code="slow_mode",
                )


def do_reply(user: User, thread: Thread, data: PostInput) -> Post:
    access = access_for(user, thread.community)
    rendered = check_post_input(access, data)
    if thread.deleted_at is not None:
        raise ValidationError("This thread was deleted, so it takes no replies.", code="deleted")
    check_reply_allowed(user, access, thread)
    screening = safeguards.screen(user, access, data.source)
    now = timezone.now()
    with _one_submission(user, data), transaction.atomic():
        # A moderator locking the thread, or this member's other reply, at the same moment: check
        # again under the thread's row lock (the reply count's update takes it anyway).
        check_reply_allowed(user, access, Thread.objects.select_for_update().get(pk=thread.pk))
        post = _save_post(user, thread, data, rendered, is_first=False)
        safeguards.apply(post, screening)
        Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_post_at=now)
        Community.objects.filter(pk=thread.community_id).update(post_count=F("post_count") + 1, last_activity_at=now)
        notified = {user.pk}
        followers = Subscription.objects.filter(thread=thread, level=Level.FOLLOW).select_related("user")
        for subscription in followers:
            follower = subscription.user
            follower_access = access_for(follower, thread.community)
            if follower.pk in notified or not follower_access.can_read:
                continue
            if post.members_only and not follower_access.is_member:
                continue
            notify(follower, Kind.REPLY, actor=user, community=thread.community, thread=thread, post=post)
            notified.add(follower.pk)
        _notify_mentions(user, post, rendered.mentions, already=notified)
        if not Subscription.objects.filter(user=user, thread=thread).exists():
            do_subscribe(user, Level.FOLLOW, thread=thread)
    return post


def do_edit_post(user: User, post: Post, source: str, content_warning: str = "") -> Post:
    if post.author_id != user.pk:
        raise ValidationError("You can only edit your own posts.", code="not_author")
    if post.is_deleted:
        raise ValidationError("A deleted post cannot be edited.", code="deleted")
    access = access_for(user, post.community)
    rendered = check_post_input(
        access, PostInput(source=source, content_warning=content_warning, members_only=False, anonymous=False)
    )
    screening = safeguards.screen_edit(user, access, source)
    with transaction.atomic():
        # Race: two tabs saving edits at once; each revision keeps what it replaced.
        locked = Post.objects.select_for_update().get(pk=post.pk)
        PostRevision.objects.create(
            post=locked, source=locked.source, content_warning=locked.content_warning, edited_by=user
        )
        locked.source, locked.html, locked.plain_text = source, rendered.html, rendered.plain_text
        locked.renderer_version = rendered.version
        locked.content_warning = content_warning.strip()
        locked.edited_at = timezone.now()
        locked.save(update_fields=["source", "html", "plain_text", "renderer_version", "content_warning", "edited_at"])
        locked.tags.all().delete()
        PostTag.objects.bulk_create(PostTag(post=locked, tag=tag) for tag in rendered.tags)
        safeguards.apply(locked, screening)
        index_post(locked, title=locked.thread.title if locked.is_first else "")
        forget_visitor_pages()
    return locked


def do_delete_post(user: User, post: Post) -> Post:
    """Soft delete: the text is gone from every page, the place in the thread stays."""
    access = access_for(user, post.community)
    if post.author_id != user.pk and not access.can_moderate:
        raise ValidationError("You can only delete your own posts.", code="not_author")
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.deleted_at is not None:
            return locked
        now = timezone.now()
        locked.deleted_at, locked.deleted_by = now, user
        locked.save(update_fields=["deleted_at", "deleted_by"])
        index_post(locked, title="")
        if locked.is_first:
            Thread.objects.filter(pk=locked.thread_id).update(deleted_at=now)
        else:
            Thread.objects.filter(pk=locked.thread_id).update(reply_count=F("reply_count") - 1)
        if locked.author_id != user.pk:
            record(user, "post:delete", locked, community=locked.community)
        forget_visitor_pages()
    return locked


def do_react(user: User, post: Post, kind: str) -> Reaction:
    if kind not in ReactionKind.values:
        raise ValidationError("Choose one of the reactions offered.", code="kind")
    access = access_for(user, post.community)
    if not access.can_post:
        if access.is_paused:  # muted here or suspended: the member is told until when
            raise ValidationError(access.cannot_post_because, code="paused")
        raise ValidationError("Join the community to react to posts.", code="not_member")
    if post.is_deleted:
        raise ValidationError("That post was deleted.", code="deleted")
    hit("react", user.pk, (Limit(count=60, seconds=60),), what="reacted")
    try:
        # Race: a double click; the unique constraint keeps one reaction of each kind.
        with transaction.atomic():
            reaction, _ = Reaction.objects.get_or_create(post=post, user=user, kind=kind)
    except IntegrityError:
        reaction = Reaction.objects.get(post=post, user=user, kind=kind)
    return reaction


def do_unreact(user: User, post: Post, kind: str) -> None:
    Reaction.objects.filter(post=post, user=user, kind=kind).delete()


def do_reveal_author(moderator: User, post: Post, reason: str) -> User | None:
    """Show a moderator who wrote an anonymous post; every reveal is in the audit trail."""
    if not access_for(moderator, post.community).can_moderate:
        raise ValidationError("Only the community's moderators can see who wrote an anonymous post.")
    if not post.is_anonymous:
        raise ValidationError("That post is not anonymous.", code="not_anonymous")
    if not reason.strip():
        raise ValidationError("Say why you need to know; the reason is kept in the audit trail.", code="reason")
    refuse_nul(reason)
    record(moderator, "post:reveal_author", post, community=post.community, reason=reason.strip())
    return post.author
