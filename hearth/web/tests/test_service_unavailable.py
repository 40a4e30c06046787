"""When the database or Redis does not answer: a friendly 503 page (JSON on the API) at once, never a
500 with a traceback; page reads never need Redis; live sockets close with a reason.

The same faults against a real server and real services are in tests/test_faults.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from hearth.accounts.models import User
from hearth.asgi import application
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import PostInput, do_create_thread
from hearth.web.websocket import TRY_AGAIN_LATER, CloseWhenUnavailable

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client() -> Client:
    """A browser's view: the response, not the exception the test client would re-raise."""
    return Client(raise_request_exception=False)


@contextmanager
def database_gone() -> Iterator[None]:
    def refuse(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def test_a_page_answers_a_friendly_503_when_the_database_is_gone(quiet_client: Client) -> None:
    with database_gone():
        response = quiet_client.get("/communities/")

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Hearth is unavailable for a moment" in page
    assert 'class="skip-link"' in page
    assert "Connection refused" not in page
    assert "Traceback" not in page


def test_the_api_answers_json_503_when_the_database_is_gone(quiet_client: Client) -> None:
    with database_gone():
        response = quiet_client.get("/api/v1/communities")

    assert response.status_code == 503
    assert response.json() == {"detail": "Hearth is unavailable for a moment. Please try again in a minute."}


def test_other_crashes_still_answer_500(quiet_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr("hearth.web.views.render", broken)

    response = quiet_client.get("/")

    assert response.status_code == 500


# --- Redis ------------------------------------------------------------------------------------

CACHE_METHODS = ("get", "get_many", "has_key", "set", "set_many", "add", "incr", "delete", "touch")


def take_the_cache_away(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cache call fails from now on, as Django's Redis cache does when Redis is down."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    for method in CACHE_METHODS:
        monkeypatch.setattr(caches["default"], method, refuse)


@pytest.fixture
def lupus_thread(tiffany: User, maya: User) -> str:
    community = make_community(tiffany, "Living with lupus", members=[maya])
    thread = do_create_thread(tiffany, community, "Fatigue after flares", PostInput(source="How do you cope?"))
    return thread.get_absolute_url()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/communities/",
        "/search/?q=fatigue",
        "/conditions/?q=lupus",
        "/treatments/hydroxychloroquine/for/systemic-lupus-erythematosus/",
        "thread",
    ],
)
def test_pages_are_read_without_redis(
    maya: User, lupus_thread: str, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    client = Client()
    client.force_login(maya)
    take_the_cache_away(monkeypatch)

    response = client.get(lupus_thread if path == "thread" else path)

    assert response.status_code == 200


def test_posting_without_redis_answers_503_and_posts_nothing(
    maya: User, lupus_thread: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(maya)
    take_the_cache_away(monkeypatch)

    response = client.post(f"{lupus_thread}reply/", {"body": "Rest days help me.", "submission": "once"})

    assert response.status_code == 503
    assert "your text may still be in the form" in response.content.decode()
    assert not client.get(lupus_thread).content.decode().count("Rest days help me.")


def test_signing_in_without_redis_answers_503(maya: User, monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(raise_request_exception=False)
    take_the_cache_away(monkeypatch)  # sign-in attempts are counted in the cache

    response = client.post("/accounts/login/", {"login": maya.email, "password": "correct horse battery staple"})

    assert response.status_code == 503


# --- WebSockets -------------------------------------------------------------------------------


class _FailingLayer:
    """A channel layer whose Redis has gone: every receive fails."""

    async def new_channel(self, prefix: str = "specific.") -> str:
        return f"{prefix}gone"

    async def receive(self, channel: str) -> dict[str, Any]:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.mark.django_db(transaction=True)
def test_a_live_socket_closes_with_try_again_later_when_the_channel_layer_is_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("channels.consumer.get_channel_layer", lambda alias="default": _FailingLayer())

    close = async_to_sync(_connect_and_wait_for_close)(application)

    assert close["code"] == TRY_AGAIN_LATER
    assert "try again in a minute" in close["reason"]


async def _connect_and_wait_for_close(application: Any) -> dict[str, Any]:
    communicator = WebsocketCommunicator(application, "/ws/healthz", headers=[(b"origin", b"http://localhost")])
    connected, _ = await communicator.connect()
    assert connected
    while True:
        message: dict[str, Any] = await communicator.receive_output(timeout=5)
        if message["type"] == "websocket.close":
            return message


@pytest.mark.parametrize("accept_first", [True, False])
def test_the_guard_closes_with_a_reason_whether_or_not_the_socket_was_accepted(accept_first: bool) -> None:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await receive()
        if accept_first:
            await send({"type": "websocket.accept"})
        raise RedisConnectionError("gone")

    async def run() -> list[dict[str, Any]]:
        communicator = WebsocketCommunicator(CloseWhenUnavailable(app), "/ws/anything")
        connected, _ = await communicator.connect()
        assert connected
        return [await communicator.receive_output(timeout=1)]

    (close,) = async_to_sync(run)()

    assert close == {"type": "websocket.close", "code": TRY_AGAIN_LATER, "reason": close["reason"]}
    assert close["reason"]


def test_the_guard_leaves_other_failures_and_other_protocols_alone() -> None:
    calls: list[str] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        calls.append(scope["type"])
        if scope["type"] == "websocket":
            raise RuntimeError("a bug, not an outage")

    guard = CloseWhenUnavailable(app)

    async def run() -> None:
        await guard({"type": "http"}, None, None)
        with pytest.raises(RuntimeError):
            await guard({"type": "websocket"}, None, None)

    async_to_sync(run)()
    assert calls == ["http", "websocket"]
