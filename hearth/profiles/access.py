"""The one access policy for profiles: who a viewer is to a member, and which fields they see.

Pages, the API, "patients like me" and the data export all ask here. A field is shown only when
its visibility admits the viewer's relation to the member; a blocked pair see each other as
strangers, so a block never shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from hearth.accounts.models import User
from hearth.communities.models import Membership, Status
from hearth.connections.models import Block, Connection, ConnectionStatus, Mute
from hearth.profiles.models import FIELD_DEFAULTS, Profile, Visibility


class Relation(IntEnum):
    """What a viewer is to a member, from the furthest to the nearest."""

    STRANGER = 0  # not signed in, or blocked either way
    MEMBER = 1  # signed in, no community in common
    COMMUNITY = 2  # shares at least one community
    CONNECTION = 3  # connected
    SELF = 4

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Relation.STRANGER: "a stranger",
    Relation.MEMBER: "a signed-in member with no community in common",
    Relation.COMMUNITY: "a member of a community you share",
    Relation.CONNECTION: "one of your connections",
    Relation.SELF: "you",
}
# The nearest relation that may see each visibility.
_NEEDS = {
    Visibility.PUBLIC: Relation.STRANGER,
    Visibility.COMMUNITIES: Relation.COMMUNITY,
    Visibility.CONNECTIONS: Relation.CONNECTION,
    Visibility.ONLY_ME: Relation.SELF,
}
# "See my profile as…": the relations a member may preview, by the name used in the URL.
PREVIEWS = {"stranger": Relation.STRANGER, "community": Relation.COMMUNITY, "connection": Relation.CONNECTION}
_HANDLE = re.compile(r"[^\x00]{1,60}")


def admits(visibility: str, relation: Relation) -> bool:
    return relation >= _NEEDS[Visibility(visibility)]


def visibilities_for(relation: Relation) -> list[str]:
    """The visibilities a viewer with `relation` may see (for filtering in SQL)."""
    return [str(v) for v, needed in _NEEDS.items() if relation >= needed]


def is_blocked_between(a_id: int, b_id: int) -> bool:
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()


def are_connected(a_id: int, b_id: int) -> bool:
    low, high = sorted((a_id, b_id))
    return Connection.objects.filter(user_low_id=low, user_high_id=high, status=ConnectionStatus.ACCEPTED).exists()


def share_a_community(a_id: int, b_id: int) -> bool:
    return Membership.objects.filter(
        user_id=a_id,
        community__status=Status.ACTIVE,
        community__memberships__user_id=b_id,
    ).exists()


class Ties:
    """What lies between a signed-in viewer and another member (blocks either way, a connection
    or request, a shared community), read once so that one page asks each question once."""

    def __init__(self, viewer_id: int, member_id: int) -> None:
        self.viewer_id, self.member_id = viewer_id, member_id
        either_way = Q(blocker_id=viewer_id, blocked_id=member_id) | Q(blocker_id=member_id, blocked_id=viewer_id)
        self.blockers = frozenset(Block.objects.filter(either_way).values_list("blocker_id", flat=True))
        low, high = sorted((viewer_id, member_id))
        self.connection = Connection.objects.filter(user_low_id=low, user_high_id=high).first()
        self._shares_a_community: bool | None = None

    @property
    def blocked(self) -> bool:
        """Blocked either way."""
        return bool(self.blockers)

    @property
    def connected(self) -> bool:
        return self.connection is not None and self.connection.status == ConnectionStatus.ACCEPTED

    @property
    def share_a_community(self) -> bool:
        if self._shares_a_community is None:
            self._shares_a_community = share_a_community(self.viewer_id, self.member_id)
        return self._shares_a_community

    @property
    def relation(self) -> Relation:
        if self.blocked:
            return Relation.STRANGER
        if self.connected:
            return Relation.CONNECTION
        if self.share_a_community:
            return Relation.COMMUNITY
        return Relation.MEMBER


def ties_between(viewer: Any, member: User) -> Ties | None:
    """The ties of a signed-in, active viewer to another member; None for visitors and oneself."""
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active or viewer.pk == member.pk:
        return None
    return Ties(viewer.pk, member.pk)


def relation_between(viewer: Any, member: User, ties: Ties | None = None) -> Relation:
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return Relation.STRANGER
    if viewer.pk == member.pk:
        return Relation.SELF
    return (ties or Ties(viewer.pk, member.pk)).relation


def shares_community_with(viewer_id: int) -> Exists:
    """For annotating members: does this member share an active community with the viewer?"""
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef("pk"),
            community__status=Status.ACTIVE,
            community__memberships__user_id=viewer_id,
        )
    )


@dataclass(frozen=True)
class ProfileView:
    """One member's profile as one viewer may see it."""

    member: User
    profile: Profile
    relation: Relation
    previewing: bool = False  # the member looking at their own profile as someone else
    ties: Ties | None = None  # a signed-in viewer's to someone else, for the page's buttons

    def shows(self, field: str) -> bool:
        return admits(self.profile.visibility_of(field), self.relation)

    @property
    def is_self(self) -> bool:
        return self.relation == Relation.SELF


def profile_of(member: User) -> Profile:
    """The member's profile; a member who never edited theirs has the defaults (saved on first write)."""
    try:
        return member.profile
    except Profile.DoesNotExist:
        return Profile(user=member, **{f"{field}_visibility": value for field, value in FIELD_DEFAULTS.items()})


def profile_for(viewer: Any, handle: str, *, preview: str | None = None) -> ProfileView:
    """Fetch a member by handle and decide what `viewer` sees, or answer 404.

    `preview` lets a member see their own profile as a stranger, a community member or a
    connection would; from anyone else it is ignored, so it can never widen what they see.
    """
    found = User.objects.named(handle).filter(is_active=True).select_related("profile")
    member = found.first() if _HANDLE.fullmatch(handle) else None
    if member is None:
        raise Http404
    ties = ties_between(viewer, member)
    relation = relation_between(viewer, member, ties)
    if relation == Relation.SELF and preview in PREVIEWS:
        return ProfileView(member=member, profile=profile_of(member), relation=PREVIEWS[preview], previewing=True)
    return ProfileView(member=member, profile=profile_of(member), relation=relation, ties=ties)


@dataclass(frozen=True)
class Standing:
    """Where a signed-in viewer stands with a member, for the buttons on the member's profile."""

    connected: bool = False
    requested_by_viewer: bool = False
    requested_by_member: bool = False
    blocked: bool = False  # by the viewer; a block by the member is never shown
    muted: bool = False


def standing_between(viewer: Any, member: User, ties: Ties | None = None) -> Standing | None:
    if not getattr(viewer, "is_authenticated", False) or viewer.pk == member.pk:
        return None
    ties = ties or Ties(viewer.pk, member.pk)
    connection = ties.connection
    pending = connection is not None and connection.status == ConnectionStatus.PENDING
    return Standing(
        connected=ties.connected,
        requested_by_viewer=pending and connection.requested_by_id == viewer.pk,  # type: ignore[union-attr]
        requested_by_member=pending and connection.requested_by_id == member.pk,  # type: ignore[union-attr]
        blocked=viewer.pk in ties.blockers,
        muted=Mute.objects.filter(muter_id=viewer.pk, muted_id=member.pk).exists(),
    )
