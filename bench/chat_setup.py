"""The data the chat benchmark needs, made directly in the database: a public community, its
members (each signed in with a session of their own, as django.contrib.auth.login makes one),
one live session of a chat series per configuration measured, and a personal access token for
the members who post over the API.

Runs as `python -m bench.chat_setup` in the server's environment (its var/ directory, so its
SECRET_KEY, its DATABASE_URL and, when set, its REDIS_URL), and writes what the clients need as
JSON. The senders' rate-limit counters are cleared in the shared cache, so that a run made within
the hour of an earlier one on the same Redis starts from nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import time
from datetime import timedelta
from importlib import import_module
from pathlib import Path
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    import django

    django.setup()


def prepare(members: int, chats: int, senders: int) -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.models import Session
    from django.core.cache import cache
    from django.utils import timezone

    from hearth.accounts.actions import do_create_access_token
    from hearth.accounts.models import User
    from hearth.chats.actions import MESSAGE_LIMITS
    from hearth.chats.tests.factories import make_live_chat
    from hearth.communities.models import Membership
    from hearth.communities.tests.factories import make_community

    run = secrets.token_hex(3)
    unusable = make_password(None)
    founder = User.objects.create(handle=f"benchhost_{run}", email=f"benchhost_{run}@example.org", password=unusable)
    community = make_community(founder, f"Bench chat room {run}", visibility="public")
    people = User.objects.bulk_create(
        User(handle=f"bench_{run}_{n}", email=f"bench_{run}_{n}@example.org", password=unusable) for n in range(members)
    )
    people = list(User.objects.filter(handle__startswith=f"bench_{run}_").order_by("pk"))
    Membership.objects.bulk_create(Membership(community=community, user=person) for person in people)
    community.member_count = members + 1
    community.save(update_fields=["member_count"])

    engine = import_module(settings.SESSION_ENGINE).SessionStore
    expires = timezone.now() + timedelta(days=1)
    sessions, keys = [], []
    for person in people:
        store = engine()
        data = {
            SESSION_KEY: str(person.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: person.get_session_auth_hash(),
        }
        key = store._get_new_session_key()
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys.append(key)
    Session.objects.bulk_create(sessions, batch_size=500)

    live = [
        make_live_chat(founder, community, tag=f"BenchChat{n}", title=f"Bench chat {n}", topics=())
        for n in range(chats)
    ]
    now = int(time.time())
    for person in people[:senders]:
        for limit in MESSAGE_LIMITS:
            cache.delete(f"rl:chat:{person.pk}:{limit.seconds}:{now // limit.seconds}")
    tokens = [do_create_access_token(person, f"bench {run}").secret for person in people[:senders]]
    return {
        "community": community.slug,
        "chats": [chat.pk for chat in live],
        "ends_at": [chat.closes_at.isoformat() for chat in live],
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "sessions": keys,
        "tokens": tokens,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--chats", type=int, default=1)
    parser.add_argument("--senders", type=int, required=True, help="members who post (the first ones)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    _setup()
    args.out.write_text(json.dumps(prepare(args.members, args.chats, args.senders)) + "\n")


if __name__ == "__main__":
    main()
