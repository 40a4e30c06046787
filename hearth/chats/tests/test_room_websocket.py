"""The live room over WebSocket: Maya and Tiffany see each other's messages in order; a dropped
connection resumes with exactly what it missed; bad frames get an error frame and the connection
stays; Sam, an outsider, and muted members are refused; an ended chat refuses messages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from hearth.accounts.models import User
from hearth.asgi import application
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import LiveChat
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community, make_persona_world

# Channels closes database connections from its own threads: the test needs real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

Frame = dict[str, Any]


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, members=[maya])


@pytest.fixture
def live(tiffany: User, lupus: Community) -> LiveChat:
    return make_live_chat(tiffany, lupus)


def session_of(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def communicator(chat: LiveChat, session: str | None = None, query: str = "") -> WebsocketCommunicator:
    headers = [(b"origin", b"http://localhost")]
    if session:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()))
    return WebsocketCommunicator(application, f"/ws/chats/{chat.pk}/{query}", headers=headers)


async def join(chat: LiveChat, session: str | None, query: str = "") -> tuple[WebsocketCommunicator, Frame]:
    socket = communicator(chat, session, query)
    _unread.pop(id(socket), None)
    connected, _ = await socket.connect(timeout=5)
    assert connected
    hello = await next_frame(socket)
    assert hello["type"] == "hello"
    return socket, hello


# Frames read while looking for another kind, kept for the next reads: a message's own frame
# may come before or after the sender's ack (docs/chat-protocol.md).
_unread: dict[int, list[Frame]] = {}


async def next_frame(socket: WebsocketCommunicator) -> Frame:
    """The next frame, passing over presence frames (they come when people come and go)."""
    kept = _unread.get(id(socket))
    if kept:
        return kept.pop(0)
    while True:
        frame: Frame = json.loads(await socket.receive_from(timeout=5))
        if frame["type"] != "presence":
            return frame


async def frames_until(socket: WebsocketCommunicator, count: int, kind: str = "message") -> list[Frame]:
    """Read until `count` frames of a kind have come; messages read meanwhile are kept for the
    next reads, other frames are dropped."""
    found: list[Frame] = []
    kept: list[Frame] = []
    while len(found) < count:
        frame = await next_frame(socket)
        if frame["type"] == kind:
            found.append(frame)
        elif frame["type"] == "message":
            kept.append(frame)
    _unread[id(socket)] = kept + _unread.get(id(socket), [])
    return found


async def frames_through(socket: WebsocketCommunicator, kind: str) -> list[Frame]:
    """Every frame (presence aside) up to and including the first of a kind."""
    found: list[Frame] = []
    while not found or found[-1]["type"] != kind:
        found.append(await next_frame(socket))
    return found


async def quiet(socket: WebsocketCommunicator, seconds: float = 0.5) -> list[Frame]:
    """Frames (presence aside) that come within a short wait: none, when all was sent."""
    found: list[Frame] = []
    while not await socket.receive_nothing(timeout=seconds):
        frame = json.loads(await socket.receive_from())
        if frame["type"] != "presence":
            found.append(frame)
    return found


async def closed_with(socket: WebsocketCommunicator) -> int:
    while True:
        output = await socket.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            # Gone, as a browser would be, so the consumer ends inside the test's event loop
            # (see closed_with in hearth/conversations/tests/test_realtime_messages.py).
            await socket.disconnect(code=int(output["code"]), timeout=5)
            return int(output["code"])


def post(user: User, chat: LiveChat, text: str) -> int:
    return actions.do_post_message(user, chat_access(user, chat.series), chat, text).message.seq


def test_two_members_receive_each_others_messages_in_order(tiffany: User, maya: User, live: LiveChat) -> None:
    maya_session, tiffany_session = session_of(maya), session_of(tiffany)

    async def scenario() -> None:
        maya_socket, hello = await join(live, maya_session)
        tiffany_socket, _ = await join(live, tiffany_session)
        assert hello["you"] == {
            "handle": "maya_r",
            "can_post": True,
            "why_not": None,
            "runs_room": False,
            "lurking": False,
        }

        await maya_socket.send_json_to({"type": "message", "body": "Hello from Maya", "client_id": "m-1"})
        (ack,) = await frames_until(maya_socket, 1, "ack")
        await tiffany_socket.send_json_to({"type": "message", "body": "Welcome, *Maya*", "client_id": "t-1"})
        for_maya = await frames_until(maya_socket, 2)
        for_tiffany = await frames_until(tiffany_socket, 2)

        assert ack.pop("took_ms") >= 0
        assert ack == {"type": "ack", "client_id": "m-1", "seq": 1, "duplicate": False}
        for frames in (for_maya, for_tiffany):
            assert [frame["seq"] for frame in frames] == [1, 2]
            assert [frame["author"] for frame in frames] == ["maya_r", "tiffany"]
            assert frames[1]["html"] == "<p>Welcome, <em>Maya</em></p>\n"
            assert 'id="m2"' in frames[1]["fragment"]
            assert "Host" in frames[1]["fragment"]
        await maya_socket.disconnect()
        await tiffany_socket.disconnect()

    async_to_sync(scenario)()


def test_the_same_client_id_twice_is_acknowledged_once_as_new(maya: User, live: LiveChat) -> None:
    session = session_of(maya)

    async def scenario() -> None:
        socket, _ = await join(live, session)
        frame = {"type": "message", "body": "Shaky connection", "client_id": "again-1"}
        await socket.send_json_to(frame)
        seen = await frames_through(socket, "ack")
        await socket.send_json_to(frame)
        seen += await frames_through(socket, "ack")
        seen += await quiet(socket)
        await socket.disconnect()

        acks = [(f["seq"], f["duplicate"]) for f in seen if f["type"] == "ack"]
        assert acks == [(1, False), (1, True)]
        assert [f["seq"] for f in seen if f["type"] == "message"] == [1]  # the broadcast, once

    async_to_sync(scenario)()


def test_a_reconnecting_client_gets_exactly_what_it_missed(tiffany: User, maya: User, live: LiveChat) -> None:
    post(maya, live, "Before the drop")
    session = session_of(tiffany)

    async def scenario() -> None:
        socket, hello = await join(live, session, "?since=0")
        (first,) = await frames_until(socket, 1)
        assert hello["seq"] == 1
        assert first["seq"] == 1
        await socket.disconnect()

        for number in (2, 3, 4):
            assert await sync_to_async(post)(maya, live, f"Missed {number}") == number

        socket, hello = await join(live, session, "?since=1")
        missed = await frames_until(socket, 3)
        extra = await quiet(socket)
        await sync_to_async(post)(maya, live, "After the return")
        (live_one,) = await frames_until(socket, 1)
        after = await quiet(socket)

        await socket.send_json_to({"type": "resume", "since": 3})
        resumed = await frames_until(socket, 2)
        await socket.disconnect()

        assert hello["seq"] == 4
        assert [frame["seq"] for frame in missed] == [2, 3, 4]
        assert [frame["text"] for frame in missed] == ["Missed 2", "Missed 3", "Missed 4"]
        assert [frame for frame in extra if frame["type"] == "message"] == []
        assert live_one["seq"] == 5
        assert [frame for frame in after if frame["type"] == "message"] == []
        assert [frame["seq"] for frame in resumed] == [4, 5]

    async_to_sync(scenario)()


def test_a_client_without_a_number_gets_only_new_messages(maya: User, tiffany: User, live: LiveChat) -> None:
    post(maya, live, "Already on the page")
    session = session_of(tiffany)

    async def scenario() -> None:
        socket, hello = await join(live, session)
        before = await quiet(socket)
        await socket.send_json_to({"type": "ping"})
        pong = await next_frame(socket)
        await socket.disconnect()

        assert hello["seq"] == 1
        assert before == []
        assert pong == {"type": "pong", "seq": 1}

    async_to_sync(scenario)()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "bad_frame"),
        ("[1, 2]", "bad_frame"),
        ('{"no": "type"}', "bad_frame"),
        ('{"type": "dance"}', "bad_frame"),
        ('{"type": "message", "body": 5}', "bad_frame"),
        ('{"type": "message", "body": "hi", "topic": "T1"}', "bad_frame"),
        ('{"type": "message", "body": "hi", "client_id": null}', "bad_frame"),
        ('{"type": "resume", "since": "yesterday"}', "bad_frame"),
        (json.dumps({"type": "message", "body": "x" * 2001}), "too_long"),
        ('{"type": "message", "body": "   "}', "empty"),
        ('{"type": "message", "body": "a\\u0000b"}', "null_characters"),
        ('{"type": "message", "body": "too early", "topic": 2}', "no_topic"),
    ],
)
def test_a_malformed_frame_gets_an_error_and_the_connection_stays(
    maya: User, live: LiveChat, text: str, code: str
) -> None:
    session = session_of(maya)

    async def scenario() -> None:
        socket, _ = await join(live, session)
        await socket.send_to(text_data=text)
        error = await next_frame(socket)
        await socket.send_json_to({"type": "message", "body": "Still here", "client_id": "after-1"})
        (ack,) = await frames_until(socket, 1, "ack")
        await socket.disconnect()

        assert error["type"] == "error"
        assert error["code"] == code
        assert error["detail"]
        assert ack["seq"] == 1

    async_to_sync(scenario)()


@pytest.mark.parametrize("visibility", ["closed", "private"])
@pytest.mark.parametrize("who", ["visitor", "non_member"])
def test_an_outsider_is_refused_with_4404(db: None, visibility: str, who: str) -> None:
    world = make_persona_world(visibility)
    chat = make_live_chat(world.people["founder"], world.community)
    session = None if who == "visitor" else session_of(world.people["non_member"])

    async def scenario() -> None:
        socket = communicator(chat, session, "?since=0")
        await socket.connect(timeout=5)
        assert await closed_with(socket) == 4404

    async_to_sync(scenario)()


def test_a_chat_that_does_not_exist_is_refused_with_4404(maya: User) -> None:
    session = session_of(maya)

    async def scenario() -> None:
        for chat_id in (987654, 2**70):
            socket = WebsocketCommunicator(
                application,
                f"/ws/chats/{chat_id}/",
                headers=[(b"origin", b"http://localhost"), (b"cookie", f"sessionid={session}".encode())],
            )
            await socket.connect(timeout=5)
            assert await closed_with(socket) == 4404

    async_to_sync(scenario)()


def test_a_visitor_of_a_public_chat_reads_but_cannot_post(maya: User, live: LiveChat) -> None:
    post(maya, live, "For everyone to read")

    async def scenario() -> None:
        socket, hello = await join(live, None, "?since=0")
        (message,) = await frames_until(socket, 1)
        await socket.send_json_to({"type": "message", "body": "Drive-by", "client_id": "v-1"})
        error = await next_frame(socket)
        await socket.disconnect()

        assert hello["you"]["can_post"] is False
        assert message["text"] == "For everyone to read"
        assert (error["type"], error["code"], error["client_id"]) == ("error", "closed", "v-1")

    async_to_sync(scenario)()


def test_a_muted_member_is_closed_with_4403_and_refused_on_reconnect(tiffany: User, maya: User, live: LiveChat) -> None:
    session = session_of(maya)
    host = chat_access(tiffany, live.series)

    async def scenario() -> None:
        socket, _ = await join(live, session)
        await sync_to_async(actions.do_mute_participant)(tiffany, host, live, "maya_r", "Selling")
        muted = await next_frame(socket)
        assert muted["type"] == "muted"
        assert await closed_with(socket) == 4403

        again = communicator(live, session)
        await again.connect(timeout=5)
        refusal = await next_frame(again)
        assert (refusal["type"], refusal["code"]) == ("error", "muted")
        assert await closed_with(again) == 4403

    async_to_sync(scenario)()


def test_posting_to_an_ended_chat_gets_an_error_frame(tiffany: User, maya: User, live: LiveChat) -> None:
    session = session_of(maya)
    host = chat_access(tiffany, live.series)

    async def scenario() -> None:
        socket, _ = await join(live, session)
        await sync_to_async(actions.do_end_chat)(tiffany, host, live)
        (state,) = await frames_until(socket, 1, "state")
        await socket.send_json_to({"type": "message", "body": "Am I late?", "client_id": "late-1"})
        error = await frames_until(socket, 1, "error")
        await socket.disconnect()

        assert state["state"] == "ended"
        assert error[0]["code"] == "closed"
        assert "ended" in error[0]["detail"]

    async_to_sync(scenario)()


def test_a_chat_already_over_says_so_at_hello_and_refuses(tiffany: User, maya: User, lupus: Community) -> None:
    ended = make_live_chat(tiffany, lupus, tag="Over", ended=True)
    session = session_of(maya)

    async def scenario() -> None:
        socket, hello = await join(ended, session)
        await socket.send_json_to({"type": "message", "body": "Hello?"})
        error = await next_frame(socket)
        await socket.disconnect()

        assert hello["state"] == "ended"
        assert hello["you"]["can_post"] is False
        assert error["code"] == "closed"

    async_to_sync(scenario)()


def test_slow_mode_set_after_connecting_applies_to_the_open_connection(
    tiffany: User, maya: User, live: LiveChat
) -> None:
    session = session_of(maya)
    host = chat_access(tiffany, live.series)

    async def scenario() -> None:
        socket, _ = await join(live, session)
        await sync_to_async(actions.do_set_slow_mode)(tiffany, host, live, 30)
        (state,) = await frames_until(socket, 1, "state")
        await socket.send_json_to({"type": "message", "body": "First", "client_id": "s-1"})
        await frames_until(socket, 1, "ack")
        await socket.send_json_to({"type": "message", "body": "Second", "client_id": "s-2"})
        (error,) = await frames_until(socket, 1, "error")
        await socket.disconnect()

        assert state["slow_mode_seconds"] == 30
        assert error["code"] == "rate_limited"
        assert error["client_id"] == "s-2"
        assert 1 <= error["retry_after"] <= 30

    async_to_sync(scenario)()


def test_released_topics_hidden_and_pinned_messages_reach_the_room(tiffany: User, maya: User, live: LiveChat) -> None:
    session = session_of(maya)
    host = chat_access(tiffany, live.series)

    async def scenario() -> None:
        socket, _ = await join(live, session)
        await sync_to_async(actions.do_release_topic)(tiffany, host, live)
        topic = await next_frame(socket)
        seq = await sync_to_async(post)(maya, live, "An answer")
        await frames_until(socket, 1)
        await sync_to_async(actions.do_pin_message)(tiffany, host, live, seq)
        pinned = await frames_until(socket, 1, "pinned")
        await sync_to_async(actions.do_hide_message)(tiffany, host, live, seq)
        hidden = await frames_until(socket, 1, "hidden")
        await sync_to_async(actions.do_enter_room)(maya, live, lurking=True)
        await socket.send_json_to({"type": "lurk", "on": False})
        presence = await frames_until_presence(socket)
        await socket.disconnect()

        assert topic == {
            "type": "topic",
            "number": 1,
            "label": "T1",
            "title": "How did you learn you had lupus?",
            "released_at": topic["released_at"],
        }
        assert pinned[0] == {"type": "pinned", "seq": 1, "text": "An answer"}
        assert hidden[0] == {"type": "hidden", "seq": 1}
        assert [person["handle"] for person in presence["listed"]] == ["maya_r"]

    async_to_sync(scenario)()


async def frames_until_presence(socket: WebsocketCommunicator) -> Frame:
    while True:
        frame: Frame = json.loads(await socket.receive_from(timeout=5))
        if frame["type"] == "presence":
            return frame
