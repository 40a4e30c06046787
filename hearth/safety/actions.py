"""Crisis safety's writes: noticing crisis language in what a member just wrote, and the help it
brings them.

`do_notice_crisis` is called by the places that write posts, chat messages and direct messages,
*after* the write: the content has already gone through unchanged, and detecting takes a few
milliseconds. On a detection it returns what to show the author (privately: the panel on the next
page, a `crisis` object in the API answer, a frame on their own socket) and, for a post or chat
message in a community whose `wellbeing_checks` setting is on, opens a well-being check for its
moderators once the write has committed. Direct messages have no community, so no check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.safety.detector import SELF_HARM, Detection, Kind, detect
from hearth.safety.models import CheckedContent, WellbeingCheck
from hearth.safety.resources import CRISIS_LINE, EMERGENCY, Resource, country_of, resources_for, table

log = logging.getLogger(__name__)

SESSION_KEY = "crisis_panel"


@dataclass(frozen=True)
class Crisis:
    """A crisis noticed in what a member wrote, and the help for where they live."""

    kind: Kind
    phrase: str
    country: str  # blank when the member did not say
    resources: tuple[Resource, ...]
    local: bool  # the resources are their country's own, not the default list

    @property
    def crisis_lines(self) -> tuple[Resource, ...]:
        return tuple(resource for resource in self.resources if resource.kind == CRISIS_LINE)

    @property
    def emergency_numbers(self) -> tuple[Resource, ...]:
        return tuple(resource for resource in self.resources if resource.kind == EMERGENCY)

    @property
    def is_self_harm(self) -> bool:
        return self.kind == SELF_HARM

    def as_dict(self) -> dict[str, Any]:
        """What the API and the chat frame carry (never the matched phrase: the author knows what they wrote)."""
        return {"kind": self.kind, "resources": [resource.as_dict() for resource in self.resources]}


def crisis_for(member: User, kind: Kind, phrase: str = "") -> Crisis:
    country = country_of(member)
    local = bool(country) and country.upper() in table()
    return Crisis(kind=kind, phrase=phrase, country=country, resources=resources_for(country), local=local)


def do_notice_crisis(
    author: User,
    text: str,
    *,
    what: CheckedContent,
    object_id: int,
    community: Community | None = None,
) -> Crisis | None:
    """Read what `author` just wrote; on a crisis, return the help to show them and, in a
    community that wants them, open a well-being check after the commit.

    Never raises: what the member wrote is saved already, and a fault here (a broken resources
    file, say) must not turn their post into an error page that invites a second copy."""
    try:
        found: Detection | None = detect(text)
        if found is None:
            return None
        if community is not None and what != CheckedContent.DIRECT_MESSAGE:
            community_id = community.pk
            transaction.on_commit(
                lambda: _open_check(author.pk, found.kind, what, object_id, community_id), robust=True
            )
        return crisis_for(author, found.kind, found.phrase)
    except Exception:
        log.exception("crisis detection failed for %s %s", what, object_id)
        return None


def _open_check(member_id: int, kind: Kind, what: CheckedContent, object_id: int, community_id: int) -> None:
    # The setting is read now, not when the page was opened: a moderator may just have turned it off.
    if not Community.objects.filter(pk=community_id, wellbeing_checks=True).exists():
        return
    try:
        with transaction.atomic():
            WellbeingCheck.objects.get_or_create(
                what=what,
                object_id=object_id,
                defaults={"community_id": community_id, "member_id": member_id, "kind": kind},
            )
    except IntegrityError:  # the same content noticed twice at once (a retried send): one check
        log.debug("well-being check for %s %s already open", what, object_id)


def show_panel(request: HttpRequest, crisis: Crisis | None) -> None:
    """Have the next page the author sees open with the private crisis panel."""
    if crisis is not None:
        request.session[SESSION_KEY] = crisis.kind
