"""A WSGI entry point, for tools that speak only WSGI; Hearth itself is served over ASGI."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
application = get_wsgi_application()
