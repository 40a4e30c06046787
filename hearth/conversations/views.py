"""Direct message pages: the inbox, a conversation with one member (reading marks it read), the
fragment of new messages the open page polls for, muting a conversation and reporting a message.

Every page works without JavaScript: the conversation page has a link to check for new messages;
with JavaScript they arrive over the conversation's WebSocket (consumers.py), and htmx fetches
them every few seconds while the socket is down.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.connections.models import Mute
from hearth.conversations import actions
from hearth.conversations.access import (
    CANNOT_MESSAGE,
    ConversationPage,
    conversation_with,
    inbox_of,
    message_for,
    other_member,
)
from hearth.conversations.forms import MessageForm, ReportForm
from hearth.conversations.models import ConversationMember, DirectMessage, conversation_url
from hearth.lib.http import row_id
from hearth.lib.ratelimit import RateLimited
from hearth.moderation.actions import THANKS
from hearth.safety.actions import do_notice_crisis, show_panel
from hearth.safety.models import CheckedContent

MESSAGES_PER_PAGE = 50
POLL_SECONDS = 5


@login_required
@require_GET
def conversation_list(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    page = Paginator(inbox_of(user), 30).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    muted = set(Mute.objects.filter(muter=user).values_list("muted_id", flat=True))
    items = [
        {
            "member": (member := other_member(row.conversation, user.pk)),
            "conversation": row.conversation,
            "unread": row.unread,  # type: ignore[attr-defined]
            "muted": row.muted or member.pk in muted,
        }
        for row in rows
    ]
    return render(request, "conversations/inbox.html", {"page": page, "items": items})


def _conversation_context(request: HttpRequest, user: User, found: ConversationPage) -> dict[str, Any]:
    """The page's messages: the latest ones, or those before `?before=<id>`; reading the latest
    marks the conversation read."""
    conversation = found.conversation
    shown: list[DirectMessage] = []
    older = False
    member_row = None
    if conversation is not None:
        before = row_id(request.GET.get("before"))
        mine = conversation.messages.select_related("sender").order_by("-pk")
        if before is not None:
            mine = mine.filter(pk__lt=before)
        shown = list(mine[: MESSAGES_PER_PAGE + 1])
        older = len(shown) > MESSAGES_PER_PAGE
        shown = shown[:MESSAGES_PER_PAGE][::-1]
        if before is None:
            actions.do_mark_read(user, conversation)
        member_row = ConversationMember.objects.filter(conversation=conversation, user=user).first()
    return {
        "member": found.member,
        "conversation": conversation,
        "can_send": found.can_send,
        "cannot_message": CANNOT_MESSAGE,
        "messages_shown": shown,
        "older": shown[0].pk if older and shown else None,
        "last_id": max((m.pk for m in shown), default=0),
        "latest": request.GET.get("before") is None,
        "muted": bool(member_row and member_row.muted),
        "poll_seconds": POLL_SECONDS,
        # The socket is served by the ASGI application that serves the pages (`manage.py serve`);
        # a page served over WSGI has none beside it, and polls.
        "websocket": isinstance(request, ASGIRequest),
    }


def _send_refused(
    request: HttpRequest, user: User, found: ConversationPage, form: MessageForm, status: int
) -> HttpResponse:
    context = _conversation_context(request, user, found)
    context["form"] = form
    return render(request, "conversations/conversation.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, handle: str) -> HttpResponse:
    user = member_of(request)
    found = conversation_with(user, handle, writing=request.method == "POST")
    if request.method == "GET":
        context = _conversation_context(request, user, found)
        context["form"] = MessageForm() if found.can_send else None
        return render(request, "conversations/conversation.html", context)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _send_refused(request, user, found, form, 422)
    try:
        sent = actions.do_send(
            user, found.member, form.cleaned_data["body"], client_id=form.cleaned_data.get("client_id", "")
        )
    except RateLimited as error:
        form.add_error(None, str(error))
        response = _send_refused(request, user, found, form, 429)
        response["Retry-After"] = str(error.retry_after)
        return response
    except ValidationError as error:
        form.add_error("body" if error.code in ("empty", None) else None, error)
        return _send_refused(request, user, found, form, 422)
    # Sent; a message that speaks of a crisis brings its author the private panel (no community, no check).
    text = form.cleaned_data["body"]
    show_panel(request, do_notice_crisis(user, text, what=CheckedContent.DIRECT_MESSAGE, object_id=sent.message.pk))
    return redirect(f"{conversation_url(found.member.handle)}#message-{sent.message.pk}")


@login_required
@require_GET
@never_cache
def new_messages(request: HttpRequest, handle: str) -> HttpResponse:
    """The messages after `?since=<id>`, for the open page to add; 204 when there are none."""
    user = member_of(request)
    found = conversation_with(user, handle)
    if found.conversation is None:
        return HttpResponse(status=204)
    since = row_id(request.GET.get("since")) or 0
    fresh = list(found.conversation.messages.filter(pk__gt=since).select_related("sender").order_by("pk")[:100])
    if not fresh:
        return HttpResponse(status=204)
    actions.do_mark_read(user, found.conversation, up_to=fresh[-1].pk)
    context = {"member": found.member, "messages_shown": fresh, "last_id": fresh[-1].pk, "poll_seconds": POLL_SECONDS}
    return render(request, "conversations/_new_messages.html", context)


@login_required
@require_POST
def mute_conversation(request: HttpRequest, handle: str) -> HttpResponse:
    user = member_of(request)
    found = conversation_with(user, handle)
    if found.conversation is None:
        raise Http404
    muted = request.POST.get("muted") == "1"
    actions.do_set_muted(user, found.conversation, muted=muted)
    if muted:
        messages.success(request, "Conversation muted: new messages arrive without notifications.")
    else:
        messages.success(request, "Conversation unmuted.")
    return redirect(conversation_url(found.member.handle))


@login_required
@require_http_methods(["GET", "POST"])
def report_message(request: HttpRequest, message_id: int) -> HttpResponse:
    user = member_of(request)
    message = message_for(user, message_id)
    if message.sender_id == user.pk:
        raise Http404
    member = message.sender
    back = f"{conversation_url(member.handle)}#message-{message.pk}"
    form = ReportForm(request.POST if request.method == "POST" else None)
    status, retry_after = 200, 0
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.do_report_message(
                    user, message, form.cleaned_data["reason"], form.cleaned_data["note"], source_url=back
                )
            except RateLimited as error:
                form.add_error(None, str(error))
                status, retry_after = 429, error.retry_after
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, THANKS)
                return redirect(back)
    response = render(
        request, "conversations/report.html", {"message": message, "member": member, "form": form}, status=status
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
