"""API for live chats: series, their sessions, topics, messages and transcripts.

Every lookup goes through `chats/access.py`: whoever may not read a community's chats gets 404, and
so does a reader asking for what only managers or hosts may do. Writes call the same actions as
the pages and the WebSocket room; a message's JSON is the one the room's frames carry.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Body, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, WithJsonSchema

from hearth.accounts.access import member_of
from hearth.api.auth import OPEN_TO_ANYONE, viewer_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    DATE_SCHEMA,
    NOT_BLANK,
    NOT_FOUND,
    READ_ERRORS,
    SAYS_SOMETHING,
    STORABLE,
    WRITE_ERRORS,
    ErrorOut,
    Input,
    IsoDate,
    PageQuery,
    PathId,
    Slug,
    explained,
    storable,
)
from hearth.chats import actions
from hearth.chats.access import ChatAccess, chat_access, live_chat_for
from hearth.chats.events import message_data
from hearth.chats.models import ChatMessage, ChatSeries, Frequency, LiveChat, State, Topic
from hearth.chats.schedule import HORIZON, Rule, Session, sessions, upcoming, zone
from hearth.communities.access import Need, community_for
from hearth.lib.markdown import safe_html
from hearth.lib.ratelimit import RateLimited
from hearth.privacy.figures import shown
from hearth.safety.actions import do_notice_crisis
from hearth.safety.api import CRISIS_FIELD, SafetyCrisisOut, with_crisis
from hearth.safety.models import CheckedContent

router = Router(tags=["chats"])

Viewer = Any  # a member or an anonymous reader, as the access policy takes them

# --- What goes out ----------------------------------------------------------------------------


class SessionItem(Schema):
    """One date of a series, whether or not anyone has opened its room yet."""

    date: dt.date = Field(description="The session's local date, in the series' time zone.")
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: State
    cancelled: bool
    live_chat: int | None = Field(description="The session's id once its room exists (topics written, opened).")
    url: str


class SeriesOut(Schema):
    id: int
    community: str = Field(description="The community's slug.")
    title: str
    description: str
    tag: str = Field(description="As the hosts spell it, without '#'.")
    time_zone: str
    first_date: dt.date
    start_time: str = Field(description="Local time of the start, HH:MM, in `time_zone`.")
    duration_minutes: int
    frequency: Frequency
    interval: int = Field(description="Every N weeks or months.")
    monthly_last: bool = Field(description="Monthly: on the last such weekday of the month.")
    until: dt.date | None
    topic_interval_minutes: int | None = Field(description="Topics are released every N minutes from the start.")
    topics_ahead_days: int | None = Field(description="Members see the topics N days before a session.")
    schedule: str = Field(description="The schedule in words: “Every Monday at 21:00 (America/New_York)”.")
    hosts: list[str] = Field(description="Handles of the hosts.")
    guests: list[str] = Field(description="Handles of the guest experts.")
    cancelled: bool
    cancel_reason: str
    next_session: SessionItem | None
    url: str


class SeriesPage(Schema):
    count: int
    items: list[SeriesOut]


class TopicOut(Schema):
    number: int
    label: str = Field(description="T1, T2…")
    title: str
    released_at: dt.datetime | None


class SessionOut(Schema):
    id: int
    series: int
    community: str = Field(description="The community's slug.")
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime = Field(description="When the room stops taking messages (earlier if a host ended it).")
    state: State
    cancel_reason: str
    topics: list[TopicOut] = Field(
        description="Released topics; the others too for hosts, and for members from the series' "
        "`topics_ahead_days` before the start."
    )
    current_topic: TopicOut | None = Field(description="What answers are tied to unless they name another topic.")
    slow_mode_seconds: int = Field(description="0, or how long each member waits between messages.")
    pinned: int | None = Field(description="The number of the pinned message.")
    last_seq: int = Field(description="The number of the latest message; read on with `since`.")
    transcript_url: str | None = Field(description="The transcript's page, once the session is over.")
    url: str


class MessageOut(Schema):
    """A message as the room's frames carry it. A hidden message keeps its number and loses its
    author and text, so that a client's sequence stays whole."""

    seq: int
    author: str | None = Field(description="The author's handle; null once hidden.")
    author_name: str | None
    topic: int | None = Field(description="The number of the topic it answers.")
    label: str | None = Field(description="A1, A2…: what it answers.")
    html: str
    text: str
    hidden: bool
    created_at: dt.datetime
    url: str


class ChatMessageSentOut(MessageOut):
    crisis: SafetyCrisisOut | None = CRISIS_FIELD


class MessagePage(Schema):
    last_seq: int = Field(
        description="The session's latest number: there is more to read while it is above the last item's."
    )
    items: list[MessageOut]
    url: str = Field(description="The room's page.")


class RetryOut(ErrorOut):
    retry_after: int = Field(description="Seconds to wait before sending again (also in `Retry-After`).")


class TopicMessages(TopicOut):
    messages: list[MessageOut]


class MessagesPerTopic(Schema):
    topic: int | None
    label: str
    title: str
    messages: int


class BusiestMinute(Schema):
    minute: str = Field(description="HH:MM in `time_zone`.")
    messages: int
    time_zone: str


_FEW = "null when it rests on fewer than 10 people, who could otherwise be picked out"


class TranscriptFigures(Schema):
    participants: int | None = Field(description=f"People in the room; {_FEW}.")
    posters: int | None = Field(description=f"People who wrote; {_FEW}.")
    messages: int
    messages_per_topic: list[MessagesPerTopic]
    first_time_participants: int | None = Field(description=f"People at their first session of the series; {_FEW}.")
    busiest_minute: BusiestMinute | None

    @staticmethod
    def of(figures: dict[str, Any]) -> TranscriptFigures:
        people = ("participants", "posters", "first_time_participants")
        return TranscriptFigures(**{**figures, **{name: shown(figures[name]) for name in people}})


class TranscriptOut(Schema):
    """A session that is over: its messages grouped by topic (hidden ones left out) and its figures."""

    id: int
    series: int
    title: str
    tag: str
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    figures: TranscriptFigures
    outside_topics: list[MessageOut] = Field(description="Messages before the first topic or tied to none.")
    topics: list[TopicMessages]
    url: str


def _local_time(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _session_item(session: Session, now: dt.datetime) -> SessionItem:
    chat = session.chat or LiveChat(series=session.series, starts_at=session.starts_at, ends_at=session.ends_at)
    return SessionItem(
        date=session.date,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        state=State(chat.state_at(now)),
        cancelled=chat.state_at(now) == State.CANCELLED,
        live_chat=session.chat.pk if session.chat else None,
        url=session.get_absolute_url(),
    )


def _series_out(series: ChatSeries, now: dt.datetime) -> SeriesOut:
    following = upcoming(series, now, count=1)
    return SeriesOut(
        id=series.pk,
        community=series.community.slug,
        title=series.title,
        description=series.description,
        tag=series.tag,
        time_zone=series.time_zone,
        first_date=series.first_date,
        start_time=_local_time(series.start_time),
        duration_minutes=series.duration_minutes,
        frequency=Frequency(series.frequency),
        interval=series.interval,
        monthly_last=series.monthly_last,
        until=series.until,
        topic_interval_minutes=series.topic_interval_minutes,
        topics_ahead_days=series.topics_ahead_days,
        schedule=Rule.of(series).describe(),
        hosts=[user.handle for user in series.hosts.all()],
        guests=[user.handle for user in series.guests.all()],
        cancelled=series.cancelled_at is not None,
        cancel_reason=series.cancel_reason,
        next_session=_session_item(following[0], now) if following else None,
        url=series.get_absolute_url(),
    )


def _topic_out(topic: Topic) -> TopicOut:
    return TopicOut(number=topic.number, label=topic.label, title=topic.title, released_at=topic.released_at)


def _transcript_url(chat: LiveChat) -> str:
    return reverse("chat_transcript", args=[chat.series.community.slug, chat.series.slug, chat.date.isoformat()])


def _session_out(access: ChatAccess, chat: LiveChat) -> SessionOut:
    now = timezone.now()
    chat.refresh_from_db()  # topics, the pin and the last number may have changed under an action
    chat.series = access.series
    topics = list(chat.topics.all())
    shown = topics if access.sees_topics_of(chat, now) else [t for t in topics if t.released_at is not None]
    current = next((topic for topic in topics if topic.pk == chat.current_topic_id), None)
    state = State(chat.state_at(now))
    pinned = None
    if chat.pinned_id is not None:
        pinned = ChatMessage.objects.filter(pk=chat.pinned_id).values_list("seq", flat=True).first()
    return SessionOut(
        id=chat.pk,
        series=chat.series_id,
        community=access.series.community.slug,
        date=chat.date,
        starts_at=chat.starts_at,
        ends_at=chat.closes_at,
        state=state,
        cancel_reason=chat.cancel_reason or access.series.cancel_reason,
        topics=[_topic_out(topic) for topic in shown],
        current_topic=_topic_out(current) if current else None,
        slow_mode_seconds=chat.slow_mode_seconds,
        pinned=pinned,
        last_seq=chat.last_seq,
        transcript_url=_transcript_url(chat) if state == State.ENDED else None,
        url=chat.get_absolute_url(),
    )


def _message_out(message: ChatMessage) -> MessageOut:
    data = message_data(message)
    # Cleaned again on the way out, as pages do: stored HTML is not trusted blindly.
    data["html"] = str(safe_html(data["html"])) if data["html"] else ""
    return MessageOut(**data, url=message.get_absolute_url())


def transcript_of(chat: LiveChat) -> TranscriptOut:
    """The transcript of a session that is over: the one place that puts it together for the API,
    so that it and the downloads can share a builder."""
    finished = actions.finish_chat(chat)
    finished.series = chat.series
    shown = ChatMessage.objects.filter(live_chat=chat, hidden_at__isnull=True).select_related("author", "topic")
    by_topic: dict[int | None, list[MessageOut]] = {}
    for message in shown.order_by("seq"):
        message.live_chat = chat  # for its url, without fetching the session again
        by_topic.setdefault(message.topic.number if message.topic else None, []).append(_message_out(message))
    topics = [topic for topic in chat.topics.all() if topic.released_at is not None or topic.number in by_topic]
    figures = finished.figures or actions.transcript_figures(finished)
    return TranscriptOut(
        id=chat.pk,
        series=chat.series_id,
        title=chat.series.title,
        tag=chat.series.tag,
        date=chat.date,
        starts_at=chat.starts_at,
        ends_at=finished.closes_at,
        figures=TranscriptFigures.of(figures),
        outside_topics=by_topic.get(None, []),
        topics=[
            TopicMessages(**_topic_out(topic).model_dump(), messages=by_topic.get(topic.number, [])) for topic in topics
        ],
        url=_transcript_url(chat),
    )


# --- What comes in ----------------------------------------------------------------------------


# A query parameter is a string or absent, never null: the document says so.
DateParam = Annotated[IsoDate | None, WithJsonSchema(DATE_SCHEMA)]

Title = Annotated[str, Field(pattern=SAYS_SOMETHING, max_length=actions.MAX_TITLE), NOT_BLANK]
Description = Annotated[
    str, Field(pattern=ANY_TEXT, max_length=actions.MAX_DESCRIPTION, description="Plain text."), STORABLE
]
# The action decides what a tag may be (letters, digits and underscores, starting with a letter).
Tag = Annotated[
    str,
    Field(
        pattern=SAYS_SOMETHING,
        max_length=51,
        description="Like LupusChat (a leading '#' is fine); unique in the community.",
    ),
    NOT_BLANK,
]
TimeZone = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9_+\-/]+$", max_length=64, description="An IANA name, such as America/New_York."),
    explained("Choose a time zone from the list, such as America/New_York."),
]
LocalTime = Annotated[
    str,
    Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM, local time in `time_zone`."),
    explained("Write the local time as HH:MM, without an offset: the time zone says where."),
]
Handle = Annotated[
    str,
    Field(pattern=r"^@?[A-Za-z0-9_.\-]{1,30}$", description="A member's handle."),
    explained("A handle has letters, digits, dots, dashes and underscores."),
]
Handles = Annotated[list[Handle], Field(max_length=20)]
Duration = Annotated[int, Field(ge=actions.DURATIONS[0], le=actions.DURATIONS[1])]
Interval = Annotated[int, Field(ge=1, le=12, description="Every N weeks or months.")]
TopicInterval = Annotated[int, Field(ge=1, le=actions.DURATIONS[1], description="Release topics every N minutes.")]
AheadDays = Annotated[int, Field(ge=0, le=60, description="Show the topics to members N days before.")]
TopicNumber = Annotated[int, Field(ge=1, le=100)]

_FIRST_YEAR, _LAST_YEAR = 2000, 2999  # dates a schedule may name; beyond them the calendar cannot count


class SeriesCreate(Input):
    title: Title
    tag: Tag
    time_zone: TimeZone
    first_date: IsoDate = Field(
        description="The first session's local date; it sets the weekday (and the week of the month)."
    )
    start_time: LocalTime
    description: Description = ""
    duration_minutes: Duration = 60
    frequency: Frequency = Frequency.WEEKLY
    interval: Interval = 1
    monthly_last: bool = Field(
        default=False, description="Monthly: on the last such weekday of the month (the first date must be one)."
    )
    until: IsoDate | None = Field(default=None, description="The last date a session may fall on.")
    topic_interval_minutes: TopicInterval | None = None
    topics_ahead_days: AheadDays | None = None
    hosts: Handles = Field(default_factory=list, description="Members who run the room; you, if none.")
    guests: Handles = Field(default_factory=list, description="Guest experts, shown as such in the room.")


class SeriesPatch(Input):
    """What changes; what is left out stays. For `until`, `topic_interval_minutes` and
    `topics_ahead_days`, null clears the value; for the others, null leaves it as it is."""

    title: Title | None = None
    tag: Tag | None = None
    time_zone: TimeZone | None = None
    first_date: IsoDate | None = None
    start_time: LocalTime | None = None
    description: Description | None = None
    duration_minutes: Duration | None = None
    frequency: Frequency | None = None
    interval: Interval | None = None
    monthly_last: bool | None = None
    until: IsoDate | None = None
    topic_interval_minutes: TopicInterval | None = None
    topics_ahead_days: AheadDays | None = None
    hosts: Handles | None = None
    guests: Handles | None = None


_CLEARABLE = ("until", "topic_interval_minutes", "topics_ahead_days")


class SessionRange(Schema):
    after: DateParam = Field(
        None, description="The first local date (included); if left out, today, or 60 days before `before`."
    )
    before: DateParam = Field(None, description="The last local date (included); 60 days on if left out.")


MAX_RANGE_DAYS = 400
DEFAULT_RANGE_DAYS = 60


def _shifted(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:  # at either end of the calendar
        return dt.date.max if days > 0 else dt.date.min


class TopicsInput(Input):
    titles: list[Annotated[str, Field(pattern=SAYS_SOMETHING, max_length=actions.MAX_TOPIC), NOT_BLANK]] = Field(
        max_length=actions.MAX_TOPICS,
        description="The topics still to be released, in order; they replace the unreleased ones.",
    )


class ReleaseInput(Input):
    number: TopicNumber | None = Field(
        None, description="The topic to release (or go back to); the next one if left out."
    )


class MessageCreate(Input):
    # The length is stated for clients but checked by the action, which answers 413 with the limit.
    body: Annotated[
        str,
        Field(
            pattern=SAYS_SOMETHING,
            description=f"Markdown, at most {actions.MAX_MESSAGE:,} characters.",
            json_schema_extra={"maxLength": actions.MAX_MESSAGE},
        ),
        NOT_BLANK,
    ]
    topic: TopicNumber | None = Field(None, description="The released topic it answers; the current one if left out.")
    client_id: Annotated[
        str,
        Field(
            pattern=storable(),
            max_length=64,
            description="Any unique string (a UUID, say): sending the same one again returns the first message.",
        ),
        STORABLE,
    ] = ""


class MessagesQuery(Schema):
    since: int = Field(0, ge=0, le=2**31 - 1, description="The last number the client has; 0 for all.")
    limit: int = Field(500, ge=1, le=500)


SeriesId = PathId
ChatId = PathId


def _check_dates(*days: dt.date | None) -> None:
    if any(day is not None and not _FIRST_YEAR <= day.year <= _LAST_YEAR for day in days):
        raise HttpError(422, f"Choose dates from {_FIRST_YEAR} to {_LAST_YEAR}.")


def _parse_time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _series_input(data: SeriesCreate) -> actions.SeriesInput:
    _check_dates(data.first_date, data.until)
    return actions.SeriesInput(
        title=data.title,
        tag=data.tag,
        time_zone=data.time_zone,
        first_date=data.first_date,
        start_time=_parse_time(data.start_time),
        description=data.description,
        duration_minutes=data.duration_minutes,
        frequency=data.frequency,
        interval=data.interval,
        monthly_last=data.monthly_last,
        until=data.until,
        topic_interval_minutes=data.topic_interval_minutes,
        topics_ahead_days=data.topics_ahead_days,
        hosts=tuple(data.hosts),
        guests=tuple(data.guests),
    )


def _patched(series: ChatSeries, changes: SeriesPatch) -> actions.SeriesInput:
    """The series' details with the changes applied, as the action checks them."""
    current: dict[str, Any] = {
        "title": series.title,
        "tag": series.tag,
        "time_zone": series.time_zone,
        "first_date": series.first_date,
        "start_time": series.start_time,
        "description": series.description,
        "duration_minutes": series.duration_minutes,
        "frequency": series.frequency,
        "interval": series.interval,
        "monthly_last": series.monthly_last,
        "until": series.until,
        "topic_interval_minutes": series.topic_interval_minutes,
        "topics_ahead_days": series.topics_ahead_days,
        "hosts": tuple(user.handle for user in series.hosts.all()),
        "guests": tuple(user.handle for user in series.guests.all()),
    }
    for name in changes.model_fields_set:
        value = getattr(changes, name)
        if value is None and name not in _CLEARABLE:
            continue
        if name == "start_time":
            value = _parse_time(value)
        elif name in ("hosts", "guests"):
            value = tuple(value)
        current[name] = value
    _check_dates(current["first_date"] if "first_date" in changes.model_fields_set else None, current["until"])
    return actions.SeriesInput(**current)


# What the document cannot know: whether a tag is taken, whether a schedule meets again, who is
# a member. 422 for the rest, with the action's words.
_SERIES_REFUSALS = {"tag_taken": 409}


def _series_query(viewer: Viewer) -> QuerySet[ChatSeries]:
    return ChatSeries.objects.visible_to(viewer).select_related("community").prefetch_related("hosts", "guests")


def _series_or_404(viewer: Viewer, series_id: int, *, manage: bool = False) -> ChatAccess:
    series = _series_query(viewer).filter(pk=series_id).first()
    if series is None:
        raise Http404
    access = chat_access(viewer, series)
    if not access.can_read or (manage and not access.can_manage):
        raise Http404
    return access


def _chat_or_404(viewer: Viewer, chat_id: int, *, run_room: bool = False) -> tuple[LiveChat, ChatAccess]:
    chat, access = live_chat_for(viewer, chat_id)
    if run_room and not access.can_run_room:
        raise Http404
    return chat, access


# --- Endpoints: series ------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/chat-series",
    response={200: SeriesPage, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="A community's chat series",
    description="Cancelled ones too, marked so. 404 for a community whose content the viewer may not read.",
)
def list_series(request: HttpRequest, slug: Slug, page: Query[PageQuery]) -> SeriesPage:
    viewer = viewer_of(request)
    community = community_for(viewer, slug, Need.READ).community
    found = _series_query(viewer).filter(community=community).order_by("cancelled_at", "title", "pk")
    now = timezone.now()
    items = [_series_out(series, now) for series in found[page.offset : page.offset + page.limit]]
    return SeriesPage(count=found.count(), items=items)


@router.post(
    "/communities/{slug}/chat-series",
    response={201: SeriesOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Schedule a chat series (founders and moderators)",
    description=(
        "404 for a community the member does not moderate; 409 for a tag another series of the "
        "community has; 422, with what to change, for a schedule that would never meet, an unknown "
        "time zone, a tag that cannot be one, or a host or guest who is not a member."
    ),
)
def create_series(request: HttpRequest, slug: Slug, data: SeriesCreate) -> Status[SeriesOut]:
    user = member_of(request)
    community = community_for(user, slug, Need.MODERATE)
    with refused_as(_SERIES_REFUSALS, otherwise=422):
        series = actions.do_create_series(user, community, _series_input(data))
    return Status(201, _series_out(_series_or_404(user, series.pk).series, timezone.now()))


@router.get(
    "/chat-series/{series_id}",
    response={200: SeriesOut, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="A chat series",
)
def get_series(request: HttpRequest, series_id: SeriesId) -> SeriesOut:
    return _series_out(_series_or_404(viewer_of(request), series_id).series, timezone.now())


@router.patch(
    "/chat-series/{series_id}",
    response={200: SeriesOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Change a chat series (founders and moderators)",
    description=(
        "Sessions still to come follow the new schedule. 404 for a series the member may not "
        "manage; 409 and 422 as when scheduling."
    ),
)
def update_series(request: HttpRequest, series_id: SeriesId, changes: SeriesPatch) -> SeriesOut:
    user = member_of(request)
    access = _series_or_404(user, series_id, manage=True)
    with refused_as(_SERIES_REFUSALS, otherwise=422):
        actions.do_update_series(user, access, _patched(access.series, changes))
    return _series_out(_series_or_404(user, series_id).series, timezone.now())


# --- Endpoints: sessions ----------------------------------------------------------------------


@router.get(
    "/chat-series/{series_id}/sessions",
    response={200: list[SessionItem], **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="A series' sessions between two dates",
    description=(
        f"Local dates, both included, at most {MAX_RANGE_DAYS} days apart (422 otherwise); none when "
        "`before` comes first. Cancelled sessions are listed, marked so."
    ),
)
def list_sessions(request: HttpRequest, series_id: SeriesId, dates: Query[SessionRange]) -> list[SessionItem]:
    access = _series_or_404(viewer_of(request), series_id)
    series = access.series
    now = timezone.now()
    today = now.astimezone(zone(series.time_zone)).date()
    after, before = dates.after, dates.before
    if after is None:
        after = today if before is None or before >= today else _shifted(before, -DEFAULT_RANGE_DAYS)
    if before is None:
        before = _shifted(after, DEFAULT_RANGE_DAYS)
    if (before - after).days > MAX_RANGE_DAYS:
        raise HttpError(422, f"Ask for at most {MAX_RANGE_DAYS} days at a time.")
    # Only the years a schedule may name: at the ends of the calendar a moment has no UTC time.
    after, before = max(after, dt.date(_FIRST_YEAR, 1, 1)), min(before, dt.date(_LAST_YEAR, 12, 31))
    if before < after:
        return []
    return [_session_item(session, now) for session in sessions(series, after, before, include_cancelled=True)]


@router.get(
    "/chat-series/{series_id}/sessions/{day}",
    response={200: SessionOut, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="One session of a series, by its local date",
    description=(
        "Its room, topics and state. 404 for a date the series does not meet on, or more than "
        f"{HORIZON.days} days ahead."
    ),
)
def get_session(request: HttpRequest, series_id: SeriesId, day: IsoDate) -> SessionOut:
    access = _series_or_404(viewer_of(request), series_id)
    series = access.series
    today = timezone.now().astimezone(zone(series.time_zone)).date()
    if day.year < _FIRST_YEAR or day > today + HORIZON:
        raise Http404
    chat = actions.live_chat_on(series, day)
    if chat is None:
        raise Http404
    return _session_out(access, chat)


@router.get(
    "/live-chats/{chat_id}",
    response={200: SessionOut, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="A session, by its id",
)
def get_live_chat(request: HttpRequest, chat_id: ChatId) -> SessionOut:
    chat, access = _chat_or_404(viewer_of(request), chat_id)
    return _session_out(access, chat)


# --- Endpoints: topics ------------------------------------------------------------------------


@router.put(
    "/live-chats/{chat_id}/topics",
    response={200: SessionOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Write a session's topics (hosts)",
    description=(
        "Released topics stay; the rest are replaced, numbered after them. 404 for a session the "
        f"member does not host or moderate; 409 once it is over, or past {actions.MAX_TOPICS} topics in all."
    ),
)
def save_topics(request: HttpRequest, chat_id: ChatId, data: TopicsInput) -> SessionOut:
    user = member_of(request)
    chat, access = _chat_or_404(user, chat_id, run_room=True)
    with refused_as({}, otherwise=409):
        actions.do_save_topics(user, access, chat, list(data.titles))
    return _session_out(access, chat)


@router.post(
    "/live-chats/{chat_id}/topics/release",
    response={200: SessionOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Release a topic (hosts)",
    description=(
        "The next topic, or the one numbered; it becomes the current topic. 404 for a session the "
        "member does not host or moderate; 409 when it is not live or there is no such topic."
    ),
)
def release_topic(request: HttpRequest, chat_id: ChatId, data: Body[ReleaseInput | None] = None) -> SessionOut:
    user = member_of(request)
    chat, access = _chat_or_404(user, chat_id, run_room=True)
    with refused_as({}, otherwise=409):
        actions.do_release_topic(user, access, chat, data.number if data else None)
    return _session_out(access, chat)


# --- Endpoints: messages ----------------------------------------------------------------------


@router.get(
    "/live-chats/{chat_id}/messages",
    response={200: MessagePage, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="A session's messages after a number",
    description=(
        "Messages numbered above `since`, in order, at most `limit`: a client that lost its "
        "connection asks with the last number it has and misses nothing."
    ),
)
def list_messages(request: HttpRequest, chat_id: ChatId, query: Query[MessagesQuery]) -> MessagePage:
    chat, _ = _chat_or_404(viewer_of(request), chat_id)
    found = actions.messages_since(chat, query.since, query.limit)
    for message in found:
        message.live_chat = chat  # for its url, without fetching the session again
    last_seq = LiveChat.objects.filter(pk=chat.pk).values_list("last_seq", flat=True).get()
    return MessagePage(
        last_seq=last_seq, items=[_message_out(message) for message in found], url=chat.get_absolute_url()
    )


@router.post(
    "/live-chats/{chat_id}/messages",
    response={200: ChatMessageSentOut, 201: ChatMessageSentOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT, 429: RetryOut},
    exclude_unset=True,  # `crisis` only when there is one: see hearth/safety/api.py
    summary="Send a message to a live session",
    description=(
        "201 with the message. 200 with the first one when the same `client_id` was sent before. "
        "404 where the member may not read; 409, saying why, when the session has not started, "
        "has ended or was cancelled, when a host muted the member, for a topic not yet released, "
        "a word the community does not allow or more links than a brand-new account may share, "
        "and for a reader who has not joined the community; 413 over "
        f"{actions.MAX_MESSAGE:,} characters; 422 for an empty message; 429, with `Retry-After` "
        "and `retry_after`, when sending too quickly or in slow mode."
    ),
)
def post_message(
    request: HttpRequest, response: HttpResponse, chat_id: ChatId, data: MessageCreate
) -> Status[ChatMessageSentOut | RetryOut]:
    started = time.perf_counter()
    user = member_of(request)
    chat, access = _chat_or_404(user, chat_id)
    try:
        accepted = actions.do_post_message(user, access, chat, data.body, topic=data.topic, client_id=data.client_id)
    except actions.TooLong as exc:
        raise HttpError(413, exc.messages[0]) from exc
    except actions.ChatClosed as exc:
        raise HttpError(409, exc.messages[0]) from exc
    except ValidationError as exc:  # a topic not released yet, or a word the community refuses, is not bad input
        raise HttpError(409 if exc.code in {"no_topic", "watched_word", "links"} else 422, exc.messages[0]) from exc
    except RateLimited as exc:
        response["Retry-After"] = str(exc.retry_after)
        return Status(429, RetryOut(detail=exc.message, retry_after=exc.retry_after))
    accepted.message.live_chat = chat
    # How long accepting took on the server, through to the durable write (read by the bench).
    response["Server-Timing"] = f"accept;dur={(time.perf_counter() - started) * 1000:.1f}"
    crisis = do_notice_crisis(
        user,
        data.body,
        what=CheckedContent.CHAT_MESSAGE,
        object_id=accepted.message.pk,
        community=access.community.community,
    )
    out = _message_out(accepted.message)
    return Status(201 if accepted.created else 200, with_crisis(ChatMessageSentOut, out, crisis))


# --- Endpoints: transcripts -------------------------------------------------------------------


@router.get(
    "/live-chats/{chat_id}/transcript",
    response={200: TranscriptOut, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="A session's transcript",
    description="Published when the session ends: 404 before, and for a cancelled one.",
)
def get_transcript(request: HttpRequest, chat_id: ChatId) -> TranscriptOut:
    chat, _ = _chat_or_404(viewer_of(request), chat_id)
    if chat.state_at(timezone.now()) != State.ENDED:
        raise Http404
    return transcript_of(chat)
