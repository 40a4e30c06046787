"""Notifying members, and following or muting what they care about."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.lib.text import refuse_nul
from hearth.notifications.models import Kind, Level, Notification, Subscription
from hearth.wellbeing.breaks import on_a_break

_REMINDERS = frozenset({Kind.CHAT_REMINDER, Kind.CHECK_IN_REMINDER})


def is_muted(user: Any, *, community: Any = None, thread: Any = None) -> bool:
    muted = Subscription.objects.filter(user=user, level=Level.MUTE)
    if thread is not None and muted.filter(thread=thread).exists():
        return True
    return community is not None and muted.filter(community=community).exists()


def notify(
    recipient: Any,
    kind: str,
    *,
    actor: Any = None,
    community: Any = None,
    thread: Any = None,
    post: Any = None,
    live_chat: Any = None,
    measure: Any = None,
) -> Notification | None:
    """Tell one member about something, unless it is their own doing or they muted it, or it is a
    reminder and they are taking a break."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if actor is not None and actor.pk == recipient.pk:
        return None
    if kind in {Kind.REPLY, Kind.MENTION} and is_muted(recipient, community=community, thread=thread):
        return None
    # A reminder's moment passes: during a break it is not written at all. Everything else is
    # written and waits quietly (the badge does not count it) for the welcome back.
    if kind in _REMINDERS and on_a_break(recipient):
        return None
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        community=community,
        thread=thread,
        post=post,
        live_chat=live_chat,
        measure=measure,
    )


def do_mark_read(user: Any, notification_ids: list[int] | None = None) -> int:
    """Mark some (or, with None, all) of a member's notifications read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def do_subscribe(user: Any, level: str, *, community: Any = None, thread: Any = None, tag: str = "") -> Subscription:
    """Follow or mute one target; subscribing again changes the level rather than duplicating."""
    if level not in Level.values:
        raise ValidationError("Choose follow or mute.")
    refuse_nul(tag)
    targets = [t for t in (community, thread, tag or None) if t is not None]
    if len(targets) != 1:
        raise ValidationError("Follow or mute one community, thread or tag at a time.")
    lookup: dict[str, Any] = {"community": community} if community else {"thread": thread} if thread else {"tag": tag}
    try:
        # Race: a double click; the unique constraints keep one subscription per target.
        with transaction.atomic():
            subscription, _ = Subscription.objects.update_or_create(user=user, **lookup, defaults={"level": level})
    except IntegrityError:
        subscription = Subscription.objects.get(user=user, **lookup)
    return subscription


def do_unsubscribe(user: Any, *, community: Any = None, thread: Any = None, tag: str = "") -> None:
    if len([t for t in (community, thread, tag or None) if t is not None]) != 1:
        raise ValidationError("Stop following or muting one community, thread or tag at a time.")
    refuse_nul(tag)
    lookup: dict[str, Any] = {"community": community} if community else {"thread": thread} if thread else {"tag": tag}
    Subscription.objects.filter(user=user, **lookup).delete()
