"""Keeping the private crisis panel private: a response that shows it is stored by no shared
cache and by no browser's back-forward cache (Cache-Control: no-store), so nobody else at the
same computer or behind the same proxy sees it, and it does not come back with the back button.

The context processor that takes the panel's flag from the session marks the request
(`mark_panel_shown`); this middleware turns the mark into the headers. Pages without the panel
are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

_SHOWN = "_hearth_crisis_panel_shown"


def mark_panel_shown(request: HttpRequest) -> None:
    setattr(request, _SHOWN, True)


def panel_shown(request: HttpRequest) -> bool:
    return bool(getattr(request, _SHOWN, False))


def crisis_panel_not_stored(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if panel_shown(request):
            add_never_cache_headers(response)  # no-store, no-cache, private, max-age=0
        return response

    return middleware
