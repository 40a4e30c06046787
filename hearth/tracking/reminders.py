"""The daily check-in reminder: opt-in, at the member's chosen local time, as a notification and,
if they ask, an email; never on a day they have checked in already, and at most once a day.

The job queue calls `send_due_reminders` every five minutes. Each reminder is claimed for the
member's day by one conditional UPDATE before anything is sent, so two workers (or a slow run
overlapping the next) never remind a member twice on the same day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.lib.zones import zone
from hearth.notifications.actions import notify
from hearth.notifications.models import Kind
from hearth.tracking.models import CheckIn, Reminder
from hearth.wellbeing.breaks import on_a_break
from hearth.wellbeing.quiet import deliver, end_of_local_day


def reminder_of(member: User) -> Reminder:
    """The member's reminder as saved, or the default (off, 20:00) when they never set one."""
    return Reminder.objects.filter(member=member).first() or Reminder(member=member)


def do_set_reminder(member: User, *, enabled: bool, at: dt.time, by_email: bool) -> Reminder:
    """Turn the reminder on or off and choose its time. Turned on (or moved) to a time already
    past today, the first reminder comes tomorrow rather than a few minutes after saving."""
    at = at.replace(second=0, microsecond=0, tzinfo=None)
    with transaction.atomic():
        reminder, _ = Reminder.objects.select_for_update().get_or_create(member=member)
        was_on, was_at = reminder.enabled, reminder.at
        reminder.enabled, reminder.at, reminder.by_email = enabled, at, by_email
        if enabled and (not was_on or was_at != at):
            now = timezone.now().astimezone(zone(member.time_zone))
            if now.time() >= at:
                reminder.last_sent_on = now.date()
        reminder.save()
    return reminder


def _on_a_break(member: User) -> bool:
    """Whether the member is taking a break, when no reminder should reach them (PRODUCT.md,
    journey 9: notifications paused for a while)."""
    return on_a_break(member)


def _local_now(member: User, now: dt.datetime) -> dt.datetime:
    return now.astimezone(zone(member.time_zone))


def due_reminders(now: dt.datetime) -> list[tuple[Reminder, dt.date]]:
    """The reminders whose time has come today on their member's clock, with that day: not sent
    that day yet, the member active, not on a break, and not checked in that day."""
    due: list[tuple[Reminder, dt.date]] = []
    for reminder in Reminder.objects.filter(enabled=True, member__is_active=True).select_related("member"):
        local = _local_now(reminder.member, now)
        if local.time() < reminder.at or (reminder.last_sent_on and reminder.last_sent_on >= local.date()):
            continue
        if _on_a_break(reminder.member):
            continue
        due.append((reminder, local.date()))
    if not due:
        return due
    # One query for all of them: who has checked in on their own today already.
    checked_in = set(
        CheckIn.objects.filter(
            member_id__in=[r.member_id for r, _ in due], day__in={day for _, day in due}
        ).values_list("member_id", "day")
    )
    return [(reminder, day) for reminder, day in due if (reminder.member_id, day) not in checked_in]


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Remind every member whose reminder is due at `now`; returns how many were reminded."""
    now = now or timezone.now()
    return sum(1 for reminder, day in due_reminders(now) if remind(reminder, day))


def remind(reminder: Reminder, day: dt.date) -> bool:
    """Remind one member for their local `day`, unless another worker did; True if reminded now."""
    member = reminder.member
    with transaction.atomic():
        # Race: two workers (or two overlapping runs) found the same reminder due; the UPDATE that
        # changes the row wins. "Before the day", not merely "another day": a member who moves
        # west goes back a day, and must not be reminded of that day twice.
        unsent = Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=day)
        claimed = Reminder.objects.filter(unsent, pk=reminder.pk).update(last_sent_on=day)
        if claimed != 1:
            return False
        notify(member, Kind.CHECK_IN_REMINDER)
        if reminder.by_email and _has_verified_address(member):
            # robust: a mail server refusing one message must not stop the other members' reminders
            # Quiet hours hold it until they end, unless the day is over by then (hearth.wellbeing.quiet).
            transaction.on_commit(partial(ReminderEmail.of(member).send, member, day), robust=True)
    return True


def _has_verified_address(member: User) -> bool:
    return bool(EmailAddress.objects.filter(user=member, email__iexact=member.email, verified=True).exists())


@dataclass(frozen=True)
class ReminderEmail:
    to: str
    subject: str
    body: str
    html: str

    @classmethod
    def of(cls, member: User) -> ReminderEmail:
        base = settings.SITE_URL
        context = {
            "member": member,
            "check_in_url": base + reverse("check_in"),
            "reminder_url": base + reverse("check_in_reminder"),
            "site_name": settings.SITE_NAME,
        }
        return cls(
            to=member.email,
            subject="Time for today's check-in",
            body=render_to_string("tracking/reminder_email.txt", context),
            html=render_to_string("tracking/reminder_email.html", context),
        )

    def send(self, member: User, day: dt.date) -> None:
        deliver(
            member,
            to=self.to,
            subject=self.subject,
            body=self.body,
            html=self.html,
            expires_at=end_of_local_day(member, day),
        )
