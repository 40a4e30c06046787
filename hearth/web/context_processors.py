"""Values every page's layout needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from hearth.web.display import text_size_for


def site(request: HttpRequest) -> dict[str, object]:
    return {"site_name": settings.SITE_NAME, "text_size": text_size_for(request)}
