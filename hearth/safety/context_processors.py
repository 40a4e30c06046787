"""The private crisis panel: shown once, on the page the author lands on after writing something
that speaks of a crisis (`actions.show_panel` leaves the kind in their session).

The session is read only when a page asks for `crisis_panel`, so fragments and visitors' pages
never touch it, and the flag is taken on first reading, so the panel shows once. A page that
shows it is marked so that it is never stored (`hearth.safety.middleware`).
"""

from __future__ import annotations

from functools import cache
from typing import cast

from django.http import HttpRequest

from hearth.accounts.models import User
from hearth.safety.actions import SESSION_KEY, Crisis, crisis_for
from hearth.safety.detector import MEDICAL_EMERGENCY, SELF_HARM
from hearth.safety.middleware import mark_panel_shown


def crisis(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def panel() -> Crisis | None:
        kind = request.session.pop(SESSION_KEY, None)
        for known in (SELF_HARM, MEDICAL_EMERGENCY):
            if kind == known:
                mark_panel_shown(request)  # the response is then stored nowhere (hearth.safety.middleware)
                return crisis_for(cast(User, user), known)
        return None

    return {"crisis_panel": panel}
