"""Tiffany has her conversation with Maya open: Maya's messages arrive over the conversation's
WebSocket as they are sent, once each; a dropped connection resumes with exactly what it missed;
Ravi, who is not part of it, and a signed-out visitor are refused as if it did not exist; a block
closes the socket; and nothing is sent for a message that was rolled back."""

from __future__ import annotations

import contextlib
import json
from typing import Any
from unittest import mock

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import AsyncClient, Client

from hearth.accounts.models import User
from hearth.asgi import application
from hearth.connections.actions import do_block
from hearth.connections.tests.factories import connect
from hearth.conversations import events
from hearth.conversations.actions import do_send
from hearth.conversations.models import Conversation, ConversationMember, DirectMessage

# Channels closes database connections from its own threads: the test needs real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

Frame = dict[str, Any]


@pytest.fixture
def first(maya: User, tiffany: User) -> DirectMessage:
    """Maya and Tiffany are connected, and Maya has written once."""
    connect(maya, tiffany)
    return do_send(maya, tiffany, "Hello Tiffany").message


def session_of(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def communicator(conversation_id: int, session: str | None, query: str = "") -> WebsocketCommunicator:
    headers = [(b"origin", b"http://localhost")]
    if session:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()))
    return WebsocketCommunicator(application, f"/ws/messages/{conversation_id}/{query}", headers=headers)


async def opened(conversation_id: int, session: str | None, query: str = "") -> WebsocketCommunicator:
    socket = communicator(conversation_id, session, query)
    connected, _ = await socket.connect(timeout=5)
    assert connected
    return socket


async def settled(socket: WebsocketCommunicator) -> list[Frame]:
    """The frames sent until the consumer has joined and caught up: it answers a ping only once
    `connect` is over (the accept comes first, and with Redis the joining takes a round trip)."""
    await socket.send_json_to({"type": "ping"})
    found: list[Frame] = []
    while (frame := json.loads(await socket.receive_from(timeout=5)))["type"] != "pong":
        found.append(frame)
    return found


async def frames(socket: WebsocketCommunicator, count: int) -> list[Frame]:
    return [json.loads(await socket.receive_from(timeout=5)) for _ in range(count)]


async def quiet(socket: WebsocketCommunicator, seconds: float = 0.5) -> list[Frame]:
    """Frames that come within a short wait: none, when all was sent."""
    found: list[Frame] = []
    while not await socket.receive_nothing(timeout=seconds):
        found.append(json.loads(await socket.receive_from()))
    return found


async def closed_with(socket: WebsocketCommunicator) -> tuple[int, list[Frame]]:
    """The close code, and any frame sent before it. The client then says it is gone, as a browser
    does, so the consumer ends while the test's event loop runs: left waiting on the Redis channel
    layer, it was cancelled only when the loop closed, and that cancellation could hang the run."""
    sent: list[Frame] = []
    while True:
        output = await socket.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            await socket.disconnect(code=int(output["code"]), timeout=5)
            return int(output["code"]), sent
        sent.append(json.loads(output["text"]))


def send(sender: User, recipient: User, text: str) -> int:
    return do_send(sender, recipient, text).message.pk


def test_tiffany_receives_mayas_message_live(maya: User, tiffany: User, first: DirectMessage) -> None:
    tiffany_session, maya_session = session_of(tiffany), session_of(maya)

    async def scenario() -> None:
        tiffany_socket = await opened(first.conversation_id, tiffany_session, f"?since={first.pk}")
        maya_socket = await opened(first.conversation_id, maya_session, f"?since={first.pk}")
        before = await quiet(tiffany_socket)
        sent = await sync_to_async(send)(maya, tiffany, "Are you coming on *Monday*?")
        (for_tiffany,) = await frames(tiffany_socket, 1)
        (for_maya,) = await frames(maya_socket, 1)
        after = await quiet(tiffany_socket) + await quiet(maya_socket)
        await tiffany_socket.disconnect()
        await maya_socket.disconnect()

        assert before == []
        assert after == []
        assert for_tiffany["type"] == for_maya["type"] == "message"
        assert for_tiffany["id"] == for_maya["id"] == sent
        assert for_tiffany["sender"] == "maya_r"
        assert for_tiffany["html"] == "<p>Are you coming on <em>Monday</em>?</p>\n"
        # Each reads it as their own page shows it: Tiffany may report it, Maya wrote it.
        assert f'<li id="message-{sent}"' in for_tiffany["fragment"]
        assert "Report" in for_tiffany["fragment"]
        assert "You" not in for_tiffany["fragment"]
        assert "<strong>You</strong>" in for_maya["fragment"]
        assert "Report" not in for_maya["fragment"]

    async_to_sync(scenario)()
    # Shown on her open page, so read, as the polling page marks it.
    assert ConversationMember.objects.get(user=tiffany).last_read_id == DirectMessage.objects.latest("pk").pk


def test_a_reconnecting_page_gets_exactly_what_it_missed(maya: User, tiffany: User, first: DirectMessage) -> None:
    session = session_of(tiffany)

    async def scenario() -> None:
        socket = await opened(first.conversation_id, session, "?since=0")
        (everything,) = await frames(socket, 1)
        await socket.disconnect()

        missed = [await sync_to_async(send)(maya, tiffany, f"Missed {number}") for number in (2, 3, 4)]

        socket = await opened(first.conversation_id, session, f"?since={first.pk}")
        caught_up = await frames(socket, 3)
        extra = await quiet(socket)
        # The frame of a message already sent from the database, arriving late: not sent again.
        repeat = await sync_to_async(events.message_event)(
            await DirectMessage.objects.select_related("sender").aget(pk=missed[-1]), (maya, tiffany)
        )
        await get_channel_layer().group_send(events.group_name(first.conversation_id), repeat)
        repeated = await quiet(socket)
        newest = await sync_to_async(send)(maya, tiffany, "After the return")
        (live,) = await frames(socket, 1)
        after = await quiet(socket)
        await socket.disconnect()

        assert everything["id"] == first.pk
        assert [frame["id"] for frame in caught_up] == missed
        assert [frame["html"] for frame in caught_up] == [f"<p>Missed {n}</p>\n" for n in (2, 3, 4)]
        assert extra == []
        assert repeated == []
        assert live["id"] == newest
        assert after == []

    async_to_sync(scenario)()


def test_a_message_whose_frame_is_late_is_sent_before_the_next_one(
    maya: User, tiffany: User, first: DirectMessage
) -> None:
    """With several workers, a later message's frame can arrive before an earlier one's: the
    earlier one is read from the database first, and its own frame is then not sent again."""
    session = session_of(tiffany)

    async def scenario() -> None:
        socket = await opened(first.conversation_id, session, f"?since={first.pk}")
        with mock.patch.object(events, "send_message"):  # its frame is still on its way
            late = await sync_to_async(send)(maya, tiffany, "Sent first")
        later = await sync_to_async(send)(maya, tiffany, "Sent second")
        received = await frames(socket, 2)
        late_event = await sync_to_async(events.message_event)(
            await DirectMessage.objects.select_related("sender").aget(pk=late), (maya, tiffany)
        )
        await get_channel_layer().group_send(events.group_name(first.conversation_id), late_event)
        after = await quiet(socket)
        await socket.disconnect()

        assert [frame["id"] for frame in received] == [late, later]
        assert after == []

    async_to_sync(scenario)()


def test_a_page_without_a_number_gets_only_new_messages(maya: User, tiffany: User, first: DirectMessage) -> None:
    session = session_of(tiffany)

    async def scenario() -> None:
        socket = await opened(first.conversation_id, session)
        before = await quiet(socket)
        await socket.send_json_to({"type": "ping"})
        (pong,) = await frames(socket, 1)
        await socket.send_to(text_data="not json")
        (error,) = await frames(socket, 1)
        await socket.disconnect()

        assert before == []
        assert pong == {"type": "pong", "id": first.pk}
        assert error["type"] == "error"
        assert error["code"] == "bad_frame"

    async_to_sync(scenario)()


@pytest.mark.parametrize("who", ["ravi", "visitor"])
def test_ravi_and_a_visitor_are_refused_with_4404(ravi: User, first: DirectMessage, who: str) -> None:
    session = session_of(ravi) if who == "ravi" else None

    async def scenario() -> None:
        socket = communicator(first.conversation_id, session, "?since=0")
        await socket.connect(timeout=5)
        code, sent = await closed_with(socket)

        assert code == 4404
        assert sent == []

    async_to_sync(scenario)()


def test_a_conversation_that_does_not_exist_is_refused_the_same_way(maya: User) -> None:
    session = session_of(maya)

    async def scenario() -> None:
        for conversation_id in (987654, 2**70):
            socket = communicator(conversation_id, session, "?since=0")
            await socket.connect(timeout=5)
            assert await closed_with(socket) == (4404, [])

    async_to_sync(scenario)()


class RollBackError(Exception):
    pass


def test_nothing_is_sent_for_a_message_that_was_rolled_back(maya: User, tiffany: User, first: DirectMessage) -> None:
    session = session_of(tiffany)

    def send_and_roll_back() -> None:
        with contextlib.suppress(RollBackError), transaction.atomic():
            send(maya, tiffany, "Never mind")
            raise RollBackError

    async def scenario() -> None:
        socket = await opened(first.conversation_id, session, f"?since={first.pk}")
        await sync_to_async(send_and_roll_back)()
        nothing = await quiet(socket)
        kept = await sync_to_async(send)(maya, tiffany, "This one stays")
        received = await frames(socket, 1) + await quiet(socket)
        await socket.disconnect()

        assert nothing == []
        assert [frame["id"] for frame in received] == [kept]
        assert "Never mind" not in json.dumps(received)

    async_to_sync(scenario)()
    assert not DirectMessage.objects.filter(source="Never mind").exists()


@pytest.mark.parametrize("blocker", ["maya", "tiffany"])
def test_a_block_after_connecting_closes_the_socket_before_the_next_message(
    maya: User, tiffany: User, first: DirectMessage, blocker: str
) -> None:
    session = session_of(tiffany)
    by, of = (maya, tiffany) if blocker == "maya" else (tiffany, maya)

    async def scenario() -> None:
        socket = await opened(first.conversation_id, session, f"?since={first.pk}")
        assert await settled(socket) == []
        # Written before the block; its frame arrives after it.
        with mock.patch.object(events, "send_message"):
            in_flight = await sync_to_async(send)(maya, tiffany, "Written just before")
        await sync_to_async(do_block)(by, of)
        event = await sync_to_async(events.message_event)(
            await DirectMessage.objects.select_related("sender").aget(pk=in_flight), (maya, tiffany)
        )
        await get_channel_layer().group_send(events.group_name(first.conversation_id), event)
        code, sent = await closed_with(socket)

        again = communicator(first.conversation_id, session, f"?since={first.pk}")
        await again.connect(timeout=5)
        code_again, sent_again = await closed_with(again)

        assert code == code_again == 4404
        assert sent == sent_again == []

    async_to_sync(scenario)()


def test_a_block_with_no_message_after_it_closes_the_socket_at_the_next_ping(
    maya: User, tiffany: User, first: DirectMessage
) -> None:
    session = session_of(tiffany)

    async def scenario() -> None:
        socket = await opened(first.conversation_id, session, f"?since={first.pk}")
        await sync_to_async(do_block)(maya, tiffany)
        await socket.send_json_to({"type": "ping"})
        assert await closed_with(socket) == (4404, [])

    async_to_sync(scenario)()


def test_the_open_page_names_its_socket_and_keeps_polling_for_when_it_fails(
    maya: User, tiffany: User, first: DirectMessage
) -> None:
    client = AsyncClient()
    client.force_login(tiffany)
    conversation = Conversation.objects.get()

    page = async_to_sync(client.get)("/messages/maya_r/").content.decode()
    older = async_to_sync(client.get)(f"/messages/maya_r/?before={first.pk + 1}").content.decode()

    assert f'data-ws-path="/ws/messages/{conversation.pk}/"' in page
    assert 'data-poll-url="/messages/maya_r/new/"' in page
    assert "conversations/messages" in page
    assert 'id="dm-poller"' in page
    assert 'href="/messages/maya_r/">Check for new messages' in page
    assert "data-ws-path" not in older
    assert "conversations/messages" not in older


def test_a_page_served_without_the_socket_only_polls(tiffany: User, first: DirectMessage) -> None:
    """Served over WSGI there is no WebSocket beside the page: it keeps to polling."""
    client = Client()
    client.force_login(tiffany)

    page = client.get("/messages/maya_r/").content.decode()

    assert "data-ws-path" not in page
    assert "conversations/messages" not in page
    assert 'id="dm-poller"' in page
