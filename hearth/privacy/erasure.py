"""Erasing a member, in one transaction: nothing of them is left in the database, the search index
or the caches, except, if they chose so, their posts and chat messages shown as by "Former member".

How: content that must change before the account goes is handled here (posts, their search
entries, counters, texts the member wrote into rows that outlive them); then the account row is
deleted, and every row that belongs to it goes with it (profile, connections, blocks, mutes,
conversations, reactions, subscriptions, notifications, tokens, email addresses, two-step
sign-in, chat reminders, calendar keys, consents, access entries…), by each model's own
`on_delete`. Deleting the row, rather than emptying it, means a model added later is erased
too without a change here; the marker test checks the result.

Kept posts lose their author (pages show "Former member" for a post without one, and nothing
ties them together). A chat message must have an author, so kept chat messages move to a new,
inactive account of their own: handle `former-<random>`, an address at `erased.invalid`, an
unusable password, display name "Former member" (so every page that shows a name says so), and
the `AccountDeletion` row pointing at it as the mark that it is a former member.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.chats.models import ChatMessage
from hearth.communities.models import Community, Invite, Membership
from hearth.discussions.models import Post, PostRevision, Thread
from hearth.lib.page_cache import forget_visitor_pages
from hearth.privacy.models import AccountDeletion
from hearth.search.engines import engine_for

FORMER_MEMBER = "Former member"
REMOVED_TITLE = "A thread by a former member"


@dataclass(frozen=True)
class Erased:
    posts_kept: int
    posts_deleted: int
    threads_deleted: int


def make_former_member() -> User:
    """A new inactive account that stands for an erased member's kept chat messages."""
    while True:
        handle = f"former-{secrets.token_hex(8)}"
        if not User.objects.named(handle).exists():
            break
    former = User(
        handle=handle,
        email=f"{secrets.token_hex(12)}@erased.invalid",
        display_name=FORMER_MEMBER,
        is_active=False,
    )
    former.set_unusable_password()
    former.save()
    return former


def is_former_member(user: User) -> bool:
    return AccountDeletion.objects.filter(member=user, erased_at__isnull=False).exists()


def _forget_in_search(post_ids: list[int]) -> None:
    if not post_ids:
        return
    connection = connections[router.db_for_write(Post)]
    engine = engine_for(connection)
    with connection.cursor() as cursor:
        for start in range(0, len(post_ids), 500):
            chunk = post_ids[start : start + 500]
            engine.delete(cursor, ", ".join(["%s"] * len(chunk)), list(chunk))
        if connection.vendor == "sqlite":
            # FTS5 only marks entries deleted; their words stay in the index's pages until its
            # segments are merged. Merging them all now leaves none of the member's words.
            cursor.execute("INSERT INTO search_post_fts (search_post_fts) VALUES ('optimize')")


def _recount(thread_ids: set[int], community_ids: set[int]) -> None:
    """Bring counters up to date after posts and threads were removed for good."""
    replies = (
        Post.objects.filter(thread=OuterRef("pk"), is_first=False, deleted_at__isnull=True)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Thread.objects.filter(pk__in=thread_ids).update(reply_count=Coalesce(Subquery(replies), 0))
    posts = Post.objects.filter(community=OuterRef("pk")).order_by().values("community").annotate(n=Count("pk"))
    threads = Thread.objects.filter(community=OuterRef("pk")).order_by().values("community").annotate(n=Count("pk"))
    Community.objects.filter(pk__in=community_ids).update(
        post_count=Coalesce(Subquery(posts.values("n")), 0),
        thread_count=Coalesce(Subquery(threads.values("n")), 0),
    )


def _erase_posts(member: User, *, keep: bool) -> Erased:
    mine = Post.objects.filter(author=member)
    # Earlier versions are the member's words that nobody else reads; kept posts keep only their text.
    PostRevision.objects.filter(post__author=member).delete()
    if keep:
        kept = mine.update(author=None)
        Thread.objects.filter(author=member).update(author=None)
        return Erased(posts_kept=kept, posts_deleted=0, threads_deleted=0)
    others_replied = Post.objects.filter(thread=OuterRef("pk"), deleted_at__isnull=True).exclude(author=member)
    alone = list(Thread.objects.filter(author=member).exclude(Exists(others_replied)).values_list("pk", flat=True))
    touched = set(mine.values_list("thread_id", flat=True)) | set(alone)
    communities = set(Thread.objects.filter(pk__in=touched).values_list("community_id", flat=True))
    gone = list(Post.objects.filter(Q(author=member) | Q(thread__in=alone)).values_list("pk", flat=True))
    _forget_in_search(gone)
    # A thread others replied to stays for their replies: its title and opening post are emptied.
    Post.objects.filter(author=member, is_first=True).exclude(thread__in=alone).update(
        author=None, source="", html="", plain_text="", content_warning="", deleted_at=timezone.now(), deleted_by=None
    )
    Thread.objects.filter(author=member).exclude(pk__in=alone).update(author=None, title=REMOVED_TITLE)
    Post.objects.filter(author=member).delete()
    Thread.objects.filter(pk__in=alone).delete()
    _recount(touched - set(alone), communities)
    return Erased(posts_kept=0, posts_deleted=len(gone), threads_deleted=len(alone))


def _erase_chat_messages(member: User, *, keep: bool) -> User | None:
    messages = ChatMessage.objects.filter(author=member)
    if not messages.exists():
        return None
    if not keep:
        messages.delete()
        return None
    former = make_former_member()
    messages.update(author=former, client_id="")
    return former


def _erase_written_elsewhere(member: User) -> None:
    """Text the member wrote into rows that stay when they go (their author is set to null)."""
    Invite.objects.filter(created_by=member).update(note="")
    if apps.is_installed("hearth.moderation"):
        report = apps.get_model("moderation", "Report")
        report.objects.filter(reporter=member).update(note="", source_url="", evidence_url="")
    # The admin site's log names the member in its text.
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(member.pk)).delete()


def _end_sessions(member: User) -> None:
    keys = list(UserSession.objects.filter(user=member).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()


def _leave_communities(member: User) -> None:
    for community_id in Membership.objects.filter(user=member).values_list("community_id", flat=True):
        Community.objects.filter(pk=community_id).update(member_count=F("member_count") - 1)


def erase(deletion: AccountDeletion) -> Erased:
    """Erase the member of `deletion`; the caller holds a transaction and the row's lock."""
    member = deletion.member
    assert member is not None  # noqa: S101  (the caller checked that the deletion is pending)
    record(None, "account:erase", member, kept_posts=deletion.keep_posts)
    erased = _erase_posts(member, keep=deletion.keep_posts)
    former = _erase_chat_messages(member, keep=deletion.keep_posts)
    _erase_written_elsewhere(member)
    _end_sessions(member)
    _leave_communities(member)
    deletion.erased_at = timezone.now()
    deletion.member = former
    deletion.save(update_fields=["erased_at", "member"])
    member.delete()
    forget_visitor_pages()
    return erased
