"""What the room tells its clients, as JSON frames, sent over the channel layer after commit.

Each frame's text is made once, here, and every consumer in the session's group forwards it as
is: 500 people in a room cost one rendering, not 500. The frames are listed in
docs/chat-protocol.md.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.template.loader import render_to_string

from hearth.chats.models import ChatMessage, LiveChat, Topic

log = logging.getLogger(__name__)


def group_name(chat_id: int) -> str:
    return f"chat.{chat_id}"


def message_data(message: ChatMessage) -> dict[str, Any]:
    """A message as the API and the frames show it. Hidden ones keep their number and lose
    their text, so a client's sequence stays whole."""
    topic = message.topic
    hidden = message.hidden_at is not None
    return {
        "seq": message.seq,
        "author": None if hidden else message.author.handle,
        "author_name": None if hidden else message.author.public_name,
        "topic": topic.number if topic else None,
        "label": topic.answer_label if topic else None,
        "html": "" if hidden else message.html,
        "text": "" if hidden else message.plain_text,
        "hidden": hidden,
        "created_at": message.created_at.isoformat(),
    }


def message_fragment(message: ChatMessage, *, is_guest: bool = False, is_host: bool = False) -> str:
    return render_to_string(
        # One fragment for everyone in the room: the Report link is in it, and the page's script
        # takes it away for the message's author and for visitors (data-author, data-viewer).
        "chats/_message.html",
        {"message": message, "is_guest": is_guest, "is_host": is_host, "live": True, "for_everyone": True},
    )


def message_frame(message: ChatMessage, *, is_guest: bool, is_host: bool) -> dict[str, Any]:
    return {
        "type": "message",
        **message_data(message),
        "fragment": message_fragment(message, is_guest=is_guest, is_host=is_host),
        "accepted_at": time.time(),
    }


def topic_frame(topic: Topic) -> dict[str, Any]:
    return {
        "type": "topic",
        "number": topic.number,
        "label": topic.label,
        "title": topic.title,
        "released_at": topic.released_at.isoformat() if topic.released_at else None,
    }


def state_frame(chat: LiveChat, now: Any) -> dict[str, Any]:
    return {
        "type": "state",
        "state": chat.state_at(now),
        "slow_mode_seconds": chat.slow_mode_seconds,
        "pinned": chat.pinned.seq if chat.pinned_id and chat.pinned else None,
        "ends_at": chat.closes_at.isoformat(),
    }


def send_to_room(chat_id: int, frame: dict[str, Any] | Callable[[], dict[str, Any]]) -> None:
    """Send a frame to everyone in the room once the transaction commits. A frame may be given
    as a function, to build it after the commit (outside any lock the transaction held)."""

    def send() -> None:
        built = frame() if callable(frame) else frame
        text = json.dumps(built, separators=(",", ":"))
        layer = get_channel_layer()
        if layer is None:  # pragma: no cover  (always configured)
            return
        try:
            event = {
                "type": "room.frame",
                "text": text,
                "seq": built.get("seq") if built["type"] == "message" else None,
            }
            async_to_sync(layer.group_send)(group_name(chat_id), event)
        except Exception:  # the write is durable; clients catch up from their last number
            log.warning("could not send a frame to chat %s", chat_id, exc_info=True)

    transaction.on_commit(send)


def send_to_member(chat_id: int, user_id: int, frame: dict[str, Any]) -> None:
    """A frame for one member's connections in a room (say, "you were muted")."""
    text = json.dumps(frame, separators=(",", ":"))

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:  # pragma: no cover
            return
        try:
            async_to_sync(layer.group_send)(
                group_name(chat_id), {"type": "room.personal", "user_id": user_id, "text": text}
            )
        except Exception:
            log.warning("could not send a frame to chat %s", chat_id, exc_info=True)

    transaction.on_commit(send)
