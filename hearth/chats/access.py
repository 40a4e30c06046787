"""Who may see or do what with live chats: the communities' policy, plus hosts.

A chat is content of its community: in closed and private communities only members see it, on
every channel (page, API, transcript, calendar feed, WebSocket). Founders and moderators schedule
series; hosts (and the community's moderators) run the room; members post while it is live,
unless a host muted them for the rest of the session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.http import Http404
from django.utils import timezone

from hearth.chats.models import ChatSeries, LiveChat, Participant, State
from hearth.chats.schedule import HORIZON
from hearth.communities.access import CommunityAccess, Need, access_for, community_for

_SLUG = re.compile(r"\w{1,50}")  # as tag_from makes them: letters of any script, digits, "_"


@dataclass(frozen=True)
class ChatAccess:
    """What one viewer may do with one series (and one of its sessions)."""

    community: CommunityAccess
    series: ChatSeries
    is_host: bool

    @property
    def can_read(self) -> bool:
        return self.community.can_read

    @property
    def can_manage(self) -> bool:
        """Edit or cancel the series, write topics, cancel a session."""
        return self.community.can_moderate

    @property
    def can_run_room(self) -> bool:
        """Release topics, pin, hide, mute, slow mode, end early."""
        return self.is_host or self.community.can_moderate

    @property
    def can_post(self) -> bool:
        return self.community.can_post

    def sees_topics_of(self, chat: LiveChat, now: Any) -> bool:
        """Whether unreleased topics are shown: to those who run the room, and to readers from
        `topics_ahead_days` before the start."""
        if self.can_run_room:
            return True
        days = self.series.topics_ahead_days
        return days is not None and now >= chat.starts_at - timedelta(days=days)


def chat_access(user: Any, series: ChatSeries, community: CommunityAccess | None = None) -> ChatAccess:
    community = community or access_for(user, series.community)
    authenticated = bool(getattr(user, "is_authenticated", False))
    is_host = authenticated and series.hosts.filter(pk=user.pk).exists()
    return ChatAccess(community=community, series=series, is_host=is_host)


def series_for(user: Any, slug: str, series_slug: str, need: Need = Need.READ) -> ChatAccess:
    """Fetch a series by community and tag and authorise the viewer, or answer 404."""
    access = community_for(user, slug, Need.READ)
    series = (
        ChatSeries.objects.filter(community=access.community, slug=series_slug).first()
        if _SLUG.fullmatch(series_slug)
        else None
    )
    if series is None:
        raise Http404
    series.community = access.community
    chat = chat_access(user, series, access)
    if need in (Need.MODERATE, Need.MANAGE) and not chat.can_manage:
        raise Http404
    return chat


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Http404 from None


def session_for(
    user: Any, slug: str, series_slug: str, day: str, need: Need = Need.READ
) -> tuple[LiveChat, ChatAccess]:
    """A session of a series by its local date, saved on first use; 404 for a date the series
    does not meet on."""
    from hearth.chats.actions import live_chat_on

    access = series_for(user, slug, series_slug, need)
    on = parse_date(day)
    if on > timezone.localdate() + HORIZON:  # no room is opened (nor saved) years ahead
        raise Http404
    chat = live_chat_on(access.series, on)
    if chat is None:
        raise Http404
    return chat, access


def live_chat_for(user: Any, chat_id: int) -> tuple[LiveChat, ChatAccess]:
    """A session by id (the WebSocket and the API), or 404 for anyone who may not read it."""
    chat = LiveChat.objects.select_related("series", "community").filter(pk=chat_id).first()
    if chat is None:
        raise Http404
    community = access_for(user, chat.community)
    if not community.can_read:
        raise Http404
    chat.series.community = chat.community
    return chat, chat_access(user, chat.series, community)


def participant_of(user: Any, chat: LiveChat) -> Participant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.filter(live_chat=chat, user=user).first()


def may_post(access: ChatAccess, chat: LiveChat, participant: Participant | None, now: Any) -> str | None:
    """Why this viewer cannot post in this session now, or None if they can."""
    state = chat.state_at(now)
    if state == State.CANCELLED:
        return "This chat was cancelled."
    if state == State.ENDED:
        return "This chat has ended. Its transcript is on the chat's page."
    if state == State.UPCOMING:
        return "This chat has not started yet."
    if not access.can_post:
        if access.community.is_paused:  # muted in the community, or suspended: until when, and why
            return access.community.cannot_post_because
        return "Join the community to take part in its chats."
    if participant is not None and participant.muted_at is not None:
        return "A host muted you for the rest of this chat."
    return None
