"""Quiet hours, and the one way Hearth emails a member about their own reminders: `deliver`.

An email is dropped during a break. During quiet hours it is held (`HeldEmail`) and sent when
they end, unless it is no longer of use by then: a chat reminder whose session has started, a
check-in reminder whose day is over. Quiet hours are about emails only: the in-app badge keeps
counting, since a member sees it only when they choose to open Hearth.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from hearth.lib.zones import zone
from hearth.wellbeing.breaks import on_a_break
from hearth.wellbeing.models import HeldEmail, WellbeingSettings

SENT, HELD, DROPPED = "sent", "held", "dropped"

log = logging.getLogger(__name__)
RETRY_AFTER = dt.timedelta(minutes=5)


def in_quiet_hours(start: dt.time, end: dt.time, at: dt.time) -> bool:
    """Whether `at` falls in quiet hours from `start` to `end`, which may span midnight."""
    if start < end:
        return start <= at < end
    return at >= start or at < end


def quiet_until(member: Any, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the member's quiet hours going on at `now` end; None when they are not quiet now."""
    now = now or timezone.now()
    found = WellbeingSettings.objects.filter(user=member).first()
    if found is None or found.quiet_from is None or found.quiet_until is None:
        return None
    local_zone = zone(member.time_zone)
    local = now.astimezone(local_zone)
    if not in_quiet_hours(found.quiet_from, found.quiet_until, local.time().replace(tzinfo=None)):
        return None
    end = dt.datetime.combine(local.date(), found.quiet_until, tzinfo=local_zone)
    if end <= local:
        end += dt.timedelta(days=1)
    return end


def end_of_local_day(member: Any, day: dt.date) -> dt.datetime:
    """When `day` ends on the member's clock: a check-in reminder for it is of no use after."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone(member.time_zone))


def deliver(
    member: Any,
    *,
    to: str,
    subject: str,
    body: str,
    html: str = "",
    expires_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Send, hold or drop one email to `member` (call it after the commit); says which."""
    now = now or timezone.now()
    if on_a_break(member, now):
        return DROPPED
    release_at = quiet_until(member, now)
    if release_at is None:
        send_mail(subject, body, None, [to], html_message=html or None)
        return SENT
    if expires_at is not None and expires_at <= release_at:
        return DROPPED
    HeldEmail.objects.create(
        user=member, to=to, subject=subject, body=body, html=html, send_after=release_at, expires_at=expires_at
    )
    return HELD


def release_held_emails(now: dt.datetime | None = None) -> int:
    """Send the held emails whose quiet hours are over, forget those no longer of use; returns how
    many were sent."""
    now = now or timezone.now()
    sent = 0
    for held in HeldEmail.objects.filter(send_after__lte=now).select_related("user").order_by("send_after")[:500]:
        with transaction.atomic():
            # Race: two workers releasing at once; whoever deletes the row sends it.
            claimed, _ = HeldEmail.objects.filter(pk=held.pk).delete()
        if not claimed:
            continue
        expired = held.expires_at is not None and held.expires_at <= now
        if expired or not held.user.is_active or on_a_break(held.user, now):
            continue
        try:
            send_mail(held.subject, held.body, None, [held.to], html_message=held.html or None)
        except Exception:
            # The mail server is away: hold it again for the next run instead of losing it, and
            # go on with the others.
            log.exception("a held email could not be sent; held again")
            held.pk = None
            held.send_after = now + RETRY_AFTER
            held.save()
            continue
        sent += 1
    return sent
