"""WebSocket routes. Each real-time feature adds its consumer here, above the catch-all."""

from django.urls import URLPattern, URLResolver, path, re_path

from hearth.web.consumers import HealthConsumer, NotFoundConsumer

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/healthz", HealthConsumer.as_asgi()),
    re_path(r"", NotFoundConsumer.as_asgi()),
]
