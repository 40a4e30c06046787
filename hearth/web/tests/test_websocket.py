"""The WebSocket side of the ASGI application: routing, origin checks, unknown paths."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from hearth.asgi import application

# Channels closes stale database connections when a socket disconnects, from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_health_socket_answers_ping() -> None:
    async_to_sync(_health_round_trip)()


async def _health_round_trip() -> None:
    communicator = WebsocketCommunicator(application, "/ws/healthz", headers=[(b"origin", b"http://localhost")])
    connected, _ = await communicator.connect()

    await communicator.send_to(text_data="ping")
    reply = await communicator.receive_from()
    await communicator.send_to(text_data="other")
    other = await communicator.receive_from()
    await communicator.disconnect()

    assert connected
    assert reply == "pong"
    assert other == "unknown"


def test_an_unknown_path_is_refused_politely() -> None:
    async_to_sync(_unknown_path)()


async def _unknown_path() -> None:
    communicator = WebsocketCommunicator(application, "/ws/nothing-here", headers=[(b"origin", b"http://localhost")])

    connected, code = await communicator.connect()

    assert not connected
    assert code == 4404


def test_a_foreign_origin_is_refused() -> None:
    async_to_sync(_foreign_origin)()


async def _foreign_origin() -> None:
    communicator = WebsocketCommunicator(application, "/ws/healthz", headers=[(b"origin", b"https://evil.example")])

    connected, _ = await communicator.connect()

    assert not connected
