"""A suspended member's banner on every page: until when, and where to read why. Read from the
signed-in member's own row (`User.suspended_until`), which every page loads anyway: no query."""

from __future__ import annotations

from django.http import HttpRequest

from hearth.accounts.access import is_suspended, until_words


def suspension(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_suspended(user):
        return {}
    return {"suspended_until": until_words(user.suspended_until)}
