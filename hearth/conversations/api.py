"""API for direct messages: conversations with unread counts, reading, sending, marking read,
muting a conversation and reporting a message.

A conversation or message the member is not part of answers 404. A member who may not be
written to answers 409 with the same words whatever the reason ("You can't send messages to
this member."), so a block never shows; never 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Sum
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, StrictBool

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    INVALID,
    MAX_ID,
    NOT_BLANK,
    NOT_FOUND,
    READ_ERRORS,
    SAYS_SOMETHING,
    STORABLE,
    TOO_MANY,
    UNAUTHORISED,
    WRITE_ERRORS,
    BodyId,
    Input,
    PageQuery,
    PathId,
    storable,
)
from hearth.connections.api import HandleIn, member_named
from hearth.conversations import actions
from hearth.conversations.access import conversation_for, inbox_of, may_message, message_for, other_member
from hearth.conversations.models import Conversation, ConversationMember, DirectMessage, conversation_url
from hearth.discussions.actions import TooLong
from hearth.lib.markdown import safe_html
from hearth.moderation.actions import THANKS
from hearth.moderation.models import NOTE_MAX, Reason
from hearth.safety.actions import do_notice_crisis
from hearth.safety.api import CRISIS_FIELD, SafetyCrisisOut, with_crisis
from hearth.safety.models import CheckedContent

router = Router(tags=["conversations"])

# --- What goes out ----------------------------------------------------------------------------


class ConversationOut(Schema):
    id: int
    member: str = Field(description="The other member's handle.")
    name: str = Field(description="The other member's display name, or their handle.")
    last_message_at: dt.datetime | None
    unread: int = Field(description="Messages from the other member you have not read.")
    muted: StrictBool = Field(description="You muted this conversation: no notifications of its messages.")
    url: str


class ConversationPage(Schema):
    count: int
    unread: int = Field(description="Unread messages in all your conversations.")
    items: list[ConversationOut]


class MessageOut(Schema):
    id: int
    conversation: int
    sender: str = Field(description="The sender's handle.")
    yours: bool
    source: str = Field(description="The message as written, in Markdown.")
    html: str = Field(description="The message rendered to clean HTML.")
    created_at: dt.datetime
    url: str


class DirectMessageSentOut(MessageOut):
    crisis: SafetyCrisisOut | None = CRISIS_FIELD


class MessagePage(Schema):
    items: list[MessageOut] = Field(description="Oldest first.")
    older: bool = Field(description="There are older messages: ask with `before` set to the first id here.")


class ConversationDetail(ConversationOut):
    can_send: bool = Field(description="You may write in it now.")
    messages: MessagePage


class ReadOut(Schema):
    unread: int = Field(description="Messages from the other member still unread.")


class ReportOut(Schema):
    detail: str


def _conversation_out(user: User, conversation: Conversation, row: ConversationMember | None) -> ConversationOut:
    other = other_member(conversation, user.pk)
    return ConversationOut(
        id=conversation.pk,
        member=other.handle,
        name=other.public_name,
        last_message_at=conversation.last_message_at,
        unread=getattr(row, "unread", 0) if row else 0,
        muted=bool(row and row.muted),
        url=conversation_url(other.handle),
    )


def message_out(user: User, message: DirectMessage, other: User) -> MessageOut:
    return MessageOut(
        id=message.pk,
        conversation=message.conversation_id,
        sender=user.handle if message.sender_id == user.pk else other.handle,
        yours=message.sender_id == user.pk,
        source=message.source,
        # Cleaned again on the way out, as pages do: stored HTML is not trusted blindly.
        html=str(safe_html(message.html)),
        created_at=message.created_at,
        url=f"{conversation_url(other.handle)}#message-{message.pk}",
    )


# --- What comes in ----------------------------------------------------------------------------

# The length is stated for clients but checked by the action, which answers 413 with the limit.
Body = Annotated[
    str,
    Field(
        pattern=SAYS_SOMETHING,
        description=f"Markdown, at most {actions.MAX_MESSAGE:,} characters.",
        json_schema_extra={"maxLength": actions.MAX_MESSAGE},
    ),
    NOT_BLANK,
]
ClientId = Annotated[
    str,
    Field(
        pattern=storable(),
        max_length=actions.MAX_CLIENT_ID,
        description="Any unique string (a UUID, say): sending the same one again returns the first message.",
    ),
    STORABLE,
]


class MessageCreate(Input):
    body: Body
    client_id: ClientId = ""


class FirstMessageCreate(MessageCreate):
    to: HandleIn


class MessagesQuery(Schema):
    after: int = Field(0, ge=0, le=MAX_ID, description="Only messages after this id, oldest first (for catching up).")
    before: int | None = Field(None, ge=1, le=MAX_ID, description="Only messages before this id (for older pages).")
    limit: int = Field(50, ge=1, le=100)


class ConversationPatch(Input):
    muted: StrictBool = Field(description="Mute the conversation: its messages arrive without notifications.")


class ConversationRead(Input):
    up_to: BodyId | None = Field(None, description="The last message read; leave out for all.")


class ReportCreate(Input):
    reason: Reason
    note: Annotated[
        str, Field(pattern=ANY_TEXT, max_length=NOTE_MAX, description="Anything moderators should know."), STORABLE
    ] = ""


ConversationId = PathId
MessageId = PathId

_SEND_ERRORS = {**WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **TOO_MANY}
_SEND_DOC = (
    " 201 with the message; 200 with the first one when the same `client_id` was sent before. "
    "404 for what is not yours or a member who does not exist; 409 when you can't send messages to "
    "this member (the same words whatever the reason), for yourself, for a `client_id` used for "
    "another conversation, or for more links than a brand-new account may share"
    f"; 413 over {actions.MAX_MESSAGE:,} characters; 422 for an empty message; "
    "429, with `Retry-After`, when sending too quickly."
)
_SEND_REFUSALS = {"refused": 409, "self": 409, "client_id_used": 409, "links": 409}


def _send(user: User, recipient: User, data: MessageCreate) -> Status[DirectMessageSentOut]:
    try:
        with refused_as(_SEND_REFUSALS):
            sent = actions.do_send(user, recipient, data.body, client_id=data.client_id)
    except TooLong as exc:  # it has no code, so refused_as lets it through
        raise HttpError(413, exc.messages[0]) from exc
    out = message_out(user, sent.message, recipient)
    # Direct messages have no community, so a crisis brings help to the author and no well-being check.
    crisis = do_notice_crisis(user, data.body, what=CheckedContent.DIRECT_MESSAGE, object_id=sent.message.pk)
    return Status(201 if sent.created else 200, with_crisis(DirectMessageSentOut, out, crisis))


# --- Endpoints --------------------------------------------------------------------------------


@router.get(
    "/conversations",
    response={200: ConversationPage, **UNAUTHORISED, **INVALID},
    summary="Your conversations, the most recent message first, with unread counts",
)
def list_conversations(request: HttpRequest, page: Query[PageQuery]) -> ConversationPage:
    user = member_of(request)
    inbox = inbox_of(user)
    rows = list(inbox[page.offset : page.offset + page.limit])
    total = inbox.order_by().aggregate(total=Sum("unread"))["total"] or 0
    return ConversationPage(
        count=inbox.count(), unread=total, items=[_conversation_out(user, row.conversation, row) for row in rows]
    )


@router.post(
    "/conversations",
    response={200: DirectMessageSentOut, 201: DirectMessageSentOut, **_SEND_ERRORS},
    exclude_unset=True,  # `crisis` only when there is one: see hearth/safety/api.py
    summary="Send a message to a member",
    description="Starts the conversation with `to`, or continues it." + _SEND_DOC,
)
def send_to_member(request: HttpRequest, data: FirstMessageCreate) -> Status[DirectMessageSentOut]:
    user = member_of(request)
    return _send(user, member_named(user, data.to), data)


@router.get(
    "/conversations/{conversation_id}",
    response={200: ConversationDetail, **READ_ERRORS},
    summary="A conversation and a page of its messages",
    description=(
        "The latest messages, or those `before` an id, or those `after` one; oldest first. "
        "Reading does not mark them read (see `/read`). 404 for a conversation that is not yours."
    ),
)
def get_conversation(
    request: HttpRequest, conversation_id: ConversationId, query: Query[MessagesQuery]
) -> ConversationDetail:
    user = member_of(request)
    conversation = conversation_for(user, conversation_id)
    other = other_member(conversation, user.pk)
    found = conversation.messages.order_by("pk")
    if query.after:
        found = found.filter(pk__gt=query.after)
        shown = list(found[: query.limit])
        older = conversation.messages.filter(pk__lte=query.after).exists()
    else:
        if query.before is not None:
            found = found.filter(pk__lt=query.before)
        newest = list(found.order_by("-pk")[: query.limit + 1])
        older = len(newest) > query.limit
        shown = newest[: query.limit][::-1]
    row = inbox_of(user).filter(conversation=conversation).first()
    summary = _conversation_out(user, conversation, row)
    return ConversationDetail(
        **summary.model_dump(),
        can_send=may_message(user, other, conversation),
        messages=MessagePage(items=[message_out(user, message, other) for message in shown], older=older),
    )


@router.post(
    "/conversations/{conversation_id}/messages",
    response={200: DirectMessageSentOut, 201: DirectMessageSentOut, **_SEND_ERRORS},
    exclude_unset=True,  # `crisis` only when there is one: see hearth/safety/api.py
    summary="Send a message in a conversation",
    description=_SEND_DOC.strip(),
)
def send_in_conversation(
    request: HttpRequest, conversation_id: ConversationId, data: MessageCreate
) -> Status[DirectMessageSentOut]:
    user = member_of(request)
    conversation = conversation_for(user, conversation_id)
    return _send(user, other_member(conversation, user.pk), data)


@router.post(
    "/conversations/{conversation_id}/read",
    response={200: ReadOut, **WRITE_ERRORS, **NOT_FOUND},
    summary="Mark a conversation read",
    description='`{"up_to": 42}` marks it read up to that message; `{}` marks all of it. 404 when not yours.',
)
def mark_read(request: HttpRequest, conversation_id: ConversationId, data: ConversationRead) -> ReadOut:
    user = member_of(request)
    conversation = conversation_for(user, conversation_id)
    return ReadOut(unread=actions.do_mark_read(user, conversation, data.up_to))


@router.patch(
    "/conversations/{conversation_id}",
    response={200: ConversationOut, **WRITE_ERRORS, **NOT_FOUND},
    summary="Mute or unmute a conversation",
    description="404 when not yours.",
)
def change_conversation(
    request: HttpRequest, conversation_id: ConversationId, data: ConversationPatch
) -> ConversationOut:
    user = member_of(request)
    conversation = conversation_for(user, conversation_id)
    actions.do_set_muted(user, conversation, muted=data.muted)
    return _conversation_out(user, conversation, inbox_of(user).filter(conversation=conversation).first())


@router.post(
    "/direct-messages/{message_id}/report",
    response={201: ReportOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT, **TOO_MANY},
    summary="Report a message to the moderators",
    description=(
        "The member is never told who reported them. Reporting the same message again while the "
        "first report is open adds nothing. 404 for a message not in your conversations; 409 for "
        "your own message; 429, with `Retry-After`, after many reports."
    ),
)
def report(request: HttpRequest, message_id: MessageId, data: ReportCreate) -> Status[ReportOut]:
    user = member_of(request)
    message = message_for(user, message_id)
    other = other_member(message.conversation, user.pk)
    source = f"{conversation_url(other.handle)}#message-{message.pk}"
    with refused_as({"own": 409, "not_found": 404}):
        actions.do_report_message(user, message, data.reason, data.note, source_url=source)
    return Status(201, ReportOut(detail=THANKS))
