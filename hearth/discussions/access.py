"""Who may see a thread or a post: the communities' policy, plus the "members only" mark."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from hearth.communities.access import CommunityAccess, Need, access_for
from hearth.discussions.models import Post, PostQuerySet, Thread, ThreadQuerySet, hidden_post_ids


def _allowed(access: CommunityAccess, members_only: bool, need: Need) -> bool:
    if not access.allows(need):
        return False
    return not members_only or access.can_see_members_only


def thread_for(user: Any, slug: str, thread_id: int, need: Need = Need.READ) -> tuple[Thread, CommunityAccess]:
    thread = Thread.objects.select_related("community", "author").filter(pk=thread_id, community__slug=slug).first()
    if thread is None:
        raise Http404
    access = access_for(user, thread.community)
    if not _allowed(access, thread.members_only, need):
        raise Http404
    if thread.deleted_at is not None and not access.can_moderate:
        raise Http404
    # A thread held for approval (hearth.moderation.safeguards) is its author's and the moderators' alone.
    if thread.is_held and thread.author_id != getattr(user, "pk", None) and not access.can_moderate:
        raise Http404
    return thread, access


def post_for(user: Any, post_id: int, need: Need = Need.READ) -> tuple[Post, CommunityAccess]:
    post = Post.objects.select_related("thread", "community", "author").filter(pk=post_id).first()
    if post is None:
        raise Http404
    access = access_for(user, post.community)
    if not _allowed(access, post.members_only or post.thread.members_only, need):
        raise Http404
    if (post.deleted_at is not None or post.thread.deleted_at is not None) and not access.can_moderate:
        raise Http404
    # A post moderators hid, or one held for approval (or in a held thread), is its author's and the
    # moderators' alone: reporting, reacting to or linking to it must not show it to anyone else.
    others = not access.can_moderate and post.author_id != getattr(user, "pk", None)
    if others and (post.thread.is_held or hidden_post_ids([post.pk])):
        raise Http404
    return post, access


def threads_in(access: CommunityAccess) -> ThreadQuerySet:
    """The threads of a community the viewer reads (`access.can_read`), as they may see them:
    deleted ones left out, members-only ones for members. Cheaper than `visible_to`, whose
    community filter the access check has already answered (counting a large community's
    threads took 16 ms through it)."""
    threads = Thread.objects.filter(community=access.community, deleted_at__isnull=True)
    # A thread held for approval is listed for its author alone (moderators find it in their queue).
    author = access.membership.user_id if access.membership else None
    threads = threads.filter(Q(is_held=False) | Q(author_id=author)) if author else threads.filter(is_held=False)
    return threads if access.can_see_members_only else threads.filter(members_only=False)


def posts_in(thread: Thread, access: CommunityAccess) -> PostQuerySet:
    """The posts of a thread the viewer reads, as they may see them: members-only ones for
    members; deleted ones keep their place (shown as deleted)."""
    posts = Post.objects.filter(thread=thread)
    return posts if access.can_see_members_only else posts.filter(members_only=False)
