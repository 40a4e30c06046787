"""WebSocket routes. Each real-time feature adds its consumer here."""

from django.urls import URLPattern, URLResolver

websocket_urlpatterns: list[URLPattern | URLResolver] = []
