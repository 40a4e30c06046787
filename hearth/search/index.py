"""Keeping the full-text index in step with posts: the one way search is written to.

The discussion actions call `index_post` inside their write transaction, so the index and the
posts commit or roll back together.
"""

from __future__ import annotations

from django.db import connections, router

from hearth.discussions.models import Post
from hearth.search.engines import engine_for


def index_post(post: Post, *, title: str = "") -> None:
    """Make the index hold what `post` says now (its thread's `title` for a first post), or
    nothing once the post or its thread is deleted."""
    connection = connections[router.db_for_write(Post)]
    engine = engine_for(connection)
    with connection.cursor() as cursor:
        if post.deleted_at is not None and post.is_first:
            # Deleting the first post deletes the thread, and every reply goes with it.
            engine.delete(cursor, f"SELECT id FROM {Post._meta.db_table} WHERE thread_id = %s", [post.thread_id])  # noqa: S608
        elif post.deleted_at is not None or post.thread.deleted_at is not None:
            engine.delete(cursor, "%s", [post.pk])
        else:
            engine.upsert(cursor, post.pk, title, post.plain_text)
