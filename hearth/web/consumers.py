"""WebSocket consumers of the site's shell: a health echo, and a polite refusal for unknown paths."""

from __future__ import annotations

from channels.generic.websocket import AsyncWebsocketConsumer

NOT_FOUND_CLOSE_CODE = 4404


class HealthConsumer(AsyncWebsocketConsumer):
    """Answers "ping" with "pong", so a load balancer can check that WebSocket upgrades work."""

    async def connect(self) -> None:
        await self.accept()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.send(text_data="pong" if text_data == "ping" else "unknown")


class NotFoundConsumer(AsyncWebsocketConsumer):
    """Refuses connections to paths nothing serves, instead of failing with a server error."""

    async def connect(self) -> None:
        await self.close(code=NOT_FOUND_CLOSE_CODE)
