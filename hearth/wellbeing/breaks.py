"""Taking a break: the one place that says whether a member is on one (`on_a_break`), taking and
ending one, and the welcome back that follows.

During a break notifications are still written, quietly: the badge does not show them and no
email is sent (reminders, whose moment passes, are not written at all). On the first visit to
the feed after the break the member sees "Welcome back" with how many waited, counts only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.lib.zones import zone
from hearth.wellbeing.models import Break

MAX_BREAK_DAYS = 90
PERIODS = {"3d": ("3 days", 3), "1w": ("a week", 7), "2w": ("two weeks", 14), "1m": ("a month", 30)}


def current_break(member: Any, now: dt.datetime | None = None) -> Break | None:
    if member is None or not getattr(member, "is_authenticated", False):
        return None
    return Break.objects.current(now).filter(user=member).order_by("-ends_at").first()


def on_a_break(member: Any, now: dt.datetime | None = None) -> bool:
    """Whether `member` is taking a break at `now`: everyone that sends, pauses or counts asks here."""
    if member is None or not getattr(member, "is_authenticated", False):
        return False
    return Break.objects.current(now).filter(user=member).exists()


def break_end(
    member: Any, *, period: str = "", until: dt.date | None = None, now: dt.datetime | None = None
) -> dt.datetime:
    """When a break chosen as a period ("2w") or as a last day ends; refuses anything else."""
    now = now or timezone.now()
    if bool(period) == (until is not None):
        raise ValidationError("Choose how long: a period, or a date.", code="choose")
    if period:
        if period not in PERIODS:
            raise ValidationError("Choose 3 days, a week, two weeks or a month.", code="period")
        return now + dt.timedelta(days=PERIODS[period][1])
    if until is None:  # pragma: no cover  (one of the two is given, checked above)
        raise ValidationError("Choose a date.", code="until")
    local_zone = zone(member.time_zone)
    today = now.astimezone(local_zone).date()
    if until <= today:
        raise ValidationError("Choose a day after today.", code="until")
    if until > today + dt.timedelta(days=MAX_BREAK_DAYS):
        raise ValidationError(f"A break lasts at most {MAX_BREAK_DAYS} days.", code="until")
    # "Until 1 July" means back on 1 July: the break ends as that day starts on the member's clock.
    return dt.datetime.combine(until, dt.time.min, tzinfo=local_zone)


def do_take_break(
    member: Any, *, period: str = "", until: dt.date | None = None, now: dt.datetime | None = None
) -> Break:
    """Start a break now; a break already going on is replaced (no welcome back in between)."""
    now = now or timezone.now()
    ends_at = break_end(member, period=period, until=until, now=now)
    with transaction.atomic():
        # Race: a double click must leave one break going, not two; the member's row is the lock.
        get_user_model().objects.select_for_update().filter(pk=member.pk).first()
        Break.objects.current(now).filter(user=member).update(ended_at=now, welcomed_at=now)
        return Break.objects.create(user=member, starts_at=now, ends_at=ends_at)


def do_end_break(member: Any, now: dt.datetime | None = None) -> Break:
    """End the current break early; the welcome back shows next."""
    now = now or timezone.now()
    taking = current_break(member, now)
    if taking is None:
        raise ValidationError("You are not taking a break.", code="not_found")
    # Every break going on ends (there is one, unless two were started at once before the lock).
    Break.objects.current(now).filter(user=member).update(ended_at=now)
    taking.ended_at = now
    return taking


# What waited, as the welcome back says it: a count and words for each kind of notification.
_WAITED = {
    "reply": ("reply in a thread you follow", "replies in threads you follow"),
    "mention": ("mention of you", "mentions of you"),
    "direct_message": ("message", "messages"),
    "connection_request": ("request to connect", "requests to connect"),
    "connection_accepted": ("accepted request to connect", "accepted requests to connect"),
    "join_approved": ("answer to a request to join", "answers to requests to join"),
    "join_declined": ("answer to a request to join", "answers to requests to join"),
}


@dataclass(frozen=True)
class WelcomeBack:
    away_since: dt.datetime
    lines: tuple[str, ...]  # "3 replies in threads you follow"; empty when nothing waited
    unread: int


def welcome_back(member: Any, now: dt.datetime | None = None) -> WelcomeBack | None:
    """The welcome back after a break that is over and not welcomed yet, marked shown; else None."""
    from hearth.notifications.models import Notification

    now = now or timezone.now()
    if member is None or not getattr(member, "is_authenticated", False):
        return None
    candidates = Break.objects.filter(user=member, welcomed_at__isnull=True, starts_at__lte=now)
    over = [taken for taken in candidates.order_by("-starts_at")[:5] if taken.over_at <= now]
    if not over:
        return None
    latest = over[0]
    claimed = Break.objects.filter(pk__in=[taken.pk for taken in over], welcomed_at__isnull=True).update(
        welcomed_at=now
    )
    if not claimed:  # another request showed it a moment ago
        return None
    waiting = Notification.objects.visible_to(member).filter(
        created_at__gte=latest.starts_at, created_at__lt=latest.over_at
    )
    unread = waiting.unread()
    by_kind = Counter(unread.values_list("kind", flat=True))
    phrases: Counter[tuple[str, str]] = Counter()
    for kind, count in by_kind.items():
        if kind in _WAITED:  # reminders are not written during a break; others are not "waiting"
            phrases[_WAITED[kind]] += count
    lines = tuple(f"{count} {one if count == 1 else many}" for (one, many), count in phrases.most_common())
    return WelcomeBack(away_since=latest.starts_at, lines=lines, unread=sum(by_kind.values()))
