"""Prepare the database the load scenarios read: seed it (or reuse what an earlier run seeded),
choose a thread with fifty replies and a member of its community, and sign that member in.

Runs as `python -m bench.dataset` in the server's environment (its var/ directory, so its
SECRET_KEY, and its DATABASE_URL), and writes what the load process needs as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from importlib import import_module
from pathlib import Path
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    import django

    django.setup()


def prepare(members: int, posts: int, *, reuse: bool) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from hearth.demo import scale
    from hearth.discussions.models import Post

    existing = Post.objects.filter(community__in=scale.scale_communities()).count()
    seconds = None
    if reuse and existing:
        print(f"bench: reusing {existing:,} synthetic posts already in the database", file=sys.stderr)
    else:
        started = time.perf_counter()
        call_command("seed_scale", "--fresh", "--members", str(members), "--posts", str(posts), "--seed", "1")
        seconds = round(time.perf_counter() - started, 1)
    thread, member = _thread_and_reader()
    return {
        "members": scale.scale_members().count(),
        "posts": Post.objects.filter(community__in=scale.scale_communities()).count(),
        "seeded_seconds": seconds,
        "reused": seconds is None,
        "database_version": _database_version(connection),
        "thread_path": thread.get_absolute_url(),
        "thread_replies": thread.reply_count,
        "member": member.handle,
        "cookies": _signed_in(member),
        "search_paths": [f"/search/?q={query.replace(' ', '+')}" for query in _search_queries()],
    }


def _thread_and_reader() -> tuple[Any, Any]:
    """The public thread with the fewest replies from 50 up (page one shows 50 posts), and its
    author, a member of its community."""
    from hearth.demo import scale
    from hearth.discussions.models import Thread

    threads = Thread.objects.filter(
        community__in=scale.scale_communities(), community__visibility="public", deleted_at__isnull=True
    ).select_related("community", "author")
    thread = threads.filter(reply_count__gte=50).order_by("reply_count", "pk").first()
    thread = thread or threads.order_by("-reply_count", "pk").first()
    if thread is None:
        raise SystemExit("bench: the database has no synthetic public thread to read")
    return thread, thread.author


def _signed_in(user: Any) -> dict[str, str]:
    """A session for `user`, made as django.contrib.auth.login makes one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {settings.SESSION_COOKIE_NAME: session.session_key}


def _search_queries() -> list[str]:
    """Words in at most about 5% of posts, alone and in pairs."""
    from hearth.demo.scale import SEARCH_TERMS

    words = [word for tier in ("frequent", "uncommon", "rare") for word in SEARCH_TERMS[tier]]
    pairs = [f"{a} {b}" for a, b in zip(SEARCH_TERMS["frequent"], SEARCH_TERMS["uncommon"], strict=True)]
    return words + pairs


def _database_version(connection: Any) -> str:
    if connection.vendor == "postgresql":
        return f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--posts", type=int, required=True)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    _setup()
    args.out.write_text(json.dumps(prepare(args.members, args.posts, reuse=args.reuse), indent=2) + "\n")


if __name__ == "__main__":
    main()
