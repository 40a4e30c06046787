"""The one access policy for communities and everything inside them.

Every page, API endpoint, search, tag page, feed, notification and WebSocket consumer asks here.
People who may not see a community get 404, never 403: a private community's name is not
revealed, and a closed community's content does not exist for outsiders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from django.http import Http404
from django.utils import timezone

from hearth.accounts.access import until_words
from hearth.communities.models import Community, Membership, Role, Status, Visibility

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")  # as `Community.slug` holds them


class Need(Enum):
    SEE = "see"  # know it exists: its name, description and rules
    READ = "read"  # read its threads and posts
    POST = "post"  # start threads, reply, react
    MODERATE = "moderate"  # decide requests, invite, remove members, reveal anonymous authors
    MANAGE = "manage"  # settings, promote and demote moderators


@dataclass(frozen=True)
class CommunityAccess:
    """What one viewer may do in one community."""

    community: Community
    membership: Membership | None
    is_site_admin: bool
    is_creator: bool
    # Until when moderators muted the viewer here, or the site suspended them (hearth.moderation).
    paused_until: datetime | None = None
    is_suspended: bool = False  # from the whole site: no moderating anywhere either

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def can_see(self) -> bool:
        if self.is_site_admin:
            return True
        if self.community.status != Status.ACTIVE:
            return self.is_creator
        return self.community.visibility != Visibility.PRIVATE or self.is_member

    @property
    def can_read(self) -> bool:
        if self.is_site_admin:
            return True
        if self.community.status != Status.ACTIVE:
            return False
        return self.community.visibility == Visibility.PUBLIC or self.is_member

    @property
    def can_see_members_only(self) -> bool:
        """Members-only posts, and who the members are (belonging to a condition group is itself
        private): members and site administrators."""
        return self.is_member or self.is_site_admin

    @property
    def is_paused(self) -> bool:
        """Muted here or suspended: the member reads, but does not post, react or chat."""
        return self.paused_until is not None and self.paused_until > timezone.now()

    @property
    def can_post(self) -> bool:
        return self.community.status == Status.ACTIVE and self.is_member and not self.is_paused

    @property
    def cannot_post_because(self) -> str:
        """Why the viewer may not post here, in words for them; empty when they may."""
        if self.can_post:
            return ""
        if self.is_paused and self.paused_until is not None:
            until = until_words(self.paused_until)
            if self.membership is not None and self.membership.muted_until == self.paused_until:
                return f"Moderators paused your posting here {until}. Your moderation record says why."
            return f"Your account is suspended {until}: you can read, but not post. Your moderation record says why."
        if self.community.status != Status.ACTIVE:
            return "This community is not open for posts."
        return "Join the community to post in it."

    @property
    def can_moderate(self) -> bool:
        if self.is_site_admin:
            return True
        return not self.is_suspended and bool(self.membership and self.membership.can_moderate)

    @property
    def can_manage(self) -> bool:
        return self.is_site_admin or self.role == Role.FOUNDER

    @property
    def can_join_directly(self) -> bool:
        return (
            self.community.status == Status.ACTIVE
            and self.community.visibility == Visibility.PUBLIC
            and not self.is_member
        )

    @property
    def can_request_to_join(self) -> bool:
        return (
            self.community.status == Status.ACTIVE
            and self.community.visibility == Visibility.CLOSED
            and not self.is_member
        )

    def allows(self, need: Need) -> bool:
        return {
            Need.SEE: self.can_see,
            Need.READ: self.can_read,
            Need.POST: self.can_post,
            Need.MODERATE: self.can_moderate,
            Need.MANAGE: self.can_manage,
        }[need]


def is_site_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def access_for(user: Any, community: Community) -> CommunityAccess:
    membership = None
    authenticated = bool(getattr(user, "is_authenticated", False))
    if authenticated:
        membership = Membership.objects.filter(community=community, user=user).first()
    return CommunityAccess(
        community=community,
        membership=membership,
        is_site_admin=is_site_admin(user),
        is_creator=authenticated and community.created_by_id == user.pk,
        paused_until=paused_until(user, membership),
        is_suspended=_suspended(user),
    )


def _suspended(user: Any) -> bool:
    until = getattr(user, "suspended_until", None)
    return until is not None and until > timezone.now()


def paused_until(user: Any, membership: Membership | None) -> datetime | None:
    """The later of a mute in this community and a site suspension, if either is still running."""
    now = timezone.now()
    ends = [
        moment
        for moment in (getattr(user, "suspended_until", None), membership.muted_until if membership else None)
        if moment is not None and moment > now
    ]
    return max(ends) if ends else None


def community_for(user: Any, slug: str, need: Need = Need.SEE) -> CommunityAccess:
    """Fetch a community by slug and authorise the viewer, or answer 404.

    Outsiders get 404 whether the community is missing or hidden from them: the two must be
    indistinguishable. A member without the right for `need` (say, moderation) also gets 404.
    """
    # What cannot be a slug is not looked up: it may come from a form or a doctored request (a NUL,
    # which PostgreSQL cannot compare), and no community is named by it anyway.
    community = Community.objects.filter(slug=slug).select_related("parent").first() if _SLUG.fullmatch(slug) else None
    if community is None:
        raise Http404
    access = access_for(user, community)
    if not access.allows(need):
        raise Http404
    return access


def require(access: CommunityAccess, need: Need) -> None:
    if not access.allows(need):
        raise Http404
