"""Building chat series and sessions for tests through the real actions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from hearth.accounts.models import User
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatSeries, LiveChat
from hearth.chats.schedule import zone
from hearth.communities.access import access_for
from hearth.communities.models import Community


def make_series(
    founder: User,
    community: Community,
    *,
    tag: str = "LupusChat",
    starts: datetime | None = None,
    time_zone: str = "America/New_York",
    frequency: str = "weekly",
    topics_ahead_days: int | None = None,
    **options: Any,
) -> ChatSeries:
    """A series whose first session starts at `starts` (default: in two days), hosted by the
    founder unless `hosts` names others."""
    starts = starts or timezone.now() + timedelta(days=2)
    local = starts.astimezone(zone(time_zone))
    return actions.do_create_series(
        founder,
        access_for(founder, community),
        actions.SeriesInput(
            title=options.pop("title", "Lupus chat"),
            tag=tag,
            time_zone=time_zone,
            first_date=local.date(),
            start_time=local.time().replace(second=0, microsecond=0),
            frequency=frequency,
            topics_ahead_days=topics_ahead_days,
            **options,
        ),
    )


def make_live_chat(
    founder: User,
    community: Community,
    *,
    started_minutes_ago: int = 10,
    topics: tuple[str, ...] = ("How did you learn you had lupus?", "What helps on a bad day?"),
    ended: bool = False,
    **options: Any,
) -> LiveChat:
    """A one-off session that started a few minutes ago (so it is live), with topics written.
    `ended` moves it into the past afterwards (a schedule cannot be created there)."""
    starts = timezone.now() - timedelta(minutes=started_minutes_ago)
    series = make_series(founder, community, starts=starts, frequency="once", **options)
    chat = actions.live_chat_on(series, starts.astimezone(zone(series.time_zone)).date())
    assert chat is not None
    if topics:
        actions.do_save_topics(founder, chat_access(founder, series), chat, list(topics))
    if ended:
        chat.starts_at = timezone.now() - timedelta(minutes=90)
        chat.ends_at = chat.starts_at + series.duration
        chat.save(update_fields=["starts_at", "ends_at"])
    return chat
