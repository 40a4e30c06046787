"""Faults against a real server: PostgreSQL or Redis taken away while Hearth runs, through a TCP
proxy the test cuts and restores (tests/tcp_proxy.py), with nothing restarted.

The database going away: /healthz answers 503 naming it, pages and the API answer a friendly 503
within seconds (at once when the server refuses connections, after the 3 s connect timeout when
the network is silent), and service resumes by itself when the database returns.

Redis going away: /healthz answers 503 naming the cache, the channel layer and the job queue;
pages are still read, by members and visitors alike; a post, which needs the shared rate-limit
count, gets a clear 503 and is not made; a live socket closes with 1013 "Try Again Later"; and
everything works again when Redis returns.

Needs PostgreSQL (DATABASE_URL) or Redis (REDIS_URL), as on CI's second run; skipped otherwise.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from websockets.exceptions import ConnectionClosedError
from websockets.sync.client import connect
from websockets.typing import Origin

from hearth.web.websocket import TRY_AGAIN_LATER
from tests import services
from tests.server import free_port, manage, running_server
from tests.tcp_proxy import Mode, TcpProxy, tcp_proxy
from tests.visitor import Visitor, start_thread

pytestmark = pytest.mark.integration

FAST = 5.0  # seconds: "fails fast"
PASSWORD = "a long demo password 2026"


@dataclass
class Timed:
    status: int
    text: str
    headers: httpx.Headers
    seconds: float


def timed_get(visitor: Visitor, url: str) -> Timed:
    started = time.monotonic()
    response = visitor.get(url)
    return Timed(response.status_code, response.text, response.headers, time.monotonic() - started)


def wait_until_healthy(base: str, *, within: float = 30) -> float:
    """Poll /healthz until it answers 200; return how long that took."""
    started = time.monotonic()
    with Visitor() as probe:
        while time.monotonic() - started < within:
            try:
                if probe.get(f"{base}/healthz").status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
    raise AssertionError(f"{base} did not become healthy again within {within} s")


# --- The database -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def behind_a_database_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, TcpProxy]]:
    postgres = services.postgres()
    with (
        services.throwaway_database(postgres, "faults") as database_url,
        tcp_proxy(postgres.host, postgres.port) as proxy,
        running_server(
            tmp_path_factory.mktemp("db_faults"),
            DATABASE_URL=services.with_address(database_url, "127.0.0.1", proxy.port),
            REDIS_URL="",  # only the database is under test here
        ) as base,
    ):
        yield base, proxy


@pytest.mark.parametrize("mode", ["refuse", "silent"])
def test_the_database_going_away_fails_fast_and_comes_back_by_itself(
    behind_a_database_proxy: tuple[str, TcpProxy], mode: Mode
) -> None:
    base, proxy = behind_a_database_proxy
    with Visitor() as visitor:
        assert visitor.get(f"{base}/communities/").status_code == 200

        proxy.cut(mode)
        try:
            health = timed_get(visitor, f"{base}/healthz")
            # A page visitors were just served may come from the page cache meanwhile (which is
            # welcome); one nobody asked for yet needs the database.
            cached = timed_get(visitor, f"{base}/communities/")
            page = timed_get(visitor, f"{base}/communities/?q=lupus-{mode}")
            api = timed_get(visitor, f"{base}/api/v1/communities")
        finally:
            proxy.restore()
        recovered_after = wait_until_healthy(base)
        page_again = visitor.get(f"{base}/communities/?q=lupus-{mode}")

    assert cached.status in (200, 503)

    assert health.status == 503
    assert json.loads(health.text)["database"] == "unavailable"
    assert json.loads(health.text)["cache"] == "ok"
    assert page.status == 503
    assert "Hearth is unavailable for a moment" in page.text
    assert "Traceback" not in page.text
    assert page.headers["Retry-After"]
    assert api.status == 503
    assert json.loads(api.text) == {"detail": "Hearth is unavailable for a moment. Please try again in a minute."}
    assert max(health.seconds, page.seconds, api.seconds) < FAST
    assert recovered_after < 10
    assert page_again.status_code == 200


# --- Redis ------------------------------------------------------------------------------------


@dataclass
class RedisWorld:
    base: str
    proxy: TcpProxy
    slug: str
    thread: int


@pytest.fixture(scope="module")
def behind_a_redis_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisWorld]:
    redis = services.redis()
    var_dir = tmp_path_factory.mktemp("redis_faults")
    with tcp_proxy(redis.host, redis.port) as proxy:
        environ = {
            "REDIS_URL": services.with_address(redis.url, "127.0.0.1", proxy.port),
            "DATABASE_URL": "",  # only Redis is under test here: the embedded SQLite database
            "SECRET_KEY": secrets.token_urlsafe(50),
        }
        with running_server(var_dir, port=free_port(), **environ) as base:
            for handle in ("tiffany", "maya_r"):
                manage(
                    var_dir, "create_member", "--handle", handle, "--email", f"{handle}@example.org",
                    "--password", PASSWORD, **environ,
                )  # fmt: skip
            with Visitor() as tiffany:
                tiffany.log_in(base, "tiffany@example.org", PASSWORD)
                slug, thread = start_thread(tiffany, base, "Living with lupus", "Fatigue after flares")
            yield RedisWorld(base, proxy, slug, thread)


@pytest.fixture
def maya(behind_a_redis_proxy: RedisWorld) -> Iterator[Visitor]:
    world = behind_a_redis_proxy
    with Visitor() as visitor:
        visitor.log_in(world.base, "maya_r@example.org", PASSWORD)  # logging in counts attempts in Redis
        visitor.api("POST", f"{world.base}/api/v1/communities/{world.slug}/join")
        yield visitor


def test_redis_going_away_leaves_pages_readable_and_fails_live_features_clearly(
    behind_a_redis_proxy: RedisWorld, maya: Visitor
) -> None:
    world = behind_a_redis_proxy
    base, thread_page = world.base, f"{world.base}/c/{world.slug}/t/{world.thread}/"

    world.proxy.cut("refuse")
    try:
        health = timed_get(maya, f"{base}/healthz")
        with Visitor() as visitor:
            visitor_pages = {path: visitor.get(f"{base}{path}").status_code for path in ("/", "/communities/")}
            visitor_pages["thread"] = visitor.get(thread_page).status_code
        member_pages = {path: maya.get(f"{base}{path}").status_code for path in ("/", "/feed/", "/notifications/")}
        member_pages["thread"] = maya.get(thread_page).status_code
        form_reply = maya.post_form(f"{thread_page}reply/", {"body": "Written while Redis was away."})
        api_reply = maya.api("POST", f"{base}/api/v1/threads/{world.thread}/posts", {"body": "Also while away."})
        live_close = _live_socket_close(base)
    finally:
        world.proxy.restore()
    recovered_after = wait_until_healthy(base)
    reply_after = maya.api("POST", f"{base}/api/v1/threads/{world.thread}/posts", {"body": "Back again."})
    thread_after = maya.get(thread_page).text

    body = json.loads(health.text)
    assert health.status == 503
    assert (body["database"], body["cache"], body["channel_layer"], body["tasks"]) == (
        "ok",
        "unavailable",
        "unavailable",
        "unavailable",
    )
    assert health.seconds < FAST
    assert set(visitor_pages.values()) == {200}, visitor_pages
    assert set(member_pages.values()) == {200}, member_pages
    assert form_reply.status_code == 503
    assert "your text may still be in the form" in form_reply.text
    assert api_reply.status_code == 503
    assert api_reply.json()["detail"].startswith("Hearth is unavailable for a moment")
    assert live_close == TRY_AGAIN_LATER
    assert recovered_after < 10
    assert reply_after.status_code == 201
    assert "Back again." in thread_after
    assert "Written while Redis was away." not in thread_after
    assert "Also while away." not in thread_after


def _live_socket_close(base: str) -> int | None:
    """Connect to the health socket and return the close code the server sends."""
    url = base.replace("http", "ws", 1) + "/ws/healthz"
    try:
        with connect(url, origin=Origin("http://127.0.0.1"), open_timeout=10) as socket:
            socket.send("ping")
            while True:
                socket.recv(timeout=10)
    except ConnectionClosedError as closed:
        return closed.rcvd.code if closed.rcvd else None
