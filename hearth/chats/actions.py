"""Writes to live chats: series, sessions, topics, messages and the host's controls, reminders and
calendar keys.

Every action asks the access policy (access.py) first; views, the API, the WebSocket consumer and
the job queue call the same functions. Frames reach the room after commit (events.py), so nobody
sees a message that rolled back; a message is accepted once its row is written, so a worker that
restarts loses nothing a client was told was accepted.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.chats import events
from hearth.chats.access import ChatAccess, may_post
from hearth.chats.models import (
    CalendarKey,
    ChatMessage,
    ChatReminder,
    ChatSeries,
    Frequency,
    LiveChat,
    Participant,
    State,
    Topic,
)
from hearth.chats.schedule import Rule, time_zone_names, upcoming, zone
from hearth.communities.access import CommunityAccess
from hearth.communities.models import Membership
from hearth.lib.markdown import render, tag_from
from hearth.lib.page_cache import forget_visitor_pages
from hearth.lib.ratelimit import Limit, RateLimited, hit
from hearth.lib.text import refuse_nul
from hearth.moderation import safeguards

MAX_TITLE = 120
MAX_DESCRIPTION = 2000
MAX_MESSAGE = 2000
MAX_TOPIC = 280
MAX_TOPICS = 12
MAX_REASON = 200
MESSAGE_LIMITS = (Limit(count=10, seconds=10), Limit(count=200, seconds=3600))
PRESENCE_WINDOW = timedelta(minutes=2)  # seen this recently: in the room now
DURATIONS = (15, 240)
SLOW_MODE_MAX = 300
EARLIEST_DATE = date(2000, 1, 1)
LATEST_AHEAD = timedelta(days=3653)  # ten years


class TooLong(ValidationError):  # noqa: N818  (a ValidationError, named for what is wrong)
    """Text over its limit: the API answers 422 (413 for a message's body) with the limit."""


class ChatClosed(ValidationError):  # noqa: N818
    """Posting to a session that is not live (not started, ended, cancelled) or while muted."""


# Chats word the refusal their own way, and the room's WebSocket passes the code on to the page.
_no_nul = partial(refuse_nul, message="Text cannot contain a NUL character.", code="null_characters")


# --- Series ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesInput:
    title: str
    tag: str
    time_zone: str
    first_date: date
    start_time: time
    description: str = ""
    duration_minutes: int = 60
    frequency: str = Frequency.WEEKLY
    interval: int = 1
    monthly_last: bool = False
    until: date | None = None
    topic_interval_minutes: int | None = None
    topics_ahead_days: int | None = None
    hosts: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()

    @property
    def rule(self) -> Rule:
        return Rule(
            first_date=self.first_date,
            start_time=self.start_time,
            time_zone=self.time_zone,
            frequency=self.frequency,
            interval=self.interval,
            monthly_last=self.monthly_last,
            until=self.until if self.frequency != Frequency.ONCE else None,
        )


@dataclass(frozen=True)
class CheckedSeries:
    slug: str
    tag: str
    title: str
    hosts: list[User] = field(default_factory=list)
    guests: list[User] = field(default_factory=list)


def _members_named(community_access: CommunityAccess, handles: tuple[str, ...], what: str) -> list[User]:
    wanted = [handle.strip().removeprefix("@") for handle in handles if handle.strip()]
    found = {
        user.handle.lower(): user
        for user in User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(community=community_access.community).values("user_id"),
        ).filter(handle__in=[*wanted, *(h.lower() for h in wanted)])
    }
    if len(wanted) != len({*wanted}):
        raise ValidationError(f"A {what} is named twice.", code="duplicate")
    missing = [handle for handle in wanted if handle.lower() not in found]
    if missing:
        raise ValidationError(
            f"{', '.join('@' + h for h in missing)}: not a member of this community, so cannot be a {what}.",
            code=f"unknown_{what.replace(' ', '_')}",
        )
    return [found[handle.lower()] for handle in wanted]


def check_series_input(
    community_access: CommunityAccess,
    data: SeriesInput,
    *,
    series: ChatSeries | None = None,
    now: datetime | None = None,
) -> CheckedSeries:
    now = now or timezone.now()
    if not community_access.can_moderate:
        raise ValidationError("Only the community's founders and moderators schedule chats.", code="forbidden")
    _no_nul(data.title, data.tag, data.description, data.time_zone, *data.hosts, *data.guests)
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError("Give the chat a title.", code="empty_title")
    if len(title) > MAX_TITLE:
        raise TooLong(f"A title has at most {MAX_TITLE} characters (this one has {len(title)}).")
    if len(data.description) > MAX_DESCRIPTION:
        raise TooLong(f"A description has at most {MAX_DESCRIPTION:,} characters.")
    raw_tag = data.tag.strip().removeprefix("#")
    slug = tag_from(raw_tag)
    if slug is None:
        raise ValidationError(
            "A tag is 2 to 50 letters, digits or underscores, starting with a letter, like #LupusChat.",
            code="bad_tag",
        )
    taken = ChatSeries.objects.filter(community=community_access.community, slug=slug)
    if series is not None:
        taken = taken.exclude(pk=series.pk)
    if taken.exists():
        raise ValidationError(f"#{raw_tag} is already the tag of another chat in this community.", code="tag_taken")
    if data.time_zone not in time_zone_names():
        raise ValidationError("Choose a time zone from the list, such as America/New_York.", code="bad_time_zone")
    if not DURATIONS[0] <= data.duration_minutes <= DURATIONS[1]:
        raise ValidationError(f"A chat lasts from {DURATIONS[0]} to {DURATIONS[1]} minutes.", code="bad_duration")
    if data.frequency not in Frequency.values:
        raise ValidationError("Choose how often the chat meets.", code="bad_frequency")
    if not 1 <= data.interval <= 12:
        raise ValidationError("Repeat every 1 to 12 weeks or months.", code="bad_interval")
    rule = data.rule
    if data.monthly_last and (
        data.frequency != Frequency.MONTHLY or (data.first_date + timedelta(days=7)).month == data.first_date.month
    ):
        raise ValidationError(
            "“Last weekday of the month” needs a monthly chat whose first date is in the month's last seven days.",
            code="bad_monthly_last",
        )
    if data.frequency == Frequency.MONTHLY and rule.nth_weekday == 5:
        raise ValidationError(
            "Few months have a 5th such weekday: choose “the last” weekday of the month instead.",
            code="bad_monthly_nth",
        )
    if data.topic_interval_minutes is not None and not 1 <= data.topic_interval_minutes <= data.duration_minutes:
        raise ValidationError(
            "Release topics every 1 minute or more, within the chat's length.", code="bad_topic_interval"
        )
    if data.topics_ahead_days is not None and not 0 <= data.topics_ahead_days <= 60:
        raise ValidationError("Topics can be shown up to 60 days ahead.", code="bad_topics_ahead")
    today = now.astimezone(zone(data.time_zone)).date()
    if not (EARLIEST_DATE <= data.first_date <= today + LATEST_AHEAD):
        raise ValidationError(
            f"Choose a first date between {EARLIEST_DATE.year} and ten years from now.", code="bad_first_date"
        )
    if rule.until is not None and rule.until > data.first_date + LATEST_AHEAD:
        raise ValidationError("The last date can be at most ten years after the first.", code="bad_until")
    if rule.until is not None and rule.until < data.first_date:
        raise ValidationError("The last date comes before the first one: no chat would take place.", code="bad_until")
    future = rule.next_dates(max(data.first_date, now.astimezone(zone(rule.time_zone)).date() - timedelta(days=1)), 3)
    if not any(rule.starts_at(day) + timedelta(minutes=data.duration_minutes) > now for day in future):
        raise ValidationError("This schedule has no session still to come. Check the dates.", code="no_sessions")
    hosts = _members_named(community_access, data.hosts, "host")
    guests = _members_named(community_access, data.guests, "guest expert")
    return CheckedSeries(slug=slug, tag=raw_tag, title=title, hosts=hosts, guests=guests)


def _apply(series: ChatSeries, data: SeriesInput, checked: CheckedSeries) -> None:
    series.title = checked.title
    series.tag = checked.tag
    series.slug = checked.slug
    series.description = data.description.strip()
    series.time_zone = data.time_zone
    series.first_date = data.first_date
    series.start_time = data.start_time
    series.duration_minutes = data.duration_minutes
    series.frequency = data.frequency
    series.interval = data.interval if data.frequency != Frequency.ONCE else 1
    series.monthly_last = data.monthly_last
    series.until = data.until if data.frequency != Frequency.ONCE else None
    series.topic_interval_minutes = data.topic_interval_minutes
    series.topics_ahead_days = data.topics_ahead_days


def do_create_series(user: User, community_access: CommunityAccess, data: SeriesInput) -> ChatSeries:
    checked = check_series_input(community_access, data)
    series = ChatSeries(community=community_access.community, created_by=user)
    _apply(series, data, checked)
    try:
        with transaction.atomic():
            series.save()
            series.hosts.set(checked.hosts or [user])
            series.guests.set(checked.guests)
            record(user, "chat_series:create", series, community=series.community, tag=series.tag)
    except IntegrityError:  # two founders saving the same tag at once: the unique constraint decides
        raise ValidationError(
            f"#{checked.tag} is already the tag of another chat in this community.", code="tag_taken"
        ) from None
    forget_visitor_pages()
    return series


def do_update_series(user: User, access: ChatAccess, data: SeriesInput) -> ChatSeries:
    """Save new details. Sessions still to come follow the new schedule: saved ones on a date the
    new rule keeps are moved to its time; those on a date it drops are removed, unless people
    already wrote in them."""
    series = access.series
    checked = check_series_input(access.community, data, series=series)
    now = timezone.now()
    with transaction.atomic():
        series = ChatSeries.objects.select_for_update().get(pk=series.pk)  # two hosts saving at once
        _apply(series, data, checked)
        series.save()
        series.hosts.set(checked.hosts or [user])
        series.guests.set(checked.guests)
        rule = Rule.of(series)
        for chat in series.chats.filter(starts_at__gt=now):
            if rule.includes(chat.date):
                chat.starts_at = rule.starts_at(chat.date)
                chat.ends_at = chat.starts_at + series.duration
                chat.save(update_fields=["starts_at", "ends_at"])
            elif not chat.messages.exists():
                chat.delete()
        record(user, "chat_series:update", series, community=series.community)
    forget_visitor_pages()
    return series


def do_cancel_series(user: User, access: ChatAccess, reason: str) -> ChatSeries:
    _check_reason(reason)
    series = access.series
    series.cancelled_at = timezone.now()
    series.cancel_reason = reason.strip()
    with transaction.atomic():
        series.save(update_fields=["cancelled_at", "cancel_reason"])
        record(user, "chat_series:cancel", series, community=series.community, reason=reason.strip())
    forget_visitor_pages()
    return series


def _check_reason(reason: str) -> None:
    _no_nul(reason)
    if len(reason) > MAX_REASON:
        raise TooLong(f"A reason has at most {MAX_REASON} characters.")


# --- Sessions ---------------------------------------------------------------------------------


def live_chat_on(series: ChatSeries, day: date) -> LiveChat | None:
    """The session on that local date, saved on first use; None if the series does not meet then."""
    chat = LiveChat.objects.filter(series=series, date=day).first()
    if chat is None:
        rule = Rule.of(series)
        if not rule.includes(day):
            return None
        starts = rule.starts_at(day)
        try:
            with transaction.atomic():
                chat = LiveChat.objects.create(
                    series=series,
                    community=series.community,
                    date=day,
                    starts_at=starts,
                    ends_at=starts + series.duration,
                )
        except IntegrityError:  # two first visitors at once: the other one saved it
            chat = LiveChat.objects.get(series=series, date=day)
    chat.series = series
    return chat


def do_cancel_session(user: User, access: ChatAccess, chat: LiveChat, reason: str) -> LiveChat:
    if not access.can_manage:
        raise ValidationError("Only founders and moderators cancel a chat.", code="forbidden")
    _check_reason(reason)
    if chat.state_at(timezone.now()) == State.ENDED:
        raise ChatClosed("This chat has already taken place.", code="ended")
    with transaction.atomic():
        chat.cancelled_at = timezone.now()
        chat.cancel_reason = reason.strip()
        chat.save(update_fields=["cancelled_at", "cancel_reason"])
        record(user, "live_chat:cancel", chat, community=chat.community, reason=reason.strip())
        events.send_to_room(chat.pk, events.state_frame(chat, timezone.now()))
    forget_visitor_pages()
    return chat


def do_restore_session(user: User, access: ChatAccess, chat: LiveChat) -> LiveChat:
    if not access.can_manage:
        raise ValidationError("Only founders and moderators restore a chat.", code="forbidden")
    with transaction.atomic():
        chat.cancelled_at = None
        chat.cancel_reason = ""
        chat.save(update_fields=["cancelled_at", "cancel_reason"])
        record(user, "live_chat:restore", chat, community=chat.community)
    forget_visitor_pages()
    return chat


# --- Topics -----------------------------------------------------------------------------------


def do_save_topics(user: User, access: ChatAccess, chat: LiveChat, titles: list[str]) -> list[Topic]:
    """Write the topics still to be released (T1…Tn, numbered after any already released)."""
    if not access.can_run_room:
        raise ValidationError("Only the chat's hosts write its topics.", code="forbidden")
    if chat.state_at(timezone.now()) in (State.ENDED, State.CANCELLED):
        raise ChatClosed("This chat is over: its topics can no longer change.", code="closed")
    _no_nul(*titles)
    cleaned = [" ".join(title.split()) for title in titles]
    cleaned = [title for title in cleaned if title]
    for title in cleaned:
        if len(title) > MAX_TOPIC:
            raise TooLong(f"A topic has at most {MAX_TOPIC} characters.")
    with transaction.atomic():
        chat = LiveChat.objects.select_for_update().get(pk=chat.pk)  # a host releasing a topic meanwhile
        released = list(chat.topics.filter(released_at__isnull=False))
        if len(released) + len(cleaned) > MAX_TOPICS:
            raise ValidationError(f"A chat has at most {MAX_TOPICS} topics.", code="too_many_topics")
        chat.topics.filter(released_at__isnull=True).delete()
        start = max((topic.number for topic in released), default=0)
        topics = [
            Topic.objects.create(live_chat=chat, number=start + index, title=title)
            for index, title in enumerate(cleaned, start=1)
        ]
        record(user, "live_chat:topics", chat, community=chat.community, count=len(topics))
    forget_visitor_pages()
    return [*released, *topics]


def _release(chat: LiveChat, topic: Topic, now: datetime) -> None:
    topic.released_at = now
    topic.save(update_fields=["released_at"])
    chat.current_topic = topic
    chat.save(update_fields=["current_topic"])
    events.send_to_room(chat.pk, events.topic_frame(topic))


def do_release_topic(user: User, access: ChatAccess, chat: LiveChat, number: int | None = None) -> Topic:
    """Release a topic (the next one unless a number is given); it becomes the current one."""
    if not access.can_run_room:
        raise ValidationError("Only the chat's hosts release topics.", code="forbidden")
    now = timezone.now()
    if chat.state_at(now) != State.LIVE:
        raise ChatClosed("Topics are released while the chat is live.", code="not_live")
    with transaction.atomic():
        chat = LiveChat.objects.select_for_update().get(pk=chat.pk)  # two hosts clicking at once
        topics = chat.topics.all()
        topic = (
            topics.filter(number=number).first()
            if number is not None
            else topics.filter(released_at__isnull=True).first()
        )
        if topic is None:
            raise ValidationError("There is no such topic to release.", code="no_topic")
        if topic.released_at is None:
            _release(chat, topic, now)
        elif chat.current_topic_id != topic.pk:  # going back to an earlier topic
            chat.current_topic = topic
            chat.save(update_fields=["current_topic"])
            events.send_to_room(chat.pk, events.topic_frame(topic))
    return topic


def release_due_topics(chat: LiveChat, now: datetime | None = None) -> list[Topic]:
    """Release the topics whose time came on the series' timer (every N minutes from the start)."""
    now = now or timezone.now()
    interval = chat.series.topic_interval_minutes
    if not interval or chat.state_at(now) != State.LIVE:
        return []
    due_count = int((now - chat.starts_at) / timedelta(minutes=interval)) + 1
    if not chat.topics.filter(released_at__isnull=True, number__lte=due_count).exists():
        return []
    released = []
    with transaction.atomic():
        locked = LiveChat.objects.select_for_update().get(pk=chat.pk)  # the timer and a host at once
        for topic in locked.topics.filter(released_at__isnull=True, number__lte=due_count):
            _release(locked, topic, now)
            released.append(topic)
    return released


# --- Messages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Accepted:
    message: ChatMessage
    created: bool  # False when the same client_id was sent before: the first one counts


def _topic_for(chat: LiveChat, number: int | None) -> Topic | None:
    if number is None:
        return Topic.objects.filter(pk=chat.current_topic_id).first() if chat.current_topic_id else None
    topic = chat.topics.filter(number=number, released_at__isnull=False).first()
    if topic is None:
        raise ValidationError(f"T{number} has not been released.", code="no_topic")
    return topic


def check_message(source: str, client_id: str) -> None:
    _no_nul(source, client_id)
    if not source.strip():
        raise ValidationError("Write something before sending.", code="empty")
    if len(source) > MAX_MESSAGE:
        raise TooLong(f"A message has at most {MAX_MESSAGE:,} characters (this one has {len(source):,}).")
    if len(client_id) > 64:
        raise ValidationError("client_id has at most 64 characters.", code="bad_client_id")


def do_post_message(
    user: User, access: ChatAccess, chat: LiveChat, source: str, *, topic: int | None = None, client_id: str = ""
) -> Accepted:
    check_message(source, client_id)
    if client_id:
        earlier = ChatMessage.objects.filter(live_chat=chat, author=user, client_id=client_id).first()
        if earlier is not None:
            return Accepted(message=earlier, created=False)
    now = timezone.now()
    release_due_topics(chat, now)
    if not access.can_post:  # the rest is checked under the session's lock, below
        raise ChatClosed(may_post(access, chat, None, now) or "Join the community to take part.", code="closed")
    hit("chat", user.pk, MESSAGE_LIMITS, what="sent messages")
    screening = safeguards.screen_chat(user, access.community, source)  # watched words, new accounts' links
    rendered = render(source)
    is_guest = _is_guest(access, user)
    try:
        with transaction.atomic():
            # The row lock makes numbers follow commit order: 1, 2, 3… with no gap. The rules are
            # checked again under it, on the session as it is now (a host may have ended it or
            # turned on slow mode), and two messages of one member are checked one after the other.
            locked = LiveChat.objects.select_for_update().get(pk=chat.pk)
            locked.series = chat.series
            _check_may_post(access, locked, Participant.objects.filter(live_chat=chat, user=user).first(), now)
            chosen = _topic_for(locked, topic)
            seq = locked.last_seq + 1
            LiveChat.objects.filter(pk=chat.pk).update(last_seq=seq)
            message = ChatMessage.objects.create(
                live_chat=locked,
                seq=seq,
                author=user,
                topic=chosen,
                source=source,
                html=rendered.html,
                plain_text=rendered.plain_text,
                renderer_version=rendered.version,
                client_id=client_id,
                created_at=now,
            )
            updated = Participant.objects.filter(live_chat=chat, user=user).update(
                message_count=F("message_count") + 1, last_message_at=now, last_seen_at=now
            )
            if not updated:
                Participant.objects.create(
                    live_chat=chat, user=user, message_count=1, last_message_at=now, last_seen_at=now, joined_at=now
                )
            safeguards.apply_chat(message, access.community.community, screening)
            message.live_chat = locked  # the fragment's permalink names the session's series and community
            events.send_to_room(
                chat.pk, lambda: events.message_frame(message, is_guest=is_guest, is_host=access.is_host)
            )
    except IntegrityError:  # the same client_id twice at once: the first one counts
        earlier = ChatMessage.objects.filter(live_chat=chat, author=user, client_id=client_id).first()
        if earlier is None or not client_id:
            raise
        return Accepted(message=earlier, created=False)
    chat.last_seq = seq
    return Accepted(message=message, created=True)


def _check_may_post(access: ChatAccess, chat: LiveChat, participant: Participant | None, now: datetime) -> None:
    refusal = may_post(access, chat, participant, now)
    if refusal:
        raise ChatClosed(refusal, code="closed")
    if chat.slow_mode_seconds and participant and participant.last_message_at:
        wait = participant.last_message_at + timedelta(seconds=chat.slow_mode_seconds) - now
        if wait > timedelta(0):
            seconds = max(1, int(wait.total_seconds() + 0.999))
            raise RateLimited(f"Slow mode is on: you can send your next message in {seconds} s.", seconds)


def _is_guest(access: ChatAccess, user: User) -> bool:
    return access.series.guests.filter(pk=user.pk).exists()


def messages_since(chat: LiveChat, since: int, limit: int = 500) -> list[ChatMessage]:
    return list(
        ChatMessage.objects.filter(live_chat=chat, seq__gt=since)
        .select_related("author", "topic")
        .order_by("seq")[:limit]
    )


def _message(chat: LiveChat, seq: int) -> ChatMessage:
    message = ChatMessage.objects.filter(live_chat=chat, seq=seq).select_related("author", "topic").first()
    if message is None:
        raise ValidationError("There is no such message.", code="no_message")
    return message


def _require_host(access: ChatAccess) -> None:
    if not access.can_run_room:
        raise ValidationError("Only the chat's hosts and the community's moderators do this.", code="forbidden")


def do_hide_message(user: User, access: ChatAccess, chat: LiveChat, seq: int, reason: str = "") -> ChatMessage:
    _require_host(access)
    _check_reason(reason)
    with transaction.atomic():
        message = _message(chat, seq)
        if message.hidden_at is None:
            message.hidden_at = timezone.now()
            message.hidden_by = user
            message.save(update_fields=["hidden_at", "hidden_by"])
            if chat.pinned_id == message.pk:
                LiveChat.objects.filter(pk=chat.pk).update(pinned=None)
                chat.pinned = None
            record(user, "chat_message:hide", message, community=chat.community, reason=reason.strip())
            events.send_to_room(chat.pk, {"type": "hidden", "seq": seq})
    return message


def do_show_message(user: User, access: ChatAccess, chat: LiveChat, seq: int) -> ChatMessage:
    _require_host(access)
    with transaction.atomic():
        message = _message(chat, seq)
        if message.hidden_at is not None:
            message.hidden_at = None
            message.hidden_by = None
            message.save(update_fields=["hidden_at", "hidden_by"])
            record(user, "chat_message:show", message, community=chat.community)
            series = access.series
            is_host = series.hosts.filter(pk=message.author_id).exists()
            is_guest = series.guests.filter(pk=message.author_id).exists()
            events.send_to_room(
                chat.pk, events.message_frame(message, is_guest=is_guest, is_host=is_host) | {"type": "shown"}
            )
    return message


def do_pin_message(user: User, access: ChatAccess, chat: LiveChat, seq: int | None) -> LiveChat:
    """Pin a message at the top of the room (None unpins)."""
    _require_host(access)
    with transaction.atomic():
        message = _message(chat, seq) if seq is not None else None
        if message is not None and message.hidden_at is not None:
            raise ValidationError("A hidden message cannot be pinned.", code="hidden")
        chat.pinned = message
        chat.save(update_fields=["pinned"])
        record(user, "live_chat:pin", chat, community=chat.community, seq=seq)
        events.send_to_room(chat.pk, {"type": "pinned", "seq": seq, "text": message.plain_text if message else None})
    return chat


def do_mute_participant(user: User, access: ChatAccess, chat: LiveChat, handle: str, reason: str = "") -> Participant:
    """Mute a participant for the rest of the session: they can no longer post, and their
    connections to the room are closed."""
    _require_host(access)
    _check_reason(reason)
    member = User.objects.named(handle).first()
    if member is None:
        raise ValidationError("There is no such participant.", code="no_participant")
    if member.pk == user.pk:
        raise ValidationError("You cannot mute yourself.", code="self")
    with transaction.atomic():
        participant, _ = Participant.objects.get_or_create(live_chat=chat, user=member)
        if participant.muted_at is None:
            participant.muted_at = timezone.now()
            participant.save(update_fields=["muted_at"])
            record(user, "chat_participant:mute", participant, community=chat.community, reason=reason.strip())
            events.send_to_member(
                chat.pk, member.pk, {"type": "muted", "detail": "A host muted you for the rest of this chat."}
            )
    return participant


def do_set_slow_mode(user: User, access: ChatAccess, chat: LiveChat, seconds: int) -> LiveChat:
    _require_host(access)
    if not 0 <= seconds <= SLOW_MODE_MAX:
        raise ValidationError(f"Slow mode is from 0 (off) to {SLOW_MODE_MAX} seconds.", code="bad_slow_mode")
    with transaction.atomic():
        chat.slow_mode_seconds = seconds
        chat.save(update_fields=["slow_mode_seconds"])
        record(user, "live_chat:slow_mode", chat, community=chat.community, seconds=seconds)
        events.send_to_room(chat.pk, events.state_frame(chat, timezone.now()))
    return chat


def do_end_chat(user: User, access: ChatAccess, chat: LiveChat) -> LiveChat:
    """End the session early; its transcript is published."""
    _require_host(access)
    now = timezone.now()
    if chat.state_at(now) != State.LIVE:
        raise ChatClosed("Only a live chat can be ended.", code="not_live")
    with transaction.atomic():
        chat = LiveChat.objects.select_for_update().select_related("series").get(pk=chat.pk)
        chat.ended_early_at = now
        chat.save(update_fields=["ended_early_at"])
        record(user, "live_chat:end", chat, community=chat.community)
        events.send_to_room(chat.pk, events.state_frame(chat, now))
    finish_chat(chat, now)
    return chat


# --- Presence ---------------------------------------------------------------------------------


def do_enter_room(user: Any, chat: LiveChat, *, lurking: bool | None = None) -> Participant | None:
    """Note that a member is in the room (page view, WebSocket, heartbeat). Visitors are not
    counted. `lurking` changes whether they are listed."""
    if not getattr(user, "is_authenticated", False):
        return None
    now = timezone.now()
    changes: dict[str, Any] = {"last_seen_at": now}
    if lurking is not None:
        changes["lurking"] = lurking
    if Participant.objects.filter(live_chat=chat, user=user).update(**changes):
        return None if lurking is None else Participant.objects.get(live_chat=chat, user=user)
    try:
        with transaction.atomic():
            return Participant.objects.create(live_chat=chat, user=user, joined_at=now, **changes)
    except IntegrityError:  # two tabs at once
        return None


@dataclass(frozen=True)
class Presence:
    count: int  # everyone in the room now, lurkers included
    listed: list[User]  # those who chose to be seen

    @property
    def lurkers(self) -> int:
        return self.count - len(self.listed)


def presence(chat: LiveChat, now: datetime | None = None) -> Presence:
    now = now or timezone.now()
    here = Participant.objects.filter(live_chat=chat, last_seen_at__gte=now - PRESENCE_WINDOW, muted_at__isnull=True)
    listed = [p.user for p in here.filter(lurking=False).select_related("user").order_by("joined_at")[:200]]
    return Presence(count=here.count(), listed=listed)


# --- Transcripts ------------------------------------------------------------------------------


def transcript_figures(chat: LiveChat) -> dict[str, Any]:
    """Participants, messages, messages per topic, first-time participants, busiest minute."""
    shown = list(chat.messages.filter(hidden_at__isnull=True).values_list("created_at", "topic__number"))
    participants = list(chat.participants.values_list("user_id", flat=True))
    earlier = set(
        Participant.objects.filter(live_chat__series=chat.series, live_chat__starts_at__lt=chat.starts_at)
        .filter(user_id__in=participants)
        .values_list("user_id", flat=True)
    )
    per_topic: Counter[int | None] = Counter(number for _, number in shown)
    zone_name = chat.series.time_zone
    minutes = Counter(created.astimezone(zone(zone_name)).strftime("%H:%M") for created, _ in shown)
    busiest = minutes.most_common(1)
    return {
        "participants": len(participants),
        "posters": chat.messages.filter(hidden_at__isnull=True).values("author").distinct().count(),
        "messages": len(shown),
        "messages_per_topic": [
            {
                "topic": topic.number,
                "label": topic.label,
                "title": topic.title,
                "messages": per_topic.get(topic.number, 0),
            }
            for topic in chat.topics.all()
        ]
        + (
            [{"topic": None, "label": "", "title": "Before or outside the topics", "messages": per_topic[None]}]
            if per_topic.get(None)
            else []
        ),
        "first_time_participants": len(set(participants) - earlier),
        "busiest_minute": {"minute": busiest[0][0], "messages": busiest[0][1], "time_zone": zone_name}
        if busiest
        else None,
    }


def finish_chat(chat: LiveChat, now: datetime | None = None) -> LiveChat:
    """Publish the transcript of a session that is over (idempotent; the job queue calls it for
    sessions that ran their full hour)."""
    now = now or timezone.now()
    if chat.finished_at is not None or chat.state_at(now) != State.ENDED:
        return chat
    with transaction.atomic():
        locked = LiveChat.objects.select_for_update().select_related("series").get(pk=chat.pk)  # timer and host
        if locked.finished_at is None:
            locked.figures = transcript_figures(locked)
            locked.finished_at = now
            locked.save(update_fields=["figures", "finished_at"])
            events.send_to_room(locked.pk, events.state_frame(locked, now))
    forget_visitor_pages()
    return locked


def finish_due_chats(now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = LiveChat.objects.filter(finished_at__isnull=True, cancelled_at__isnull=True).filter(
        Q(ends_at__lte=now) | Q(ended_early_at__lte=now)
    )
    count = 0
    for chat in due.select_related("series")[:200]:
        finish_chat(chat, now)
        count += 1
    return count


def release_all_due_topics(now: datetime | None = None) -> int:
    now = now or timezone.now()
    live = LiveChat.objects.filter(
        starts_at__lte=now,
        ends_at__gt=now,
        cancelled_at__isnull=True,
        ended_early_at__isnull=True,
        series__topic_interval_minutes__isnull=False,
    ).select_related("series")
    return sum(len(release_due_topics(chat, now)) for chat in live)


# --- Reminders and calendar keys --------------------------------------------------------------


def do_set_reminder(
    user: User, access: ChatAccess, *, minutes_before: int = 30, by_email: bool = True, in_app: bool = True
) -> ChatReminder:
    if not access.can_read:
        raise ValidationError("You cannot follow this chat.", code="forbidden")
    if not 5 <= minutes_before <= 7 * 24 * 60:
        raise ValidationError("Remind from 5 minutes to 7 days before.", code="bad_minutes")
    if not (by_email or in_app):
        raise ValidationError("Choose email, a notification here, or both.", code="no_channel")
    reminder, _ = ChatReminder.objects.update_or_create(
        user=user,
        series=access.series,
        defaults={"minutes_before": minutes_before, "by_email": by_email, "in_app": in_app},
    )
    return reminder


def do_remove_reminder(user: User, series: ChatSeries) -> None:
    ChatReminder.objects.filter(user=user, series=series).delete()


def do_new_calendar_key(user: User) -> CalendarKey:
    """A new secret for the member's private feeds; the old one stops working."""
    with transaction.atomic():
        CalendarKey.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        return CalendarKey.objects.create(user=user, secret=secrets.token_urlsafe(24))


def do_revoke_calendar_key(user: User) -> int:
    return CalendarKey.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def calendar_key_of(user: User) -> CalendarKey | None:
    return CalendarKey.objects.filter(user=user, revoked_at__isnull=True).first()


def member_for_calendar_key(secret: str) -> User | None:
    if not secret or len(secret) > 64 or "\x00" in secret:
        return None
    key = CalendarKey.objects.filter(secret=secret, revoked_at__isnull=True).select_related("user").first()
    return key.user if key and key.user.is_active else None


def due_reminders(now: datetime) -> list[tuple[ChatReminder, Any]]:
    """Reminders whose moment has come: (reminder, session) for sessions starting within the
    reminder's lead time and not reminded of yet."""
    found = []
    series_ids = ChatReminder.objects.values_list("series_id", flat=True).distinct()
    for series in ChatSeries.objects.filter(pk__in=series_ids, cancelled_at__isnull=True).select_related("community"):
        # The next session not yet started (one live now does not hide the one after it).
        session = next((one for one in upcoming(series, now, count=2) if one.starts_at > now), None)
        if session is None:
            continue
        for reminder in series.reminders.select_related("user").exclude(last_sent_for=session.date):
            if session.starts_at - timedelta(minutes=reminder.minutes_before) <= now:
                found.append((reminder, session))
    return found
