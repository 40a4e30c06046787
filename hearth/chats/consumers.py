"""The live room over WebSocket: `ws/chats/<id>/?since=N`. The protocol (frames and close codes)
is written down in docs/chat-protocol.md.

Nothing is lost and nothing is repeated: each message carries its session's sequence number;
a client (re)connects with the last number it has, and the consumer joins the room's group
*before* reading what was missed from the database, then forwards live frames only above the
last number it sent. A live frame that arrives ahead of one still in flight from another worker
(a gap) is filled from the database first, where every lower number is already committed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from hearth.chats import actions, events
from hearth.chats.access import ChatAccess, live_chat_for, may_post
from hearth.chats.models import ChatMessage, LiveChat, Participant, Topic
from hearth.lib import fanout
from hearth.lib.ratelimit import RateLimited
from hearth.safety.actions import do_notice_crisis
from hearth.safety.models import CheckedContent

log = logging.getLogger(__name__)

NOT_FOUND = 4404  # no such chat, or not for this person: the two look the same
MUTED = 4403
BACKLOG_BATCH = 500
TOUCH_EVERY = 20.0  # seconds between presence writes for one connection
RECHECK_EVERY = 60.0  # seconds between access checks on an open connection
PRESENCE_DELAY = 2.0  # presence frames are gathered: one per room every 2 s at most
MAX_ID = 2**63 - 1
INBOX_LIMIT = 1000  # frames waiting for one connection before it is closed to catch up later
TOO_FAR_BEHIND = 4408  # close code: reconnect and resume from your last number

_fragments: OrderedDict[tuple[int, bool], str] = OrderedDict()  # (message id, hidden) → fragment
_FRAGMENTS_KEPT = 5000
_presence_pending: dict[int, float] = {}  # chat id → when its presence frame was scheduled
HIDDEN_LISTED = 1000  # hidden message numbers in "hello": the latest ones


def _fragment(message: ChatMessage, hosts: set[int], guests: set[int]) -> str:
    key = (message.pk, message.hidden_at is not None)
    text = _fragments.get(key)
    if text is None:
        text = events.message_fragment(
            message, is_guest=message.author_id in guests, is_host=message.author_id in hosts
        )
        _fragments[key] = text
        if len(_fragments) > _FRAGMENTS_KEPT:
            _fragments.popitem(last=False)
    return text


class RoomConsumer(AsyncWebsocketConsumer):
    chat: LiveChat
    access: ChatAccess
    last_sent: int
    joined: bool = False
    counted: bool = False  # a member, seen in the room (not a visitor reading a public chat)

    async def connect(self) -> None:
        chat_id = int(self.scope["url_route"]["kwargs"]["chat_id"])
        if chat_id > MAX_ID:  # names no chat (and would overflow the database's integer)
            await self.accept()
            await self.close(code=NOT_FOUND)
            return
        self.user = self.scope.get("user")
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        try:
            since = int(query.get("since", ["-1"])[0])
        except ValueError:
            since = -1
        found = await database_sync_to_async(self._authorise)(chat_id)
        await self.accept()
        if found is None:
            await self.close(code=NOT_FOUND)
            return
        if found == "muted":
            await self.send_json(
                {"type": "error", "code": "muted", "detail": "A host muted you for the rest of this chat."}
            )
            await self.close(code=MUTED)
            return
        self.group = events.group_name(self.chat.pk)
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        await fanout.join(self.channel_layer, self.group, self)
        self.joined = True
        self.last_touch = self.last_check = time.monotonic()
        hello = await database_sync_to_async(self._hello)()
        await self.send_json(hello)
        self.last_sent = hello["seq"] if since < 0 else min(since, hello["seq"])
        await self._catch_up(until=None)
        self.writer = asyncio.create_task(self._write())
        self._schedule_presence()

    def _authorise(self, chat_id: int) -> str | None:
        try:
            self.chat, self.access = live_chat_for(self.user, chat_id)
        except Http404:
            return None
        participant = None
        if getattr(self.user, "is_authenticated", False):
            participant = Participant.objects.filter(live_chat=self.chat, user=self.user).first()
            if participant is not None and participant.muted_at is not None:
                return "muted"
        # Members take part (and count in the transcript's figures); other readers only read.
        self.counted = bool(getattr(self.user, "is_authenticated", False) and self.access.community.is_member)
        if self.counted:
            actions.do_enter_room(self.user, self.chat)
        series = self.chat.series
        self.hosts = set(series.hosts.values_list("pk", flat=True))
        self.guests = set(series.guests.values_list("pk", flat=True))
        return "ok"

    def _hello(self) -> dict[str, Any]:
        now = timezone.now()
        actions.release_due_topics(self.chat, now)
        chat = LiveChat.objects.select_related("series", "pinned", "current_topic").get(pk=self.chat.pk)
        chat.series.community = self.chat.community
        self.chat = chat
        topics = [
            events.topic_frame(topic)
            for topic in Topic.objects.filter(live_chat=chat, released_at__isnull=False).order_by("number")
        ]
        participant = None
        if getattr(self.user, "is_authenticated", False):
            participant = Participant.objects.filter(live_chat=chat, user=self.user).first()
        refusal = may_post(self.access, chat, participant, now)
        return {
            "type": "hello",
            "chat": chat.pk,
            "seq": chat.last_seq,
            **{k: v for k, v in events.state_frame(chat, now).items() if k != "type"},
            "topics": topics,
            "current_topic": chat.current_topic.number if chat.current_topic else None,
            "hidden": sorted(
                ChatMessage.objects.filter(live_chat=chat, hidden_at__isnull=False)
                .order_by("-seq")
                .values_list("seq", flat=True)[:HIDDEN_LISTED]
            ),
            "you": {
                "handle": self.user.handle if getattr(self.user, "is_authenticated", False) else None,
                "can_post": refusal is None,
                "why_not": refusal,
                "runs_room": self.access.can_run_room,
                "lurking": bool(participant and participant.lurking),
            },
        }

    def _backlog(self, after: int, until: int | None) -> list[str]:
        found = ChatMessage.objects.filter(live_chat_id=self.chat.pk, seq__gt=after).select_related("author", "topic")
        if until is not None:
            found = found.filter(seq__lt=until)
        texts = []
        for message in found.order_by("seq")[:BACKLOG_BATCH]:
            message.live_chat = self.chat  # the fragment's permalink reads the session, once
            frame = {"type": "message", **events.message_data(message)}
            frame["fragment"] = _fragment(message, self.hosts, self.guests)
            texts.append(json.dumps(frame, separators=(",", ":")))
        return texts

    async def _catch_up(self, until: int | None) -> None:
        """Send every message above `last_sent` (and below `until`) from the database."""
        while True:
            texts = await database_sync_to_async(self._backlog)(self.last_sent, until)
            for text in texts:
                await self.send(text_data=text)
            if texts:
                self.last_sent = json.loads(texts[-1])["seq"]
            if len(texts) < BACKLOG_BATCH:
                return

    async def disconnect(self, code: int) -> None:
        if not self.joined:
            return
        await fanout.leave(self.channel_layer, self.group, self)
        writer = getattr(self, "writer", None)
        if writer is not None:
            writer.cancel()
        if self.counted:
            await database_sync_to_async(self._leave)()
        self._schedule_presence()

    def _leave(self) -> None:
        # Marked as gone; another open tab of the same member shows them again at its next ping.
        Participant.objects.filter(live_chat=self.chat, user=self.user).update(
            last_seen_at=timezone.now() - actions.PRESENCE_WINDOW
        )

    # --- frames from the client ---------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            frame = json.loads(text_data) if text_data is not None else None
        except ValueError:
            frame = None
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self._error("bad_frame", 'Frames are JSON objects with a "type"; see docs/chat-protocol.md.')
            return
        kind = frame["type"]
        if kind == "message":
            await self._post(frame)
        elif kind == "ping":
            await self._ping()
        elif kind == "resume":
            since = frame.get("since")
            if not isinstance(since, int) or isinstance(since, bool) or since < 0:
                await self._error("bad_frame", '"since" is the last sequence number you have (0 for all).')
                return
            self.last_sent = min(self.last_sent, since)
            await self._catch_up(until=None)
        elif kind == "lurk":
            if self.counted:
                await database_sync_to_async(actions.do_enter_room)(self.user, self.chat, lurking=bool(frame.get("on")))
                self._schedule_presence()
        else:
            await self._error("bad_frame", f"Unknown frame type {kind[:40]!r}.")

    async def _post(self, frame: dict[str, Any]) -> None:
        body, topic, client_id = frame.get("body"), frame.get("topic"), frame.get("client_id", "")
        if (
            not isinstance(body, str)
            or not isinstance(client_id, str)
            or not (topic is None or (isinstance(topic, int) and not isinstance(topic, bool)))
        ):
            await self._error(
                "bad_frame",
                'A message frame has "body" (text), and may have "topic" (a number) and "client_id" (text).',
                client_id=client_id if isinstance(client_id, str) else "",
            )
            return
        if not getattr(self.user, "is_authenticated", False):
            await self._error("closed", "Log in and join the community to take part.", client_id=client_id)
            return
        started = time.perf_counter()
        try:
            accepted = await database_sync_to_async(actions.do_post_message)(
                self.user, self.access, self.chat, body, topic=topic, client_id=client_id
            )
        except RateLimited as limited:
            await self._error("rate_limited", limited.message, client_id=client_id, retry_after=limited.retry_after)
        except actions.TooLong as error:
            await self._error("too_long", error.messages[0], client_id=client_id)
        except actions.ChatClosed as error:
            await self._error("closed", error.messages[0], client_id=client_id)
        except ValidationError as error:
            await self._error(error.code or "invalid", error.messages[0], client_id=client_id)
        else:
            await self.send_json(
                {
                    "type": "ack",
                    "client_id": client_id,
                    "seq": accepted.message.seq,
                    "duplicate": not accepted.created,
                    # The server's own time from taking the message to its durable write.
                    "took_ms": round((time.perf_counter() - started) * 1000, 1),
                }
            )
            # After the ack, so the message is never held up: help for its author alone, on this socket.
            crisis = await database_sync_to_async(self._notice_crisis)(body, accepted.message)
            if crisis is not None:
                await self.send_json({"type": "crisis", **crisis})

    def _notice_crisis(self, body: str, message: ChatMessage) -> dict[str, Any] | None:
        crisis = do_notice_crisis(
            self.user,
            body,
            what=CheckedContent.CHAT_MESSAGE,
            object_id=message.pk,
            community=self.access.community.community,
        )
        return crisis.as_dict() if crisis is not None else None

    async def _ping(self) -> None:
        now = time.monotonic()
        if now - self.last_check > RECHECK_EVERY:
            self.last_check = now
            found = await database_sync_to_async(self._authorise)(self.chat.pk)
            if found != "ok":
                await self.close(code=MUTED if found == "muted" else NOT_FOUND)
                return
        elif now - self.last_touch > TOUCH_EVERY and self.counted:
            self.last_touch = now
            await database_sync_to_async(actions.do_enter_room)(self.user, self.chat)
        await self.send_json({"type": "pong", "seq": self.last_sent})

    async def _error(self, code: str, detail: str, **extra: Any) -> None:
        await self.send_json({"type": "error", "code": code, "detail": detail, **extra})

    async def send_json(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(frame, separators=(",", ":")))

    # --- frames from the room's group ---------------------------------------------------------

    def deliver(self, event: dict[str, Any]) -> None:
        """A frame of the room, from this worker's subscription (lib/fanout.py): queued for this
        connection's writer, in order. A reader so far behind is closed instead; it resumes
        from its last number when it reconnects."""
        if self.inbox.qsize() >= INBOX_LIMIT:
            if getattr(self, "closing", None) is None:
                self.closing = asyncio.ensure_future(self.close(code=TOO_FAR_BEHIND))
            return
        self.inbox.put_nowait(event)

    async def _write(self) -> None:
        while True:
            event = await self.inbox.get()
            try:
                if event["type"] == "room.personal":
                    await self.room_personal(event)
                else:
                    await self.room_frame(event)
            except asyncio.CancelledError:
                raise
            except Exception:  # a connection that went away mid-send: its disconnect follows
                log.debug("could not write to a room connection", exc_info=True)
                return

    async def room_frame(self, event: dict[str, Any]) -> None:
        seq = event.get("seq")
        if seq is None:
            await self.send(text_data=event["text"])
            return
        if seq <= self.last_sent:
            return  # already sent from the database
        if seq > self.last_sent + 1:
            await self._catch_up(until=seq)  # another worker's frame is still on its way
        await self.send(text_data=event["text"])
        self.last_sent = seq

    async def room_personal(self, event: dict[str, Any]) -> None:
        if getattr(self.user, "pk", None) != event["user_id"]:
            return
        await self.send(text_data=event["text"])
        if json.loads(event["text"]).get("type") == "muted":
            await self.close(code=MUTED)

    # --- presence -----------------------------------------------------------------------------

    def _schedule_presence(self) -> None:
        chat_id = self.chat.pk
        loop = asyncio.get_running_loop()
        pending = _presence_pending.get(chat_id)
        if pending is not None and loop.time() - pending < 2 * PRESENCE_DELAY:
            return  # one is on its way (an older mark is from a loop that stopped before sending)
        _presence_pending[chat_id] = loop.time()
        loop.call_later(PRESENCE_DELAY, lambda: asyncio.ensure_future(_send_presence(self.channel_layer, self.chat)))


async def _send_presence(layer: Any, chat: LiveChat) -> None:
    _presence_pending.pop(chat.pk, None)
    try:
        frame = await database_sync_to_async(_presence_frame)(chat)
        await layer.group_send(
            events.group_name(chat.pk), {"type": "room.frame", "text": json.dumps(frame), "seq": None}
        )
    except Exception:  # presence is a courtesy; the next change sends it again
        log.warning("could not send presence of chat %s", chat.pk, exc_info=True)


def _presence_frame(chat: LiveChat) -> dict[str, Any]:
    here = actions.presence(chat)
    return {
        "type": "presence",
        "count": here.count,
        "listed": [{"handle": user.handle, "name": user.public_name} for user in here.listed],
        "lurkers": here.lurkers,
    }
