"""The large-text setting: kept on the member's account, or in a cookie for people not signed in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from hearth.accounts.models import TextSize

COOKIE = "text_size"
COOKIE_AGE = 365 * 24 * 3600


def text_size_for(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return str(user.text_size)
    value = request.COOKIES.get(COOKIE, TextSize.NORMAL)
    return value if value in TextSize.values else TextSize.NORMAL


def remember_text_size(response: HttpResponse, value: str, *, secure: bool) -> None:
    response.set_cookie(COOKIE, value, max_age=COOKIE_AGE, samesite="Lax", httponly=True, secure=secure)
