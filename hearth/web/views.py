"""Pages of the site's shell."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.actions import do_update_preferences
from hearth.accounts.models import TextSize
from hearth.lib.page_cache import same_for_visitors
from hearth.web.display import remember_text_size
from hearth.web.health import run_probes


@same_for_visitors
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, body = run_probes()
    return JsonResponse(body, status=200 if healthy else 503)


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Set the text size from any page's footer; works without JavaScript."""
    value = request.POST.get("text_size", "")
    if value not in TextSize.values:
        value = TextSize.NORMAL
    if request.user.is_authenticated:
        do_update_preferences(request.user, display_name=request.user.display_name, text_size=value)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    response = redirect(back)
    remember_text_size(response, value, secure=settings.HTTPS)
    return response
