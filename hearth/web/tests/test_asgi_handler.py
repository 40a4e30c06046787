"""HTTP through the ASGI application: the whole middleware stack and the view run in one step,
on one of the handler's threads, however many requests arrive at once."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator
from django.core.signals import request_finished, request_started
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path

from hearth.web.asgi_handler import SyncStackASGIHandler

pytestmark = pytest.mark.django_db(transaction=True)

seen_threads: list[str] = []


def where_am_i(request: HttpRequest) -> HttpResponse:
    seen_threads.append(threading.current_thread().name)
    return HttpResponse(threading.current_thread().name)


urlpatterns = [path("where/", where_am_i)]


async def _get(handler: SyncStackASGIHandler, path: str) -> dict[str, Any]:
    communicator = HttpCommunicator(handler, "GET", path, headers=[(b"host", b"localhost")])
    response: dict[str, Any] = await communicator.get_response(timeout=30)
    await communicator.wait(timeout=30)  # the handler closes the response and the request's body
    return response


async def _get_all(handler: SyncStackASGIHandler, paths: list[str]) -> list[dict[str, Any]]:
    return list(await asyncio.gather(*(_get(handler, path) for path in paths)))


def test_pages_answer_through_the_sync_stack() -> None:
    (response,) = async_to_sync(_get_all)(SyncStackASGIHandler(), ["/conditions/"])

    assert response["status"] == 200
    headers = {name.lower(): value for name, value in response["headers"]}
    assert b"content-security-policy" in headers  # the outermost middleware ran
    assert b"x-content-type-options" in headers


@override_settings(ROOT_URLCONF=__name__)
def test_each_request_starts_and_finishes_on_its_views_thread() -> None:
    """Database connections belong to a thread: a request's goes back to the pool only if Django's
    request_finished receiver runs on the thread that used it."""
    seen_threads.clear()
    signalled: list[tuple[str, str]] = []

    def started(**_: Any) -> None:
        signalled.append(("started", threading.current_thread().name))

    def finished(**_: Any) -> None:
        signalled.append(("finished", threading.current_thread().name))

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        async_to_sync(_get_all)(SyncStackASGIHandler(), ["/where/"] * 6)
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)

    assert len(seen_threads) == 6
    assert {name for _, name in signalled} == set(seen_threads)
    assert sorted(name for what, name in signalled if what == "started") == sorted(seen_threads)
    assert sorted(name for what, name in signalled if what == "finished") == sorted(seen_threads)


@override_settings(ROOT_URLCONF=__name__)
def test_views_run_on_the_handlers_threads_never_more_than_it_has() -> None:
    seen_threads.clear()

    handler = SyncStackASGIHandler()

    responses = async_to_sync(_get_all)(handler, ["/where/"] * 12)

    assert [r["status"] for r in responses] == [200] * 12
    assert all(name.startswith("http") for name in seen_threads)
    assert len(set(seen_threads)) <= handler.threads
