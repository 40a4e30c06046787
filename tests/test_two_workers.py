"""Several workers share PostgreSQL and Redis: what one accepts, the others serve.

uvicorn's workers under WEB_CONCURRENCY share one listening socket and the kernel picks which one
answers, so a test cannot choose the worker. The sharing itself is therefore shown with two
separate single-worker servers on two ports, started exactly as production starts one, with
nothing in common but DATABASE_URL, REDIS_URL and SECRET_KEY: a member logs in on one and uses
the session on the other, a post made on one is read on the other, and the posting rate limit
counts requests made on both. Then one server with WEB_CONCURRENCY=2 shows that it starts two
worker processes, each serving the same data and sessions. (Live chat messages join this test
when the live chats arrive.)

Needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL, as on CI's second run); skipped otherwise.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from hearth.discussions.actions import POSTING_LIMITS
from tests import services
from tests.server import free_port, manage, running_server
from tests.visitor import Visitor, start_thread

# The module's tests share its servers: under pytest-xdist they run on one worker (--dist loadgroup).
pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("two_workers")]

PASSWORD = "a long demo password 2026"
PER_MINUTE = POSTING_LIMITS[0]


@pytest.fixture(scope="module")
def shared_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A fresh database, the Redis of REDIS_URL, one secret key, and two members in the database."""
    postgres, redis = services.postgres(), services.redis()
    with services.throwaway_database(postgres, "workers") as database_url:
        environ = {"DATABASE_URL": database_url, "REDIS_URL": redis.url, "SECRET_KEY": secrets.token_urlsafe(50)}
        setup_dir = tmp_path_factory.mktemp("setup")
        manage(setup_dir, "migrate", "--noinput", "--verbosity", "0", **environ)
        for handle in ("tiffany", "maya_r"):
            manage(
                setup_dir, "create_member", "--handle", handle, "--email", f"{handle}@example.org",
                "--password", PASSWORD, **environ,
            )  # fmt: skip
        yield environ


@pytest.fixture(scope="module")
def two_servers(shared_services: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    with ExitStack() as stack:
        yield [
            stack.enter_context(
                running_server(tmp_path_factory.mktemp(name), port=free_port(), WEB_CONCURRENCY="1", **shared_services)
            )
            for name in ("server_a", "server_b")
        ]


@pytest.fixture
def maya() -> Iterator[Visitor]:
    with Visitor() as visitor:
        yield visitor


@pytest.fixture
def tiffany() -> Iterator[Visitor]:
    with Visitor() as visitor:
        yield visitor


def test_a_session_made_on_one_server_is_good_on_the_other(two_servers: list[str], maya: Visitor) -> None:
    a, b = two_servers

    maya.log_in(a, "maya_r@example.org", PASSWORD)
    me_on_b = maya.api("GET", f"{b}/api/v1/me")

    assert me_on_b.status_code == 200
    assert me_on_b.json()["handle"] == "maya_r"


def test_a_post_made_on_one_server_is_read_on_the_other(
    two_servers: list[str], maya: Visitor, tiffany: Visitor
) -> None:
    a, b = two_servers
    tiffany.log_in(b, "tiffany@example.org", PASSWORD)
    slug, thread = start_thread(tiffany, b, "Living with lupus", "Fatigue after flares")
    maya.log_in(a, "maya_r@example.org", PASSWORD)
    assert maya.api("POST", f"{b}/api/v1/communities/{slug}/join").status_code == 200

    reply = maya.api("POST", f"{a}/api/v1/threads/{thread}/posts", {"body": "Pacing helps me, and rest days."})
    page_on_b = maya.get(f"{b}/c/{slug}/t/{thread}/")
    with Visitor() as outsider:
        anonymous_page_on_b = outsider.get(f"{b}/c/{slug}/t/{thread}/")

    assert reply.status_code == 201
    assert "Pacing helps me, and rest days." in page_on_b.text
    assert "Pacing helps me, and rest days." in anonymous_page_on_b.text


def test_the_posting_limit_counts_posts_made_on_both_servers(
    two_servers: list[str], maya: Visitor, tiffany: Visitor
) -> None:
    a, b = two_servers
    tiffany.log_in(a, "tiffany@example.org", PASSWORD)
    slug, thread = start_thread(tiffany, a, "Type 1 diabetes", "Night-time lows")
    maya.log_in(b, "maya_r@example.org", PASSWORD)
    assert maya.api("POST", f"{a}/api/v1/communities/{slug}/join").status_code == 200
    _wait_for_a_fresh_minute()  # the limit counts per clock minute

    statuses = [
        maya.api("POST", f"{server}/api/v1/threads/{thread}/posts", {"body": f"Reply {n}"}).status_code
        for n, server in enumerate([a, b] * (PER_MINUTE.count // 2))
    ]
    over_on_a = maya.api("POST", f"{a}/api/v1/threads/{thread}/posts", {"body": "One more"})
    over_on_b = maya.api("POST", f"{b}/api/v1/threads/{thread}/posts", {"body": "And another"})

    # Each server took only half the limit, so only a shared count can refuse the next post.
    assert statuses == [201] * PER_MINUTE.count
    assert (over_on_a.status_code, over_on_b.status_code) == (429, 429)
    assert int(over_on_b.headers["Retry-After"]) > 0


def _wait_for_a_fresh_minute() -> None:
    """Start the burst early in a minute, so that it cannot straddle two counting windows."""
    into_minute = time.time() % PER_MINUTE.seconds
    if into_minute > 30:
        time.sleep(PER_MINUTE.seconds - into_minute + 0.5)


def test_web_concurrency_2_starts_two_workers_that_serve_the_same_site(
    shared_services: dict[str, str], tmp_path: Path, maya: Visitor
) -> None:
    with running_server(tmp_path, port=free_port(), WEB_CONCURRENCY="2", **shared_services) as base:
        workers = _worker_pids(tmp_path / "server.log", expected=2)
        maya.log_in(base, "maya_r@example.org", PASSWORD)
        answers = set()
        for _ in range(10):
            with Visitor() as newcomer:  # a new connection each time, for either worker to take
                answers.add(newcomer.get(f"{base}/healthz").status_code)
        me = maya.api("GET", f"{base}/api/v1/me")

    assert len(workers) == 2
    assert answers == {200}
    assert me.json()["handle"] == "maya_r"


def _worker_pids(log: Path, *, expected: int) -> set[str]:
    """The worker processes uvicorn reports starting (each says "Started server process [pid]")."""
    deadline = time.monotonic() + 60
    while True:
        pids = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
        if len(pids) >= expected or time.monotonic() > deadline:
            return pids
        time.sleep(0.5)
