"""Sending members' chat reminders when their moment comes: a notification here, an email, or both,
with the session's time on the member's own clock and on the series'.

The job queue calls `send_due_reminders` every minute. Each reminder is claimed for its session by
one conditional UPDATE before anything is sent, so two workers (or a slow run overlapping the next)
never remind a member twice of the same session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from hearth.accounts.models import User
from hearth.chats import actions
from hearth.chats.models import ChatReminder, ChatSeries
from hearth.chats.schedule import Session
from hearth.communities.access import access_for
from hearth.lib.zones import zone
from hearth.notifications.actions import notify
from hearth.notifications.models import Kind
from hearth.wellbeing.breaks import on_a_break
from hearth.wellbeing.quiet import deliver


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind every member whose reminder is due at `now`; returns how many were reminded."""
    now = now or timezone.now()
    sent = 0
    for reminder, session in actions.due_reminders(now):
        if remind(reminder, session, now):
            sent += 1
    return sent


def remind(reminder: ChatReminder, session: Session, now: datetime) -> bool:
    """Remind one member of one session, unless they may no longer read its community or have
    been reminded of it already; True if they were reminded now."""
    member = reminder.user
    series = session.series
    # Access is decided now, not when the reminder was set: a member who left a closed community,
    # or whose account was closed, hears nothing more of its chats.
    if not member.is_active or not access_for(member, series.community).can_read:
        return False
    if on_a_break(member, now):  # not claimed: should the break end before the session, the reminder still comes
        return False
    with transaction.atomic():
        claimed = (
            ChatReminder.objects.filter(pk=reminder.pk)
            .exclude(last_sent_for=session.date)
            .update(last_sent_for=session.date)
        )
        if claimed != 1:  # another worker reminded them of this session already
            return False
        chat = actions.live_chat_on(series, session.date)
        if reminder.in_app:
            notify(member, Kind.CHAT_REMINDER, community=series.community, live_chat=chat)
        if reminder.by_email and _has_verified_address(member):
            email = ReminderEmail.of(member, series, session, now)
            # robust: a mail server refusing one message must not stop the other members' reminders
            transaction.on_commit(partial(email.send, member, session.starts_at, now), robust=True)
    return True


def _has_verified_address(member: User) -> bool:
    return bool(EmailAddress.objects.filter(user=member, email__iexact=member.email, verified=True).exists())


@dataclass(frozen=True)
class ReminderEmail:
    to: str
    subject: str
    body: str

    @classmethod
    def of(cls, member: User, series: ChatSeries, session: Session, now: datetime) -> ReminderEmail:
        theirs = session.starts_at.astimezone(zone(member.time_zone))
        ours = session.starts_at.astimezone(zone(series.time_zone))
        today = now.astimezone(zone(member.time_zone)).date()
        days = (theirs.date() - today).days
        when = (
            f"at {theirs:%H:%M}"
            if days == 0
            else f"tomorrow at {theirs:%H:%M}"
            if days == 1
            else f"on {theirs:%A %-d %B} at {theirs:%H:%M}"
        )
        base = settings.SITE_URL
        body = render_to_string(
            "chats/reminder_email.txt",
            {
                "member": member,
                "series": series,
                "when": when,
                "your_time": f"{theirs:%A %-d %B %Y, %H:%M} ({member.time_zone or 'UTC'})",
                "series_time": f"{ours:%A %-d %B %Y, %H:%M} ({series.time_zone})",
                "same_zone": theirs.utcoffset() == ours.utcoffset() and member.time_zone == series.time_zone,
                "room_url": base + session.get_absolute_url(),
                "series_url": base + series.get_absolute_url(),
                "site_name": settings.SITE_NAME,
            },
        )
        return cls(to=member.email, subject=f"#{series.tag} starts {when}", body=body)

    def send(self, member: User, starts_at: datetime, now: datetime | None = None) -> None:
        """Sent now, or held by quiet hours until they end if the session has not started by then."""
        deliver(member, to=self.to, subject=self.subject, body=self.body, expires_at=starts_at, now=now)
