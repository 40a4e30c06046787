"""What a conversation tells its two members' open pages, as JSON frames over the channel layer,
sent only after the message's transaction commits. The frames are listed in
docs/chat-protocol.md, "Direct messages".

A message reads differently to its two members ("You" and no report link for the sender), so
each new message is rendered once for each of them, after the commit, and each connection
forwards the text meant for its own member.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.template.loader import render_to_string

from hearth.accounts.models import User
from hearth.conversations.models import DirectMessage

log = logging.getLogger(__name__)

EVENT = "conversation.message"


def group_name(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def message_frame(message: DirectMessage, viewer: User) -> dict[str, Any]:
    """A message as `viewer`, one of the two members, sees it."""
    return {
        "type": "message",
        "id": message.pk,
        "sender": message.sender.handle,
        "html": message.html,
        "created_at": message.created_at.isoformat(),
        "fragment": render_to_string("conversations/_message.html", {"message": message, "user": viewer}),
    }


def frame_text(frame: dict[str, Any]) -> str:
    return json.dumps(frame, separators=(",", ":"))


def message_event(message: DirectMessage, members: tuple[User, User]) -> dict[str, Any]:
    """The channel layer's event for a committed message: its frame's text for each member, and
    the id of the message before it in the conversation (0 for the first), so a connection can
    tell when another one is still on its way."""
    previous = (
        DirectMessage.objects.filter(conversation_id=message.conversation_id, pk__lt=message.pk)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "type": EVENT,
        "id": message.pk,
        "previous": previous or 0,
        "sender_id": message.sender_id,
        "texts": {str(member.pk): frame_text(message_frame(message, member)) for member in members},
    }


def send_message(message: DirectMessage, members: tuple[User, User]) -> None:
    """Tell both members' open pages about a new message, once the transaction commits."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:  # pragma: no cover  (always configured)
            return
        try:
            event = message_event(message, members)
            async_to_sync(layer.group_send)(group_name(message.conversation_id), event)
        except Exception:  # the message is written; open pages catch up when they reconnect
            log.warning("could not send message %s to its conversation", message.pk, exc_info=True)

    transaction.on_commit(send)
