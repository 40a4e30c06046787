"""Helpers for tests of connections and direct messages: clients for the personas, and pairs of
members already connected, requested or blocked."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.connections.models import Block, Connection, ConnectionStatus, ordered_pair
from hearth.profiles.models import Profile

API = "/api/v1"


def page_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_client(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, 'tests').secret}"})


def connect(a: User, b: User, *, accepted: bool = True) -> Connection:
    """`a` asked `b`; accepted unless told otherwise."""
    low, high = ordered_pair(a.pk, b.pk)
    return Connection.objects.create(
        user_low_id=low,
        user_high_id=high,
        requested_by=a,
        status=ConnectionStatus.ACCEPTED if accepted else ConnectionStatus.PENDING,
        accepted_at=timezone.now() if accepted else None,
    )


def block(blocker: User, blocked: User) -> Block:
    return Block.objects.create(blocker=blocker, blocked=blocked)


def messages_from(user: User, setting: str) -> None:
    Profile.objects.update_or_create(user=user, defaults={"messages_from": setting})


def on_page(text: str) -> str:
    """`text` as a page shows it, HTML-escaped."""
    return str(escape(text))
