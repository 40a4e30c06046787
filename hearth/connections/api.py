"""API for connections, blocks and mutes.

Members are named by handle; an unknown handle or a closed account answers 404. A refusal that
could reveal a block is a 409 with the same words as any other ("You can't connect with this
member right now."), never a 403. Blocking and muting are silent: the other member is not told.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from ninja.params import functions as params
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    INVALID,
    NOT_FOUND,
    STORABLE,
    TOO_MANY,
    UNAUTHORISED,
    WRITE_ERRORS,
    Input,
    PageQuery,
    explained,
)
from hearth.connections import actions
from hearth.connections.models import Block, Connection, ConnectionStatus, Mute
from hearth.profiles.access import profile_for

router = Router(tags=["connections"])

HANDLE_PATTERN = r"^@?[A-Za-z0-9_.\-]{1,30}$"
HandleIn = Annotated[
    str,
    Field(pattern=HANDLE_PATTERN, description="A member's handle."),
    explained("A handle has letters, digits, dots, dashes and underscores."),
]
HandlePath = Annotated[str, params.Path(pattern=HANDLE_PATTERN, description="A member's handle.")]


def member_named(viewer: User, handle: str) -> User:
    """The active member of this handle (with or without "@"), or 404."""
    return profile_for(viewer, handle.removeprefix("@")).member


# --- What goes out ----------------------------------------------------------------------------


class ConnectionOut(Schema):
    member: str = Field(description="The other member's handle.")
    name: str = Field(description="The other member's display name, or their handle.")
    status: ConnectionStatus = Field(description="`pending` while a request waits for an answer, then `accepted`.")
    requested_by_you: bool
    note: str = Field(description="The short note sent with the request.")
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    url: str = Field(description="The page listing your connections and requests.")


class ConnectionPage(Schema):
    count: int
    items: list[ConnectionOut]


class MemberEntry(Schema):
    """A member you blocked or muted."""

    member: str = Field(description="Their handle.")
    name: str
    created_at: dt.datetime
    url: str = Field(description="The page listing blocked and muted members.")


class MemberEntryPage(Schema):
    count: int
    items: list[MemberEntry]


def connection_out(user: User, connection: Connection, other: User) -> ConnectionOut:
    return ConnectionOut(
        member=other.handle,
        name=other.public_name,
        status=ConnectionStatus(connection.status),
        requested_by_you=connection.requested_by_id == user.pk,
        note=connection.message,
        created_at=connection.created_at,
        accepted_at=connection.accepted_at,
        url=reverse("connection_list"),
    )


def _page(user: User, connections: QuerySet[Connection], page: PageQuery) -> ConnectionPage:
    rows = list(connections.order_by("-accepted_at", "-created_at", "-pk")[page.offset : page.offset + page.limit])
    others = User.objects.in_bulk([row.other(user.pk) for row in rows])
    return ConnectionPage(
        count=connections.count(), items=[connection_out(user, row, others[row.other(user.pk)]) for row in rows]
    )


def _entry(member: User, created_at: dt.datetime) -> MemberEntry:
    return MemberEntry(
        member=member.handle, name=member.public_name, created_at=created_at, url=reverse("connection_blocked")
    )


# --- What comes in ----------------------------------------------------------------------------


class ConnectionCreate(Input):
    handle: HandleIn
    note: Annotated[
        str,
        Field(pattern=ANY_TEXT, max_length=actions.MAX_NOTE, description="A short note for the member (optional)."),
        STORABLE,
    ] = ""


class RequestsQuery(PageQuery):
    direction: Literal["received", "sent"] = Field(
        "received", description="`received`: waiting for your answer; `sent`: waiting for theirs."
    )


_REFUSALS = {
    "self": 409,
    "refused": 409,
    "already_connected": 409,
    "already_requested": 409,
    "not_found": 404,
}
_WRITE = {**WRITE_ERRORS, **NOT_FOUND, **CONFLICT}


# --- Connections ------------------------------------------------------------------------------


@router.get(
    "/connections",
    response={200: ConnectionPage, **UNAUTHORISED, **INVALID},
    summary="Your connections, most recent first",
)
def list_connections(request: HttpRequest, page: Query[PageQuery]) -> ConnectionPage:
    user = member_of(request)
    return _page(user, Connection.objects.accepted_of(user.pk), page)


@router.get(
    "/connections/requests",
    response={200: ConnectionPage, **UNAUTHORISED, **INVALID},
    summary="Connection requests waiting for an answer",
)
def list_requests(request: HttpRequest, filters: Query[RequestsQuery]) -> ConnectionPage:
    user = member_of(request)
    if filters.direction == "sent":
        return _page(user, Connection.objects.sent_by(user.pk), filters)
    return _page(user, Connection.objects.received_by(user.pk), filters)


@router.post(
    "/connections",
    response={200: ConnectionOut, 201: ConnectionOut, **_WRITE, **TOO_MANY},
    summary="Ask a member to connect",
    description=(
        "201 with the pending request. 200 with the connection, accepted, when the member had "
        "already asked you. 404 for an unknown handle; 409 when a request is already waiting, "
        "when you are already connected, for yourself, or when you can't connect with this member "
        "(the same words whatever the reason); 422 for invalid input; 429, with `Retry-After`, "
        "after too many requests."
    ),
)
def request_connection(request: HttpRequest, data: ConnectionCreate) -> Status[ConnectionOut]:
    user = member_of(request)
    other = member_named(user, data.handle)
    with refused_as(_REFUSALS):
        requested = actions.do_request(user, other, data.note)
    return Status(200 if requested.accepted else 201, connection_out(user, requested.connection, other))


@router.post(
    "/connections/{handle}/accept",
    response={200: ConnectionOut, **_WRITE},
    summary="Accept a member's request to connect",
    description="404 when there is no request from that member waiting for you.",
)
def accept(request: HttpRequest, handle: HandlePath) -> ConnectionOut:
    user = member_of(request)
    other = member_named(user, handle)
    with refused_as(_REFUSALS):
        connection = actions.do_accept(user, other)
    return connection_out(user, connection, other)


@router.post(
    "/connections/{handle}/decline",
    response={204: None, **_WRITE},
    summary="Decline a member's request to connect",
    description="The member is not told. 404 when there is no request from that member waiting for you.",
)
def decline(request: HttpRequest, handle: HandlePath) -> Status[None]:
    user = member_of(request)
    other = member_named(user, handle)
    with refused_as(_REFUSALS):
        actions.do_decline(user, other)
    return Status(204, None)


@router.delete(
    "/connections/{handle}",
    response={204: None, **_WRITE},
    summary="Remove a connection, or withdraw your request",
    description="The member is not told. 404 when you are neither connected nor waiting for their answer.",
)
def remove(request: HttpRequest, handle: HandlePath) -> Status[None]:
    user = member_of(request)
    other = member_named(user, handle)
    with refused_as(_REFUSALS):
        actions.do_remove(user, other)
    return Status(204, None)


# --- Blocks and mutes -------------------------------------------------------------------------


@router.get("/blocks", response={200: MemberEntryPage, **UNAUTHORISED, **INVALID}, summary="Members you blocked")
def list_blocks(request: HttpRequest, page: Query[PageQuery]) -> MemberEntryPage:
    user = member_of(request)
    blocks = Block.objects.filter(blocker=user)
    rows = blocks.select_related("blocked").order_by("-created_at", "-pk")[page.offset : page.offset + page.limit]
    return MemberEntryPage(count=blocks.count(), items=[_entry(row.blocked, row.created_at) for row in rows])


@router.put(
    "/blocks/{handle}",
    response={200: MemberEntry, **_WRITE},
    summary="Block a member",
    description=(
        "Silent: the member is not told. Any connection or request between you goes, and neither "
        "of you can ask to connect or send messages. Blocking again changes nothing. 404 for an "
        "unknown handle; 409 for yourself."
    ),
)
def block(request: HttpRequest, handle: HandlePath) -> MemberEntry:
    user = member_of(request)
    other = member_named(user, handle)
    with refused_as(_REFUSALS):
        made = actions.do_block(user, other)
    return _entry(other, made.created_at)


@router.delete(
    "/blocks/{handle}",
    response={204: None, **_WRITE},
    summary="Unblock a member",
    description="204 whether or not you had blocked them. 404 for an unknown handle.",
)
def unblock(request: HttpRequest, handle: HandlePath) -> Status[None]:
    user = member_of(request)
    actions.do_unblock(user, member_named(user, handle))
    return Status(204, None)


@router.get("/mutes", response={200: MemberEntryPage, **UNAUTHORISED, **INVALID}, summary="Members you muted")
def list_mutes(request: HttpRequest, page: Query[PageQuery]) -> MemberEntryPage:
    user = member_of(request)
    mutes = Mute.objects.filter(muter=user)
    rows = mutes.select_related("muted").order_by("-created_at", "-pk")[page.offset : page.offset + page.limit]
    return MemberEntryPage(count=mutes.count(), items=[_entry(row.muted, row.created_at) for row in rows])


@router.put(
    "/mutes/{handle}",
    response={200: MemberEntry, **_WRITE},
    summary="Mute a member",
    description=(
        "Silent: the member is not told. Their requests and messages still arrive, without "
        "notifications. Muting again changes nothing. 404 for an unknown handle; 409 for yourself."
    ),
)
def mute(request: HttpRequest, handle: HandlePath) -> MemberEntry:
    user = member_of(request)
    other = member_named(user, handle)
    with refused_as(_REFUSALS):
        made = actions.do_mute(user, other)
    return _entry(other, made.created_at)


@router.delete(
    "/mutes/{handle}",
    response={204: None, **_WRITE},
    summary="Unmute a member",
    description="204 whether or not you had muted them. 404 for an unknown handle.",
)
def unmute(request: HttpRequest, handle: HandlePath) -> Status[None]:
    user = member_of(request)
    actions.do_unmute(user, member_named(user, handle))
    return Status(204, None)
