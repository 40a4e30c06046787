"""Sessions to come across many series at once, in one query: the upcoming chats directory, a
community's page and the community directory.

`schedule.upcoming` reads one series' saved sessions with a query of its own; a page listing
dozens of series would pay that once per series. Here the series and their saved sessions in the
window (cancellations, sessions a host moved or ended early) come back in a single query, and
the dates themselves are computed from each series' rule, as `schedule.sessions` does.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import F, FilteredRelation, Q, QuerySet

from hearth.chats.models import ChatSeries, LiveChat, State
from hearth.chats.schedule import Rule, Session, zone

MAX_SERIES = 500  # series scanned for one page at most; the soonest sessions of these are shown

_SAVED = {
    "saved_pk": "saved__pk",
    "saved_date": "saved__date",
    "saved_starts_at": "saved__starts_at",
    "saved_ends_at": "saved__ends_at",
    "saved_cancelled_at": "saved__cancelled_at",
    "saved_cancel_reason": "saved__cancel_reason",
    "saved_ended_early_at": "saved__ended_early_at",
    "saved_finished_at": "saved__finished_at",
}


def _with_saved_sessions(series: QuerySet[ChatSeries], after: date, before: date) -> list[ChatSeries]:
    """The series, each carrying `saved` (its saved sessions between the two dates), in one
    query: a row per saved session, or one row for a series without any."""
    rows = (
        series.filter(cancelled_at__isnull=True)
        .select_related("community")
        .annotate(saved=FilteredRelation("chats", condition=Q(chats__date__gte=after, chats__date__lte=before)))
        .annotate(**{name: F(path) for name, path in _SAVED.items()})
        .order_by("pk")
    )
    found: dict[int, ChatSeries] = {}
    for row in rows:
        one = found.get(row.pk)
        if one is None:
            if len(found) >= MAX_SERIES:
                break
            one = found[row.pk] = row
            one.saved = {}
        if row.saved_pk is not None:  # type: ignore[attr-defined]
            chat = LiveChat(
                pk=row.saved_pk,  # type: ignore[attr-defined]
                series=one,
                community=one.community,
                date=row.saved_date,  # type: ignore[attr-defined]
                starts_at=row.saved_starts_at,  # type: ignore[attr-defined]
                ends_at=row.saved_ends_at,  # type: ignore[attr-defined]
                cancelled_at=row.saved_cancelled_at,  # type: ignore[attr-defined]
                cancel_reason=row.saved_cancel_reason,  # type: ignore[attr-defined]
                ended_early_at=row.saved_ended_early_at,  # type: ignore[attr-defined]
                finished_at=row.saved_finished_at,  # type: ignore[attr-defined]
            )
            one.saved[chat.date] = chat  # type: ignore[attr-defined]
    return list(found.values())


def _sessions_of(series: ChatSeries, after: date, before: date) -> list[Session]:
    rule = Rule.of(series)
    saved: dict[date, LiveChat] = series.saved  # type: ignore[attr-defined]
    found = []
    for day in rule.dates(after, before):
        chat = saved.get(day)
        starts = chat.starts_at if chat else rule.starts_at(day)
        ends = chat.ends_at if chat else starts + series.duration
        found.append(Session(series=series, date=day, starts_at=starts, ends_at=ends, chat=chat))
    return found


def coming_sessions(
    series: QuerySet[ChatSeries],
    now: datetime,
    *,
    days: int = 14,
    per_series: int | None = None,
    include_cancelled: bool = False,
) -> list[Session]:
    """Sessions of the series (cancelled series left out) not over yet and starting within
    `days`, soonest first; at most `per_series` of each."""
    until = now + timedelta(days=days)
    # Local dates differ from UTC ones by at most a day either way.
    after = now.date() - timedelta(days=2)
    before = until.date() + timedelta(days=1)
    found: list[Session] = []
    for one in _with_saved_sessions(series, after, before):
        local_after = now.astimezone(zone(one.time_zone)).date() - timedelta(days=1)
        local_before = until.astimezone(zone(one.time_zone)).date()
        taken = 0
        for session in _sessions_of(one, local_after, local_before):
            if session.ends_at <= now or session.starts_at >= until:
                continue
            if session.is_cancelled and not include_cancelled:
                continue
            found.append(session)
            taken += 1
            if per_series is not None and taken >= per_series:
                break
    return sorted(found, key=lambda session: (session.starts_at, session.series.title))


def is_live(session: Session, now: datetime) -> bool:
    if session.chat is not None:
        return session.chat.state_at(now) == State.LIVE
    return session.starts_at <= now < session.ends_at


NEXT_CHAT_DAYS = 60  # how far ahead the community directory looks for each community's next chat


def next_chat_by_community(
    user: Any, community_ids: list[int], now: datetime, *, days: int = NEXT_CHAT_DAYS
) -> dict[int, tuple[Session, bool]]:
    """Each community's next session (with whether it is live now), for the communities the
    viewer may read; one query for the whole list."""
    series = ChatSeries.objects.visible_to(user).filter(community_id__in=community_ids)
    found: dict[int, tuple[Session, bool]] = {}
    for session in coming_sessions(series, now, days=days, per_series=1):
        found.setdefault(session.series.community_id, (session, is_live(session, now)))
    return found
