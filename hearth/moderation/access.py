"""Who may see which moderation queue and decide its items: the community's moderators and
founders (through the communities' access policy), and site administrators for everything.
Everyone else gets 404, as for any private thing."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hearth.communities.access import access_for, is_site_admin
from hearth.communities.models import Community
from hearth.moderation.models import QueueItem
from hearth.safety.models import WellbeingCheck


def moderates(user: Any, community: Community | None) -> bool:
    """Whether `user` moderates `community`; no community (direct messages) is the site's."""
    if community is None:
        return is_site_admin(user)
    return access_for(user, community).can_moderate


def item_for(user: Any, item_id: int) -> QueueItem:
    item = QueueItem.objects.select_related("community", "handled_by").filter(pk=item_id).first()
    if item is None or not moderates(user, item.community):
        raise Http404
    return item


def check_for(user: Any, check_id: int) -> WellbeingCheck:
    check = WellbeingCheck.objects.select_related("community", "handled_by").filter(pk=check_id).first()
    # A check without a community (never made today) would be no moderator's to see.
    if check is None or check.community is None or not moderates(user, check.community):
        raise Http404
    return check


def site_admin_only(user: Any) -> None:
    if not is_site_admin(user):
        raise Http404
