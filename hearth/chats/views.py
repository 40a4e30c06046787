"""Pages of chat series: a community's chats, scheduling, the series page (with the tag's posts all
week), cancelling, transcripts and their downloads, and the upcoming chats directory."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from hearth.accounts.access import member_of
from hearth.chats import actions
from hearth.chats.access import ChatAccess, series_for, session_for
from hearth.chats.agenda import coming_sessions, is_live
from hearth.chats.calendar import calendar_panel
from hearth.chats.forms import ReasonForm, SeriesForm
from hearth.chats.models import ChatSeries, LiveChat
from hearth.chats.schedule import Rule, sessions, time_zone_names, upcoming, zone
from hearth.communities.access import Need, community_for
from hearth.communities.models import Community
from hearth.conditions.models import Condition
from hearth.discussions.models import Post
from hearth.privacy.figures import as_text

TAGGED_POSTS = 10
PAST_TRANSCRIPTS = 12
DIRECTORY_DAYS = 14


def viewer_zone(request: HttpRequest) -> str:
    """The time zone the viewer reads times in: theirs when logged in, else one chosen with ?tz=."""
    chosen = request.GET.get("tz", "")
    if chosen in time_zone_names():
        return chosen
    user = request.user
    if getattr(user, "is_authenticated", False) and user.time_zone in time_zone_names():  # type: ignore[union-attr]
        return str(user.time_zone)  # type: ignore[union-attr]
    return "UTC"


@require_GET
def community_chats(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_for(request.user, slug, Need.READ)
    community = access.community
    now = timezone.now()
    all_series = list(ChatSeries.objects.filter(community=community).prefetch_related("hosts"))
    for one in all_series:
        one.community = community
        one.rule_text = Rule.of(one).describe()  # type: ignore[attr-defined]
    coming = coming_sessions(ChatSeries.objects.filter(community=community), now, days=60, per_series=3)
    past = (
        LiveChat.objects.filter(community=community, finished_at__isnull=False)
        .select_related("series")
        .order_by("-starts_at")[:PAST_TRANSCRIPTS]
    )
    return render(
        request,
        "chats/community_chats.html",
        {
            "access": access,
            "community": community,
            "all_series": all_series,
            "coming": [(session, is_live(session, now)) for session in coming],
            "past": past,
            "zone": viewer_zone(request),
        },
    )


def _for_moderators(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Scheduling pages: a visitor who may read the community is asked to log in; where the
    chats are for members only, a visitor finds nothing (404), as a signed-in outsider does."""

    @wraps(view)
    def page(request: HttpRequest, slug: str, *args: str, **kwargs: str) -> HttpResponse:
        if not request.user.is_authenticated:
            community_for(request.user, slug, Need.READ)
            return redirect_to_login(request.get_full_path())
        return view(request, slug, *args, **kwargs)

    return page


def _schedule_form(request: HttpRequest, form: SeriesForm, save: Any) -> ChatSeries | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved: ChatSeries = save(form.series_input())
    except ValidationError as error:
        form.add_action_error(error)
        return None
    return saved


@_for_moderators
@require_http_methods(["GET", "POST"])
def create_series(request: HttpRequest, slug: str) -> HttpResponse:
    user = member_of(request)
    access = community_for(user, slug, Need.MODERATE)
    form = SeriesForm(request.POST or None, default_zone=user.time_zone)
    series = _schedule_form(request, form, lambda data: actions.do_create_series(user, access, data))
    if series is not None:
        messages.success(request, f"#{series.tag} is scheduled: {Rule.of(series).describe()}.")
        return redirect(series)
    return render(
        request,
        "chats/series_form.html",
        {"access": access, "community": access.community, "form": form, "series": None},
    )


@_for_moderators
@require_http_methods(["GET", "POST"])
def edit_series(request: HttpRequest, slug: str, series: str) -> HttpResponse:
    user = member_of(request)
    chat = series_for(user, slug, series, Need.MANAGE)
    form = SeriesForm.of(chat.series, request.POST or None)
    saved = _schedule_form(request, form, lambda data: actions.do_update_series(user, chat, data))
    if saved is not None:
        messages.success(request, f"#{saved.tag} is saved: {Rule.of(saved).describe()}.")
        return redirect(saved)
    return render(
        request,
        "chats/series_form.html",
        {"access": chat.community, "community": chat.series.community, "form": form, "series": chat.series},
    )


@_for_moderators
@require_http_methods(["GET", "POST"])
def cancel_series(request: HttpRequest, slug: str, series: str) -> HttpResponse:
    user = member_of(request)
    chat = series_for(user, slug, series, Need.MANAGE)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_cancel_series(user, chat, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, f"#{chat.series.tag} is cancelled. Its transcripts stay.")
            return redirect(chat.series)
    return render(
        request,
        "chats/cancel.html",
        {"series": chat.series, "community": chat.series.community, "form": form, "session": None},
    )


@_for_moderators
@require_http_methods(["GET", "POST"])
def cancel_session(request: HttpRequest, slug: str, series: str, day: str) -> HttpResponse:
    user = member_of(request)
    chat, access = session_for(user, slug, series, day, Need.MANAGE)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and "restore" in request.POST:
        actions.do_restore_session(user, access, chat)
        messages.success(request, "The chat takes place again as planned.")
        return redirect(chat)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_cancel_session(user, access, chat, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, f"The chat of {chat.date:%A %-d %B} is cancelled.")
            return redirect(access.series)
    return render(
        request,
        "chats/cancel.html",
        {"series": access.series, "community": access.series.community, "form": form, "session": chat},
    )


def _tagged_posts(request: HttpRequest, access: ChatAccess) -> list[Post]:
    """The latest posts of the community's threads carrying the chat's tag, as the viewer may see
    them (members-only ones for members, deleted ones never)."""
    posts = Post.objects.visible_to(request.user).filter(
        community=access.series.community, tags__tag=access.series.slug, thread__deleted_at__isnull=True
    )
    return list(posts.select_related("thread", "author").order_by("-created_at")[:TAGGED_POSTS])


@require_GET
def series_detail(request: HttpRequest, slug: str, series: str) -> HttpResponse:
    access = series_for(request.user, slug, series, Need.READ)
    one = access.series
    now = timezone.now()
    today = now.astimezone(zone(one.time_zone)).date()
    coming = upcoming(one, now, count=6)
    cancelled = [s for s in sessions(one, today, today + timedelta(days=120), include_cancelled=True) if s.is_cancelled]
    past = one.chats.filter(finished_at__isnull=False).order_by("-starts_at")[:PAST_TRANSCRIPTS]
    return render(
        request,
        "chats/series_detail.html",
        {
            "access": access,
            "series": one,
            "community": one.community,
            "rule": Rule.of(one).describe(),
            "hosts": list(one.hosts.all()),
            "guests": list(one.guests.all()),
            "coming": [(session, is_live(session, now)) for session in coming],
            "cancelled": cancelled,
            "past": past,
            "tagged": _tagged_posts(request, access),
            "zone": viewer_zone(request),
            **calendar_panel(request, access),
        },
    )


def _finished(request: HttpRequest, slug: str, series: str, day: str) -> tuple[LiveChat, ChatAccess]:
    """A session whose transcript exists: over and not cancelled; 404 otherwise. Cancelling a
    series keeps the transcripts of the sessions held before it was called off."""
    chat, access = session_for(request.user, slug, series, day, Need.READ)
    called_off = access.series.cancelled_at
    if (
        chat.cancelled_at is not None
        or timezone.now() < chat.closes_at
        or (called_off is not None and chat.starts_at >= called_off)
    ):
        raise Http404
    chat.series = access.series
    return chat, access


def _transcript(chat: LiveChat) -> Any:
    from hearth.chats.api import transcript_of  # the one builder of a transcript

    return transcript_of(chat)


@require_GET
def transcript(request: HttpRequest, slug: str, series: str, day: str) -> HttpResponse:
    chat, access = _finished(request, slug, series, day)
    return render(
        request,
        "chats/transcript.html",
        {
            "access": access,
            "chat": chat,
            "series": access.series,
            "community": access.series.community,
            "transcript": _transcript(chat),
            "zone": access.series.time_zone,
        },
    )


def _download(content: str, content_type: str, chat: LiveChat, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{chat.series.slug}-{chat.date.isoformat()}-transcript.{extension}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@require_GET
def transcript_json(request: HttpRequest, slug: str, series: str, day: str) -> HttpResponse:
    chat, _ = _finished(request, slug, series, day)
    data = _transcript(chat).model_dump(mode="json")
    return _download(json.dumps(data, indent=2, ensure_ascii=False), "application/json", chat, "json")


def _message_count(count: int) -> str:
    return f"{count} message{'' if count == 1 else 's'}"


@require_GET
def transcript_markdown(request: HttpRequest, slug: str, series: str, day: str) -> HttpResponse:
    chat, access = _finished(request, slug, series, day)
    data = _transcript(chat)
    local = zone(access.series.time_zone)
    lines = [
        f"# #{data.tag}: {data.title}",
        "",
        (
            f"{chat.starts_at.astimezone(local):%A %-d %B %Y, %H:%M} to {data.ends_at.astimezone(local):%H:%M} "
            f"({access.series.time_zone}), in {access.series.community.name}."
        ),
        "",
        "## Figures",
        "",
        (
            f"- Participants: {as_text(data.figures.participants)} "
            f"({as_text(data.figures.first_time_participants)} for the first time)"
        ),
        f"- Messages: {data.figures.messages}",
    ]
    if data.figures.busiest_minute:
        busiest = data.figures.busiest_minute
        lines.append(f"- Busiest minute: {busiest.minute} ({_message_count(busiest.messages)})")
    lines += [
        f"- {f.label or 'Outside the topics'}: {_message_count(f.messages)}" for f in data.figures.messages_per_topic
    ]

    def said(items: list[Any]) -> list[str]:
        return [
            f"- **{m.author_name}** ({m.created_at.astimezone(local):%H:%M}){' ' + m.label if m.label else ''}: "
            + m.text.replace("\n", " ")
            for m in items
        ]

    if data.outside_topics:
        lines += ["", "## Outside the topics", "", *said(data.outside_topics)]
    for topic in data.topics:
        lines += ["", f"## {topic.label}: {topic.title}", "", *(said(topic.messages) or ["(no answers)"])]
    return _download("\n".join(lines) + "\n", "text/markdown; charset=utf-8", chat, "md")


@require_GET
def upcoming_chats(request: HttpRequest) -> HttpResponse:
    """Chats of the next two weeks in public communities, like the old hashtag registries: a
    public list, so closed and private communities' chats never appear here (their members find
    them in their communities and calendar feeds)."""
    now = timezone.now()
    condition_slug = request.GET.get("condition", "")[:100]
    condition = (
        Condition.objects.filter(slug=condition_slug).first() if condition_slug.replace("-", "").isalnum() else None
    )
    readable = Community.objects.readable_by(None)  # public and active: what anyone may read
    public = readable
    if condition is not None:
        public = public.filter(conditions=condition) | public.filter(parent__conditions=condition)
    series = ChatSeries.objects.filter(community__in=public.values("pk"))
    coming = coming_sessions(series, now, days=DIRECTORY_DAYS)
    conditions = Condition.objects.filter(
        pk__in=readable.filter(chat_series__cancelled_at__isnull=True, chat_series__isnull=False).values("conditions")
    ).order_by("name")
    return render(
        request,
        "chats/upcoming.html",
        {
            "coming": [(session, is_live(session, now)) for session in coming],
            "condition": condition,
            "conditions": conditions,
            "zone": viewer_zone(request),
            "zones": sorted(name for name in time_zone_names() if "/" in name or name == "UTC"),
            "days": DIRECTORY_DAYS,
        },
    )


PREVIEW_SESSIONS = 3


def community_chats_preview(community: Community, now: Any = None) -> list[tuple[Any, bool]]:
    """The next three sessions of a community's chats, each with whether it is live now, for its
    page (one query). Only for a viewer who may read the community."""
    now = now or timezone.now()
    coming = coming_sessions(ChatSeries.objects.filter(community=community), now, days=60)[:PREVIEW_SESSIONS]
    return [(session, is_live(session, now)) for session in coming]
