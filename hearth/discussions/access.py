"""Who may see a thread or a post: the communities' policy, plus the "members only" mark."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hearth.communities.access import CommunityAccess, Need, access_for
from hearth.discussions.models import Post, Thread


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
    return post, access
