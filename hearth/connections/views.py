"""Connection pages: my connections and requests, blocked and muted members, and the buttons a
member's profile offers (connect, block, mute), which work without JavaScript."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.connections import actions
from hearth.connections.forms import RequestForm
from hearth.connections.models import Block, Connection, Mute
from hearth.lib.ratelimit import RateLimited
from hearth.profiles.access import profile_for
from hearth.web.errors import too_many_requests


def _member(viewer: User, handle: str) -> User:
    """The active member of this handle, or 404."""
    return profile_for(viewer, handle).member


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("connection_list")


def _with_others(user: User, connections: list[Connection]) -> list[tuple[Connection, User]]:
    """Each connection with the member on the other side, in one query."""
    others = User.objects.in_bulk([connection.other(user.pk) for connection in connections])
    return [(connection, others[connection.other(user.pk)]) for connection in connections]


@login_required
@require_GET
def connection_list(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    mine = Connection.objects.order_by("-accepted_at", "-created_at", "-pk")
    return render(
        request,
        "connections/list.html",
        {
            "connections": _with_others(user, list(mine.accepted_of(user.pk)[:500])),
            "received": _with_others(user, list(mine.received_by(user.pk)[:200])),
            "sent": _with_others(user, list(mine.sent_by(user.pk)[:200])),
        },
    )


@login_required
@require_GET
def blocked_list(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    return render(
        request,
        "connections/blocked.html",
        {
            "blocks": Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")[:500],
            "mutes": Mute.objects.filter(muter=user).select_related("muted").order_by("-created_at")[:500],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_connection(request: HttpRequest, handle: str) -> HttpResponse:
    """Ask a member to connect, with an optional note; the page shows the form, a button on the
    profile posts it straight away."""
    user = member_of(request)
    member = _member(user, handle)
    form = RequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            requested = actions.do_request(user, member, form.cleaned_data["note"])
        except RateLimited as error:
            return too_many_requests(request, error)
        except ValidationError as error:
            if error.code in ("already_connected", "already_requested"):
                messages.info(request, " ".join(error.messages))
                return redirect(_back(request))
            form.add_error(None, error)
            status = 422
        else:
            if requested.accepted:
                messages.success(request, f"You are now connected with {member.public_name}.")
            else:
                messages.success(request, f"Your request is on its way to {member.public_name}.")
            return redirect(_back(request))
    elif request.method == "POST":
        status = 422
    return render(request, "connections/request.html", {"member": member, "form": form}, status=status)


def _answer(
    request: HttpRequest, handle: str, act: Callable[[User, User], object], done: Callable[[User], str]
) -> HttpResponse:
    user = member_of(request)
    member = _member(user, handle)
    try:
        act(user, member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done(member))
    return redirect(_back(request))


@login_required
@require_POST
def accept(request: HttpRequest, handle: str) -> HttpResponse:
    return _answer(request, handle, actions.do_accept, lambda m: f"You are now connected with {m.public_name}.")


@login_required
@require_POST
def decline(request: HttpRequest, handle: str) -> HttpResponse:
    return _answer(request, handle, actions.do_decline, lambda m: f"You declined {m.public_name}'s request.")


@login_required
@require_POST
def cancel(request: HttpRequest, handle: str) -> HttpResponse:
    return _answer(request, handle, actions.do_cancel, lambda m: f"Your request to {m.public_name} is withdrawn.")


@login_required
@require_POST
def remove(request: HttpRequest, handle: str) -> HttpResponse:
    return _answer(request, handle, actions.do_remove, lambda m: f"You are no longer connected with {m.public_name}.")


@login_required
@require_POST
def block(request: HttpRequest, handle: str) -> HttpResponse:
    return _answer(request, handle, actions.do_block, lambda m: f"You blocked {m.public_name}. They are not told.")


@login_required
@require_POST
def unblock(request: HttpRequest, handle: str) -> HttpResponse:
    return _answer(request, handle, actions.do_unblock, lambda m: f"You unblocked {m.public_name}.")


@login_required
@require_POST
def mute(request: HttpRequest, handle: str) -> HttpResponse:
    return _answer(
        request,
        handle,
        actions.do_mute,
        lambda m: f"You muted {m.public_name}: no more notifications from them. They are not told.",
    )


@login_required
@require_POST
def unmute(request: HttpRequest, handle: str) -> HttpResponse:
    return _answer(request, handle, actions.do_unmute, lambda m: f"You unmuted {m.public_name}.")
