"""Who may reach what in privacy: a member's exports are theirs alone (404 for anyone else,
administrators included), and only site administrators, and moderators for messages reported
to them, may look at a member's private data, each time with a reason."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hearth.accounts.models import User
from hearth.communities.models import Community, Membership, Role
from hearth.privacy.models import DataExport, Viewed, ViewerRole

_TOKEN_MAX = 64


def own_export(member: User, export_id: int) -> DataExport:
    """One of the member's exports, or 404."""
    found = DataExport.objects.filter(pk=export_id, member=member).defer("archive").first()
    if found is None:
        raise Http404
    return found


def export_by_token(member: User, token: str) -> DataExport:
    """The member's export behind a download link, or 404 (for anyone else, whoever they are)."""
    if not token or len(token) > _TOKEN_MAX or "\x00" in token:
        raise Http404
    found = DataExport.objects.filter(token=token, member=member).first()
    if found is None:
        raise Http404
    return found


def is_site_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def viewer_role(viewer: Any, member: User, what: str, community: Community | None = None) -> ViewerRole:
    """How `viewer` may see `member`'s private data of kind `what`, or 404.

    Site administrators may, for any member. A moderator (or founder) of `community` may see
    direct messages of a member of that community, when they were reported there."""
    if is_site_admin(viewer):
        return ViewerRole.ADMIN
    if (
        community is not None
        and what == Viewed.MESSAGES
        and getattr(viewer, "is_authenticated", False)
        and viewer.is_active
        and Membership.objects.filter(
            community=community, user=viewer, role__in=[Role.MODERATOR, Role.FOUNDER]
        ).exists()
        and Membership.objects.filter(community=community, user=member).exists()
    ):
        return ViewerRole.MODERATOR
    raise Http404
