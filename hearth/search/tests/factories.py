"""Threads and replies for the search tests, written through the real actions so they are indexed."""

from __future__ import annotations

from typing import Any

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.discussions import actions
from hearth.discussions.models import Post, Thread


def make_thread(author: User, community: Community, title: str, text: str, **options: Any) -> Thread:
    return actions.do_create_thread(author, community, title, actions.PostInput(source=text, **options))


def make_reply(author: User, thread: Thread, text: str, **options: Any) -> Post:
    return actions.do_reply(author, thread, actions.PostInput(source=text, **options))


def first_post(thread: Thread) -> Post:
    return Post.objects.get(thread=thread, is_first=True)
