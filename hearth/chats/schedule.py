"""When a series meets: its dates, computed in the series' own time zone from an RFC 5545 rule.

A session is "Monday at 21:00 in America/New_York", whatever the offset from UTC is that day, so
the rule runs on local dates and each date is placed in time with the zone's rules for that day:
sessions stay at 21:00 local across daylight-saving changes. The same rule, written out by
`rrule_text`, goes into the calendar feeds, so calendar programs expand it to the same sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from dateutil import rrule

from hearth.lib.zones import time_zone_names, zone

if TYPE_CHECKING:
    from hearth.chats.models import ChatSeries, LiveChat

WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}
HORIZON = timedelta(days=400)  # no look-up searches further ahead than this

__all__ = ["HORIZON", "Rule", "Session", "sessions", "time_zone_names", "upcoming", "zone"]


@dataclass(frozen=True)
class Rule:
    """What the schedule depends on, so a form's data can be checked before any series exists."""

    first_date: date
    start_time: time
    time_zone: str
    frequency: str  # "once", "weekly" or "monthly"
    interval: int = 1
    monthly_last: bool = False
    until: date | None = None

    @classmethod
    def of(cls, series: ChatSeries) -> Rule:
        return cls(
            first_date=series.first_date,
            start_time=series.start_time,
            time_zone=series.time_zone,
            frequency=series.frequency,
            interval=series.interval,
            monthly_last=series.monthly_last,
            until=series.until,
        )

    @property
    def nth_weekday(self) -> int:
        """Which such weekday of its month the first date is: 1…5, or -1 for the last."""
        if self.monthly_last:
            return -1
        return (self.first_date.day - 1) // 7 + 1

    def _rrule(self) -> rrule.rrule:
        start = datetime.combine(self.first_date, time(0, 0))
        until = datetime.combine(self.until, time(0, 0)) if self.until else None
        weekday = WEEKDAYS[self.first_date.weekday()]
        if self.frequency == "monthly":
            return rrule.rrule(
                rrule.MONTHLY, dtstart=start, interval=self.interval, byweekday=weekday(self.nth_weekday), until=until
            )
        if self.frequency == "weekly":
            return rrule.rrule(rrule.WEEKLY, dtstart=start, interval=self.interval, byweekday=weekday, until=until)
        return rrule.rrule(rrule.DAILY, dtstart=start, count=1)

    def dates(self, after: date, before: date) -> list[date]:
        """Dates of the rule from `after` to `before`, both included."""
        found = self._rrule().between(
            datetime.combine(after, time(0, 0)), datetime.combine(before, time(0, 0)), inc=True
        )
        return [moment.date() for moment in found]

    def includes(self, day: date) -> bool:
        return bool(self.dates(day, day))

    def next_dates(self, after: date, count: int) -> list[date]:
        rule = self._rrule()
        found: list[date] = []
        moment = rule.after(datetime.combine(after, time(0, 0)), inc=True)
        limit = datetime.combine(after + HORIZON, time(0, 0))
        while moment is not None and len(found) < count and moment <= limit:
            found.append(moment.date())
            moment = rule.after(moment, inc=False)
        return found

    def starts_at(self, day: date) -> datetime:
        """The moment a session on that local date starts, in UTC. As RFC 5545 says (3.3.5), a
        start time skipped by a spring-forward change is read with the offset before the gap (so
        it moves forward by the gap), and a repeated one means its first occurrence: both are
        what `fold=0` does."""
        return datetime.combine(day, self.start_time, tzinfo=zone(self.time_zone)).astimezone(UTC)

    def describe(self) -> str:
        """ "Every Monday at 21:00", "Every 2 weeks on Tuesday…", "The 2nd Tuesday of every month…"."""
        weekday = WEEKDAY_NAMES[self.first_date.weekday()]
        at = self.start_time.strftime("%H:%M")
        if self.frequency == "weekly":
            every = "Every" if self.interval == 1 else f"Every {self.interval} weeks on"
            return f"{every} {weekday} at {at} ({self.time_zone})"
        if self.frequency == "monthly":
            months = "every month" if self.interval == 1 else f"every {self.interval} months"
            return f"The {ORDINALS[self.nth_weekday]} {weekday} of {months} at {at} ({self.time_zone})"
        return f"Once, on {self.first_date:%A %-d %B %Y} at {at} ({self.time_zone})"

    def rrule_text(self) -> str | None:
        """The rule as RFC 5545 writes it (for calendar feeds); None for a one-off."""
        if self.frequency == "once":
            return None
        code = WEEKDAYS[self.first_date.weekday()].__repr__()  # "MO", "TU", …
        parts = []
        if self.frequency == "weekly":
            parts = ["FREQ=WEEKLY", f"INTERVAL={self.interval}", f"BYDAY={code}"]
        else:
            parts = ["FREQ=MONTHLY", f"INTERVAL={self.interval}", f"BYDAY={self.nth_weekday}{code}"]
        if self.until:
            # With a local start, UNTIL must be in UTC (RFC 5545, 3.3.10): the end of that day.
            last = datetime.combine(self.until, time(23, 59, 59), tzinfo=zone(self.time_zone)).astimezone(UTC)
            parts.append(f"UNTIL={last:%Y%m%dT%H%M%SZ}")
        return ";".join(parts)


@dataclass(frozen=True)
class Session:
    """One date of a series, with its saved row if it has one (topics, messages, a cancellation)."""

    series: ChatSeries
    date: date
    starts_at: datetime
    ends_at: datetime
    chat: LiveChat | None

    @property
    def is_cancelled(self) -> bool:
        return self.chat is not None and self.chat.cancelled_at is not None

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("chat_room", args=[self.series.community.slug, self.series.slug, self.date.isoformat()])


def sessions(series: ChatSeries, after: date, before: date, *, include_cancelled: bool = False) -> list[Session]:
    """The series' sessions between two local dates (included), with their saved rows; a saved
    row's own times count (a host may have moved one session)."""
    rule = Rule.of(series)
    rows = {chat.date: chat for chat in series.chats.filter(date__gte=after, date__lte=before)}
    found = []
    for day in rule.dates(after, before):
        chat = rows.get(day)
        if chat is not None:
            chat.series = series
        if chat is not None and chat.cancelled_at is not None and not include_cancelled:
            continue
        starts = chat.starts_at if chat else rule.starts_at(day)
        ends = chat.ends_at if chat else starts + series.duration
        found.append(Session(series=series, date=day, starts_at=starts, ends_at=ends, chat=chat))
    return found


def upcoming(series: ChatSeries, now: datetime, count: int = 5) -> list[Session]:
    """The next sessions not yet over, cancelled ones left out."""
    if series.cancelled_at is not None:
        return []
    today = now.astimezone(zone(series.time_zone)).date() - timedelta(days=1)
    found: list[Session] = []
    after = today
    while len(found) < count and after <= today + HORIZON:
        chunk_end = after + timedelta(days=120)
        for session in sessions(series, after, chunk_end):
            if session.ends_at > now and len(found) < count:
                found.append(session)
        after = chunk_end + timedelta(days=1)
    return found
