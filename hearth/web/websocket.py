"""ASGI middleware for WebSocket connections: when Redis (the channel layer) or the database does
not answer, the socket is closed with 1013 "Try Again Later" and a reason a person can read,
instead of being dropped without a word. Pages keep working meanwhile."""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from hearth.web.errors import UNAVAILABLE

log = logging.getLogger(__name__)

TRY_AGAIN_LATER = 1013  # RFC 6455, section 7.4.1 (registered close code)
UNAVAILABLE_REASON = "Live updates are unavailable for a moment. Please try again in a minute."

Scope = dict[str, Any]
Message = dict[str, Any]


class CloseWhenUnavailable:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        state = {"websocket.accept": False, "websocket.close": False}

        async def watched_send(message: Message) -> None:
            if message["type"] in state:
                state[message["type"]] = True
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except UNAVAILABLE:
            log.warning("WebSocket %s closed: a service is unavailable", scope.get("path"), exc_info=True)
            if state["websocket.close"]:
                return
            with suppress(OSError):  # the client may have gone already
                if not state["websocket.accept"]:
                    # Accept first: a refused handshake reaches the browser as a bare failure,
                    # a close frame carries the code and the reason.
                    await send({"type": "websocket.accept"})
                await send({"type": "websocket.close", "code": TRY_AGAIN_LATER, "reason": UNAVAILABLE_REASON})
