"""The live room's pages: the room itself, its messages (for refresh and polling), topics, the
host's controls, presence and a message's own page.

Every page works without JavaScript: posting is a form, new messages come with a refresh, hosts
run the room with buttons. chat.js makes the same page live over the WebSocket
(docs/chat-protocol.md) and falls back to polling `messages?since=N` when it cannot connect.
People who may not read the community get 404 on every one of these addresses.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.chats import actions
from hearth.chats.access import ChatAccess, may_post, participant_of, session_for
from hearth.chats.models import ChatMessage, LiveChat, State, Topic
from hearth.chats.schedule import zone
from hearth.lib.ratelimit import RateLimited
from hearth.safety.actions import do_notice_crisis, show_panel
from hearth.safety.models import CheckedContent

SHOWN = 200  # messages on the room's page; earlier ones are a link away
SLOW_MODE_CHOICES = (0, 10, 30, 60)
MAX_NUMBER = 2**31 - 1  # larger numbers in a URL or form name nothing (and overflow SQLite)
HIDDEN_LISTED = 500  # hidden message numbers a polling client is told about


# --- Shared pieces ------------------------------------------------------------------------------


def _number(text: str | None) -> int | None:
    """A positive whole number from a form or query, or None."""
    if text is None or not text.isdigit() or not text.isascii() or len(text) > 10:
        return None
    value = int(text)
    return value if 0 <= value <= MAX_NUMBER else None


def _open(request: HttpRequest, slug: str, series: str, day: str) -> tuple[LiveChat, ChatAccess]:
    """The session, for anyone who may read it (404 otherwise), with topics due on the series'
    timer released."""
    chat, access = session_for(request.user, slug, series, day)
    chat.community = chat.series.community
    if actions.release_due_topics(chat):
        chat.refresh_from_db(fields=["current_topic", "last_seq"])
    return chat, access


def _room_url(chat: LiveChat) -> str:
    return chat.get_absolute_url()


def _back(request: HttpRequest, chat: LiveChat) -> HttpResponse:
    """Back to where a host's form was (the room, or a message's page)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(_room_url(chat))


def _host_ids(chat: LiveChat) -> tuple[set[int], set[int]]:
    series = chat.series
    return set(series.hosts.values_list("pk", flat=True)), set(series.guests.values_list("pk", flat=True))


def _items(chat: LiveChat, found: list[ChatMessage]) -> list[dict[str, Any]]:
    """Messages with what their fragment shows: whether a host or a guest expert wrote them."""
    hosts, guests = _host_ids(chat)
    for message in found:
        message.live_chat = chat  # the fragment's permalink reads the session's addresses
    return [
        {"message": message, "is_host": message.author_id in hosts, "is_guest": message.author_id in guests}
        for message in found
    ]


def _messages(chat: LiveChat, *, before: int | None = None, after: int | None = None) -> list[ChatMessage]:
    found = ChatMessage.objects.filter(live_chat=chat).select_related("author", "topic").defer("source")
    if after is not None:
        return list(found.filter(seq__gt=after).order_by("seq")[:SHOWN])
    if before is not None:
        found = found.filter(seq__lt=before)
    return list(found.order_by("-seq")[:SHOWN])[::-1]


def _times(chat: LiveChat, user: Any) -> dict[str, str]:
    """The zones the start is shown in: the series' own and, when its clock differs there, the
    viewer's."""
    series_zone = chat.series.time_zone
    viewer_zone = getattr(user, "time_zone", "") if getattr(user, "is_authenticated", False) else ""
    differs = bool(viewer_zone) and (
        chat.starts_at.astimezone(zone(viewer_zone)).utcoffset()
        != chat.starts_at.astimezone(zone(series_zone)).utcoffset()
    )
    return {"series_zone": series_zone, "viewer_zone": viewer_zone if differs else ""}


def _parts_context(chat: LiveChat, access: ChatAccess, user: Any, now: datetime) -> dict[str, Any]:
    """What the room shows around its messages: state, topics, pinned message, who is here. The
    polling client gets these again with each batch of messages."""
    state = chat.state_at(now)
    topics = list(Topic.objects.filter(live_chat=chat).order_by("number"))
    released = [topic for topic in topics if topic.released_at is not None]
    current = next((topic for topic in released if topic.pk == chat.current_topic_id), None)
    pinned = None
    if chat.pinned_id:
        pinned = ChatMessage.objects.filter(pk=chat.pinned_id, hidden_at__isnull=True).select_related("author").first()
    participant = participant_of(user, chat)
    authenticated = bool(getattr(user, "is_authenticated", False))
    refusal = may_post(access, chat, participant, now) if authenticated else None
    hidden = list(
        ChatMessage.objects.filter(live_chat=chat, hidden_at__isnull=False)
        .order_by("-seq")
        .values_list("seq", flat=True)[:HIDDEN_LISTED]
    )
    return {
        "chat": chat,
        "series": chat.series,
        "community": chat.community,
        "access": access,
        "state": state,
        "topics": topics if access.sees_topics_of(chat, now) else released,
        "released": released,
        "next_topic": next((topic for topic in topics if topic.released_at is None), None),
        "current_topic": current,
        "pinned": pinned,
        "participant": participant,
        "refusal": refusal,
        "can_post_now": authenticated and state == State.LIVE and refusal is None,
        "here": actions.presence(chat, now) if state == State.LIVE else None,
        "hidden_seqs": " ".join(str(seq) for seq in hidden),
        "runs_room": access.can_run_room,
    }


def _render_room(
    request: HttpRequest,
    chat: LiveChat,
    access: ChatAccess,
    *,
    status: int = 200,
    draft: str = "",
    draft_topic: int | None = None,
    client_id: str = "",
    post_error: str = "",
) -> HttpResponse:
    now = timezone.now()
    user = request.user
    state = chat.state_at(now)
    if state == State.LIVE and access.community.is_member:
        actions.do_enter_room(user, chat)
    before = _number(request.GET.get("before")) if request.method == "GET" else None
    shown = _messages(chat, before=before) if state in (State.LIVE, State.ENDED) else []
    context = _parts_context(chat, access, user, now)
    current = context["current_topic"]
    context.update(
        {
            "items": _items(chat, shown),
            "before": before,
            "earlier": shown[0].seq if shown and shown[0].seq > 1 else None,
            "live": state == State.LIVE and before is None,
            "times": _times(chat, user),
            "draft": draft,
            "draft_topic": draft_topic if draft_topic is not None else (current.number if current else None),
            "client_id": client_id or uuid.uuid4().hex,
            "post_error": post_error,
            "slow_mode_choices": SLOW_MODE_CHOICES,
            "cancel_reason": chat.cancel_reason or chat.series.cancel_reason,
        }
    )
    return render(request, "chats/room.html", context, status=status)


# --- The room ----------------------------------------------------------------------------------


@require_GET
def room(request: HttpRequest, slug: str, series: str, day: str) -> HttpResponse:
    chat, access = _open(request, slug, series, day)
    return _render_room(request, chat, access)


@require_http_methods(["GET", "POST"])
def messages(request: HttpRequest, slug: str, series: str, day: str) -> HttpResponse:
    """GET ?since=N: the messages after N as a fragment (htmx and polling), or the whole room.
    POST: send a message, then back to the room at it."""
    chat, access = _open(request, slug, series, day)
    if request.method == "POST":
        return _post(request, chat, access)
    if not getattr(request, "htmx", False):
        return _render_room(request, chat, access)
    since = _number(request.GET.get("since")) or 0
    now = timezone.now()
    context: dict[str, Any] = {"items": _items(chat, _messages(chat, after=since)), "parts": False}
    if request.GET.get("parts") == "1":
        if chat.state_at(now) == State.LIVE and access.community.is_member:
            actions.do_enter_room(request.user, chat)
        context.update(_parts_context(chat, access, request.user, now))
        context["parts"] = True
    response = render(request, "chats/_messages.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _post(request: HttpRequest, chat: LiveChat, access: ChatAccess) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(_room_url(chat))
    user = member_of(request)
    # Browsers send a textarea's line breaks as CR LF; the limit counts each as one character.
    body = request.POST.get("body", "").replace("\r\n", "\n")
    client_id = request.POST.get("client_id", "")
    topic_text = request.POST.get("topic", "")
    topic = _number(topic_text)
    kept: dict[str, Any] = {"draft": body, "draft_topic": topic, "client_id": client_id}
    if topic_text and topic is None:
        return _render_room(request, chat, access, status=422, post_error="Choose a topic from the list.", **kept)
    try:
        accepted = actions.do_post_message(user, access, chat, body, topic=topic, client_id=client_id[:64])
    except RateLimited as error:
        response = _render_room(request, chat, access, status=429, post_error=str(error), **kept)
        response["Retry-After"] = str(error.retry_after)
        return response
    except actions.ChatClosed as error:
        # Not open (yet, or any more): a conflict with the room's state; open but not to this
        # person (muted, or not a member of a public community): refused.
        status = 409 if chat.state_at(timezone.now()) != State.LIVE else 403
        return _render_room(request, chat, access, status=status, post_error=" ".join(error.messages), **kept)
    except ValidationError as error:
        return _render_room(request, chat, access, status=422, post_error=" ".join(error.messages), **kept)
    # The message went through as written; if it reads as a crisis, its author alone sees help.
    community = access.community.community
    found = do_notice_crisis(
        user, body, what=CheckedContent.CHAT_MESSAGE, object_id=accepted.message.pk, community=community
    )
    show_panel(request, found)
    return redirect(f"{_room_url(chat)}#m{accepted.message.seq}")


# --- Topics ------------------------------------------------------------------------------------


def _host_session(request: HttpRequest, slug: str, series: str, day: str) -> tuple[LiveChat, ChatAccess]:
    """The session for those who run its room; 404 for everyone else, members included."""
    chat, access = _open(request, slug, series, day)
    if not access.can_run_room or not request.user.is_authenticated:
        raise Http404
    return chat, access


@require_http_methods(["GET", "POST"])
def topics(request: HttpRequest, slug: str, series: str, day: str) -> HttpResponse:
    """Write the topics still to come, one a line (T1…Tn, numbered after those released)."""
    chat, access = _host_session(request, slug, series, day)
    now = timezone.now()
    existing = list(Topic.objects.filter(live_chat=chat).order_by("number"))
    released = [topic for topic in existing if topic.released_at is not None]
    text = "\n".join(topic.title for topic in existing if topic.released_at is None)
    error = ""
    status = 200
    if request.method == "POST":
        text = request.POST.get("topics", "").replace("\r\n", "\n")
        try:
            saved = actions.do_save_topics(member_of(request), access, chat, text.split("\n"))
        except actions.ChatClosed as refused:
            error, status = " ".join(refused.messages), 409
        except ValidationError as refused:
            error, status = " ".join(refused.messages), 422
        else:
            written = len(saved) - len(released)
            flash.success(request, f"Topics saved: {written} to come." if written != 1 else "Topics saved: 1 to come.")
            return redirect(_room_url(chat))
    return render(
        request,
        "chats/topics.html",
        {
            "chat": chat,
            "series": chat.series,
            "community": chat.community,
            "released": released,
            "text": text,
            "error": error,
            "state": chat.state_at(now),
            "max_topics": actions.MAX_TOPICS,
            "max_topic": actions.MAX_TOPIC,
        },
        status=status,
    )


# --- The host's controls -----------------------------------------------------------------------


def _seq(request: HttpRequest) -> int:
    seq = _number(request.POST.get("seq", "").strip().removeprefix("#").removeprefix("m"))
    if seq is None or seq < 1:
        raise ValidationError("Give the number of a message (shown after its time).", code="no_message")
    return seq


def _control(request: HttpRequest, chat: LiveChat, access: ChatAccess) -> str:
    """Carry out one control and say what was done; ValidationError says why not."""
    user = member_of(request)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    if action == "release":
        number_text = request.POST.get("number", "")
        number = _number(number_text)
        if number_text and number is None:
            raise ValidationError("Choose a topic from the list.", code="no_topic")
        topic = actions.do_release_topic(user, access, chat, number)
        return f"{topic.label} is the current topic: {topic.title}"
    if action == "pin":
        seq = _seq(request)
        actions.do_pin_message(user, access, chat, seq)
        return f"Message {seq} is pinned."
    if action == "unpin":
        actions.do_pin_message(user, access, chat, None)
        return "Nothing is pinned now."
    if action == "hide":
        seq = _seq(request)
        actions.do_hide_message(user, access, chat, seq, reason)
        return f"Message {seq} is hidden."
    if action == "show":
        seq = _seq(request)
        actions.do_show_message(user, access, chat, seq)
        return f"Message {seq} is shown again."
    if action == "mute":
        handle = request.POST.get("handle", "").strip().removeprefix("@")
        if not handle:
            raise ValidationError("Give the handle of the participant to mute.", code="no_participant")
        participant = actions.do_mute_participant(user, access, chat, handle, reason)
        return f"@{participant.user.handle} is muted for the rest of this chat."
    if action == "slow":
        seconds = _number(request.POST.get("seconds", ""))
        if seconds is None or seconds not in SLOW_MODE_CHOICES:
            raise ValidationError("Choose slow mode: off, 10, 30 or 60 seconds.", code="bad_slow_mode")
        actions.do_set_slow_mode(user, access, chat, seconds)
        return f"Slow mode: one message every {seconds} seconds each." if seconds else "Slow mode is off."
    if action == "end":
        actions.do_end_chat(user, access, chat)
        return "The chat has ended. Its transcript is published."
    raise ValidationError("Choose what to do.", code="no_action")


@require_POST
def control(request: HttpRequest, slug: str, series: str, day: str) -> HttpResponse:
    """Release a topic, pin, hide or show a message, mute a participant, slow mode, end early."""
    chat, access = _host_session(request, slug, series, day)
    try:
        done = _control(request, chat, access)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(request, done)
    return _back(request, chat)


# --- Presence ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def presence(request: HttpRequest, slug: str, series: str, day: str) -> HttpResponse:
    """GET: who is in the room (a fragment for htmx, a page otherwise). POST lurk=on|off: read
    without being listed, or be listed again."""
    chat, access = _open(request, slug, series, day)
    now = timezone.now()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(_room_url(chat))
        user = member_of(request)
        if not access.community.is_member:
            done, note = False, "Join the community to take part in its chats."
        elif chat.state_at(now) != State.LIVE:
            done, note = False, "The room is open only while the chat is live."
        else:
            lurking = request.POST.get("lurk") == "on"
            actions.do_enter_room(user, chat, lurking=lurking)
            done, note = True, "You are lurking: reading without being listed." if lurking else "You are listed."
        if getattr(request, "htmx", False):
            context = _parts_context(chat, access, request.user, now) | {"note": note}
            return render(request, "chats/_presence.html", context, status=200 if done else 409)
        (flash.success if done else flash.error)(request, note)
        return redirect(f"{_room_url(chat)}#chat-presence")
    context = _parts_context(chat, access, request.user, now)
    template = "chats/_presence.html" if getattr(request, "htmx", False) else "chats/presence.html"
    return render(request, template, context)


# --- A message's own page ------------------------------------------------------------------------


@require_GET
def message(request: HttpRequest, slug: str, series: str, day: str, seq: int) -> HttpResponse:
    """A message's address, with the host's controls for it. Hidden messages show only that they
    were hidden, except to those who run the room."""
    chat, access = _open(request, slug, series, day)
    if seq > MAX_NUMBER:
        raise Http404
    found = ChatMessage.objects.filter(live_chat=chat, seq=seq).select_related("author", "topic", "hidden_by").first()
    if found is None:
        raise Http404
    found.live_chat = chat
    hosts, guests = _host_ids(chat)
    return render(
        request,
        "chats/message.html",
        {
            "chat": chat,
            "series": chat.series,
            "community": chat.community,
            "access": access,
            "message": found,
            "is_host": found.author_id in hosts,
            "is_guest": found.author_id in guests,
            "runs_room": access.can_run_room,
            "state": chat.state_at(timezone.now()),
            "is_pinned": chat.pinned_id == found.pk,
            "room_url": f"{_room_url(chat)}#m{seq}",
            "control_url": reverse("chat_control", args=[chat.community.slug, chat.series.slug, chat.date.isoformat()]),
        },
    )
