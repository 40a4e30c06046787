"""Django's ASGI handler, with the middleware stack and the view run in one step, on one of a
fixed number of threads.

Every Hearth page and API view is synchronous (the live parts are Channels consumers). Django's
own ASGI handler builds its middleware stack for async and starts a new thread for each request:
each synchronous middleware at the async boundary, the view middleware and the view then cross
between the event loop and that thread, four or five crossings a request, and every request in
flight holds a thread of its own contending for the interpreter lock. Here the stack is built for
synchronous use, as under WSGI, and runs in one crossing. Each request borrows one of
`WEB_THREADS` long-lived threads for its whole life, so Django's `request_started` and
`request_finished` receivers run on the same thread as the view (database connections are per
thread: that is where a request's connection goes back to the pool); requests beyond that wait
their turn on the event loop rather than all running at once. Reading the body, sending the
response and noticing a client that went away stay on the event loop, as Django does them.

Measured under load in docs/ARCHITECTURE.md, "Scale data and benchmarks".
"""

from __future__ import annotations

import asyncio
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class SyncStackASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        base.BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self.threads = settings.WEB_THREADS
        # Per event loop (a server has one; tests run several in turn): its idle threads.
        self._idle: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Queue[ThreadPoolExecutor]]
        self._idle = weakref.WeakKeyDictionary()

    def _idle_threads(self) -> asyncio.Queue[ThreadPoolExecutor]:
        loop = asyncio.get_running_loop()
        idle = self._idle.get(loop)
        if idle is None:
            idle = self._idle[loop] = asyncio.Queue()
            for number in range(self.threads):
                idle.put_nowait(ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"http-{number}"))
        return idle

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        idle = self._idle_threads()
        thread = await idle.get()
        try:
            # Everything thread-sensitive in this request (the receivers, the stack, closing the
            # response) runs on this one thread.
            async with ThreadSensitiveContext(executor=thread):
                await self.handle(scope, receive, send)
        finally:
            idle.put_nowait(thread)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = await sync_to_async(self.get_response, thread_sensitive=True)(request)
        return response
