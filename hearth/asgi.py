"""The one ASGI application: Django for HTTP, Channels for WebSocket."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
django.setup(set_prefix=False)  # as django.core.asgi.get_asgi_application does

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from hearth.routing import websocket_urlpatterns  # noqa: E402
from hearth.web.asgi_handler import SyncStackASGIHandler  # noqa: E402
from hearth.web.websocket import CloseWhenUnavailable  # noqa: E402

# Django for HTTP, its middleware and views run synchronously in one step (see asgi_handler).
django_asgi_app = SyncStackASGIHandler()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": CloseWhenUnavailable(
            AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
