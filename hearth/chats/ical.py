"""iCalendar feeds (RFC 5545) of chat series, as calendar programs subscribe to them.

Each series is one recurring event in its own time zone, with its rule written out by
`Rule.rrule_text`, so a calendar program expands it to the same sessions Hearth computes: 21:00 in
New York stays 21:00 across daylight-saving changes. Cancelled sessions are exceptions (EXDATE);
a session a host moved is an overriding event (RECURRENCE-ID). Each zone used is described in a
VTIMEZONE for the programs that do not know zones by name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vRecur

from hearth.chats.models import ChatSeries, LiveChat
from hearth.chats.schedule import Rule, zone

PRODID = "-//Hearth//Live chats//EN"
REFRESH = timedelta(hours=1)  # how often subscribed calendar programs should fetch again
ZONES_UNTIL = date(2038, 1, 1)  # VTIMEZONEs describe changes up to here (or a later `until`)
_PORT = re.compile(r":\d+$")


@dataclass(frozen=True)
class Site:
    """Where the feed is served: page URLs are made absolute with `base_url` (no trailing
    slash), and event UIDs end with `host` so they stay the same from one fetch to the next."""

    base_url: str
    host: str

    @classmethod
    def of(cls, base_url: str, host: str) -> Site:
        return cls(base_url=base_url.rstrip("/"), host=_PORT.sub("", host) or "hearth")


def uid_of(series: ChatSeries, site: Site) -> str:
    return f"chat-series-{series.pk}@{site.host}"


def feed(series_list: Iterable[ChatSeries], *, name: str, site: Site, now: datetime) -> bytes:
    """The calendar of these series, ready to serve as text/calendar."""
    series_list = list(series_list)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    sessions = _saved_sessions(series_list)
    for series in series_list:
        for event in _events(series, sessions.get(series.pk, []), site, now):
            calendar.add_component(event)
    if series_list:
        first = min(series.first_date for series in series_list) - timedelta(days=1)
        last = max([ZONES_UNTIL, *(series.until + timedelta(days=1) for series in series_list if series.until)])
        calendar.add_missing_timezones(first_date=first, last_date=last)
    feed: bytes = calendar.to_ical()
    return feed


def _saved_sessions(series_list: list[ChatSeries]) -> dict[int, list[LiveChat]]:
    """The saved sessions that differ from the rule in a way a calendar shows: cancelled, or at
    another time. One query for all the series."""
    found: dict[int, list[LiveChat]] = defaultdict(list)
    rows = LiveChat.objects.filter(series__in=[series.pk for series in series_list]).only(
        "series_id", "date", "starts_at", "ends_at", "cancelled_at"
    )
    for chat in rows.order_by("date"):
        found[chat.series_id].append(chat)
    return found


def _events(series: ChatSeries, saved: list[LiveChat], site: Site, now: datetime) -> list[Event]:
    rule = Rule.of(series)
    local = zone(series.time_zone)

    def at(moment: datetime) -> datetime:
        return moment.astimezone(local)

    def on(day: date) -> datetime:
        """The rule's local start on that date, as written (what DTSTART, EXDATE and
        RECURRENCE-ID name): the wall time, even one a spring-forward change skips, so that
        calendar programs and `Rule.starts_at` read it alike."""
        return datetime.combine(day, series.start_time, tzinfo=local)

    recurring = rule.rrule_text()
    own = [chat for chat in saved if rule.includes(chat.date)]  # a date the rule dropped is no session
    event = _event(series, site, now)
    if recurring is None:
        # A one-off is its own session: its saved times and state are the event's.
        chat = next((chat for chat in own if chat.date == series.first_date), None)
        event.add("dtstart", at(chat.starts_at) if chat else on(series.first_date))
        event.add("duration", chat.ends_at - chat.starts_at if chat else series.duration)
        if chat is not None and chat.cancelled_at is not None:
            event["status"] = "CANCELLED"
        return [event]
    event.add("dtstart", on(series.first_date))
    event.add("duration", series.duration)
    event.add("rrule", vRecur.from_ical(recurring))
    cancelled = [on(chat.date) for chat in own if chat.cancelled_at is not None]
    if cancelled:
        event.add("exdate", cancelled)
    events = [event]
    for chat in own:
        if chat.cancelled_at is None and (
            chat.starts_at != rule.starts_at(chat.date) or chat.ends_at - chat.starts_at != series.duration
        ):
            moved = _event(series, site, now)
            moved.add("recurrence-id", on(chat.date))
            moved.add("dtstart", at(chat.starts_at))
            moved.add("duration", chat.ends_at - chat.starts_at)
            events.append(moved)
    return events


def _event(series: ChatSeries, site: Site, now: datetime) -> Event:
    url = site.base_url + series.get_absolute_url()
    event = Event()
    event.add("uid", uid_of(series, site))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("summary", f"#{series.tag}: {series.title}")
    description = [series.description.strip()] if series.description.strip() else []
    description.append(f"A live chat of {series.community.name}. Topics, the room and past transcripts: {url}")
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    event.add("status", "CANCELLED" if series.cancelled_at is not None else "CONFIRMED")
    return event
