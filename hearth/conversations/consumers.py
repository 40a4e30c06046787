"""A conversation's new messages over WebSocket: `ws/messages/<conversation id>/?since=<id>`,
for its two members' open pages. The protocol is in docs/chat-protocol.md, "Direct messages".

Nothing is lost and nothing is repeated, as in a live chat's room: the consumer joins the
conversation's group *before* reading what the client missed from the database, then forwards
live messages only above the last id it sent. A conversation's messages are written under its
lock, so their ids grow in commit order; a live message whose previous one was not sent yet (its
frame still on its way from another worker) is preceded by that gap, read from the database.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import Http404

from hearth.conversations import events
from hearth.conversations.access import live_conversation_for
from hearth.conversations.actions import do_mark_read
from hearth.conversations.models import Conversation
from hearth.lib import fanout

log = logging.getLogger(__name__)

NOT_FOUND = 4404  # no such conversation, not this person's, or across a block: all look the same
TOO_FAR_BEHIND = 4408  # close code: reconnect and resume from your last id
INBOX_LIMIT = 200  # frames waiting for one connection before it is closed to catch up later
BACKLOG_BATCH = 200
MAX_ID = 2**63 - 1


def _since(query_string: bytes) -> int | None:
    """The last message id the client has; None when it gave none (it wants new ones only)."""
    value = parse_qs(query_string.decode("latin-1")).get("since", [""])[0]
    if not (value.isascii() and value.isdigit()):
        return None
    return min(int(value), MAX_ID)


class ConversationConsumer(AsyncWebsocketConsumer):
    conversation: Conversation
    last_sent: int
    joined: bool = False
    stopped: bool = False

    async def connect(self) -> None:
        conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        self.user = self.scope.get("user")
        since = _since(self.scope.get("query_string", b""))
        # An id too large for the database names no conversation.
        found = conversation_id <= MAX_ID and await database_sync_to_async(self._authorise)(conversation_id)
        await self.accept()
        if not found:
            await self.close(code=NOT_FOUND)
            return
        self.group = events.group_name(self.conversation.pk)
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        await fanout.join(self.channel_layer, self.group, self)
        self.joined = True
        if since is None:
            self.last_sent = await database_sync_to_async(self._latest)()
        else:
            self.last_sent = since
            await self._catch_up(until=None)
        self.writer = asyncio.create_task(self._write())

    def _authorise(self, conversation_id: int) -> bool:
        try:
            self.conversation = live_conversation_for(self.user, conversation_id)
        except Http404:
            return False
        return True

    def _still_allowed(self) -> bool:
        try:
            live_conversation_for(self.user, self.conversation.pk)
        except Http404:
            return False
        return True

    def _latest(self) -> int:
        return self.conversation.messages.order_by("-pk").values_list("pk", flat=True).first() or 0

    def _backlog(self, after: int, until: int | None) -> list[tuple[int, str]]:
        found = self.conversation.messages.filter(pk__gt=after).select_related("sender")
        if until is not None:
            found = found.filter(pk__lt=until)
        batch = list(found.order_by("pk")[:BACKLOG_BATCH])
        if any(message.sender_id != self.user.pk for message in batch):
            do_mark_read(self.user, self.conversation, up_to=batch[-1].pk)  # shown on the open page
        return [(message.pk, events.frame_text(events.message_frame(message, self.user))) for message in batch]

    async def _catch_up(self, until: int | None) -> None:
        """Send every message above `last_sent` (and below `until`) from the database."""
        while True:
            batch = await database_sync_to_async(self._backlog)(self.last_sent, until)
            for message_id, text in batch:
                await self.send(text_data=text)
                self.last_sent = message_id
            if len(batch) < BACKLOG_BATCH:
                return

    async def disconnect(self, code: int) -> None:
        self.stopped = True
        if not self.joined:
            return
        await fanout.leave(self.channel_layer, self.group, self)
        writer = getattr(self, "writer", None)
        if writer is not None:
            writer.cancel()

    async def _stop(self, code: int) -> None:
        self.stopped = True
        await self.close(code=code)

    # --- frames from the client ---------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            frame = json.loads(text_data) if text_data is not None else None
        except ValueError:
            frame = None
        if isinstance(frame, dict) and frame.get("type") == "ping":
            # A block may have come since the last message: the answer to a ping checks again.
            if not await database_sync_to_async(self._still_allowed)():
                await self._stop(NOT_FOUND)
                return
            await self.send_json({"type": "pong", "id": self.last_sent})
            return
        await self.send_json(
            {"type": "error", "code": "bad_frame", "detail": 'The only frame to send is {"type": "ping"}.'}
        )

    async def send_json(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=events.frame_text(frame))

    # --- frames from the conversation's group -------------------------------------------------

    def deliver(self, event: dict[str, Any]) -> None:
        """A frame of the conversation, from this worker's subscription (lib/fanout.py): queued
        for this connection's writer, in order. A reader so far behind is closed instead; it
        resumes from its last id when it reconnects."""
        if self.stopped:
            return
        if self.inbox.qsize() >= INBOX_LIMIT:
            self.stopped = True
            self.closing = asyncio.ensure_future(self.close(code=TOO_FAR_BEHIND))
            return
        self.inbox.put_nowait(event)

    async def _write(self) -> None:
        while not self.stopped:
            event = await self.inbox.get()
            try:
                await self._forward(event)
            except asyncio.CancelledError:
                raise
            except Exception:  # a connection that went away mid-send: its disconnect follows
                log.debug("could not write to a conversation connection", exc_info=True)
                return

    async def _forward(self, event: dict[str, Any]) -> None:
        if event.get("type") != events.EVENT or event["id"] <= self.last_sent:
            return  # already sent from the database
        text = event["texts"].get(str(self.user.pk))
        if text is None:
            return
        # A block since connecting: this message is not shown, and the socket closes.
        if not await database_sync_to_async(self._check_and_read)(event):
            await self._stop(NOT_FOUND)
            return
        if event["previous"] > self.last_sent:
            await self._catch_up(until=event["id"])  # another worker's frame is still on its way
        await self.send(text_data=text)
        self.last_sent = event["id"]

    def _check_and_read(self, event: dict[str, Any]) -> bool:
        if not self._still_allowed():
            return False
        if event["sender_id"] != self.user.pk:
            do_mark_read(self.user, self.conversation, up_to=event["id"])  # shown on the open page
        return True
