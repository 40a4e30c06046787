"""Hearth served as it is in production: uvicorn, one ASGI app for HTTP and WebSocket, whitenoise."""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect
from websockets.typing import Origin

from tests.server import running_server

# The module's tests share its servers: under pytest-xdist they run on one worker (--dist loadgroup).
pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("serving")]

PAGE_BUDGET = 60 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("var")) as base:
        yield base


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-cased names) and body."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_health_answers_over_the_real_server(server: str) -> None:
    status, _, body = fetch(f"{server}/healthz")

    assert status == 200
    assert json.loads(body)["status"] == "ok"


def test_pages_carry_the_security_headers_and_no_server_banner(server: str) -> None:
    status, headers, _ = fetch(f"{server}/")

    assert status == 200
    assert "'nonce-" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert "server" not in headers


def test_static_files_are_served_compressed_and_cached_for_long(server: str) -> None:
    _, _, page = fetch(f"{server}/")
    css = re.search(rb'href="(/static/hearth/hearth\.[0-9a-f]+\.css)"', page)
    assert css

    status, headers, body = fetch(f"{server}{css.group(1).decode()}", **{"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert b"--accent" in gzip.decompress(body)
    assert "immutable" in headers["cache-control"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "camera=()" in headers["permissions-policy"]


def transferred_weight(server: str, path: str) -> int:
    """Bytes over the wire for a page and the CSS and JS it loads, accepting compression."""
    _, _, page = fetch(f"{server}{path}", **{"Accept-Encoding": "gzip, br"})
    total = len(page)
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page):
        _, _, body = fetch(f"{server}{asset.decode()}", **{"Accept-Encoding": "gzip, br"})
        total += len(body)
    return total


@pytest.mark.parametrize("path", ["/", "/conditions/", "/accounts/signup/", "/conditions/?q=lupus"])
def test_a_page_weighs_under_60_kb_transferred(server: str, path: str) -> None:
    assert transferred_weight(server, path) < PAGE_BUDGET


def test_a_websocket_connects_through_the_same_server(server: str) -> None:
    with connect(server.replace("http", "ws") + "/ws/healthz", origin=Origin("http://127.0.0.1")) as socket:
        socket.send("ping")
        assert socket.recv(timeout=5) == "pong"


def test_a_websocket_from_another_origin_is_refused(server: str) -> None:
    with (
        pytest.raises(InvalidStatus),
        connect(server.replace("http", "ws") + "/ws/healthz", origin=Origin("https://evil.example")),
    ):
        pass


def test_the_server_refuses_to_start_with_two_workers_and_no_redis(tmp_path: Path) -> None:
    with (
        pytest.raises(Exception, match=r"did not start|returned non-zero"),
        running_server(tmp_path, WEB_CONCURRENCY="2", REDIS_URL=""),
    ):
        pass
