"""WebSocket routes. Each real-time feature adds its consumer here, above the catch-all."""

from django.urls import URLPattern, URLResolver, path, re_path

from hearth.chats.consumers import RoomConsumer
from hearth.conversations.consumers import ConversationConsumer
from hearth.web.consumers import HealthConsumer, NotFoundConsumer

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/healthz", HealthConsumer.as_asgi()),
    path("ws/chats/<int:chat_id>/", RoomConsumer.as_asgi()),
    path("ws/messages/<int:conversation_id>/", ConversationConsumer.as_asgi()),
    re_path(r"", NotFoundConsumer.as_asgi()),
]
