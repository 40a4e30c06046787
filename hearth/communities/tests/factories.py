"""Building communities for tests through the real actions, so every rule is exercised."""

from __future__ import annotations

from collections.abc import Sequence

from hearth.accounts.models import User
from hearth.communities import actions
from hearth.communities.models import Community, Membership, Role


def make_community(
    founder: User,
    name: str = "Living with lupus",
    *,
    visibility: str = "public",
    members: Sequence[User] = (),
    moderators: Sequence[User] = (),
    **options: object,
) -> Community:
    community = actions.do_create_community(
        founder,
        actions.CommunityInput(
            name=name,
            description=options.pop("description", f"A place for {name}.") or "",  # type: ignore[arg-type]
            visibility=visibility,
            **options,  # type: ignore[arg-type]
        ),
    )
    for person in [*members, *moderators]:
        Membership.objects.get_or_create(community=community, user=person)
    for person in moderators:
        Membership.objects.filter(community=community, user=person).update(role=Role.MODERATOR)
    community.member_count = community.memberships.count()
    community.save(update_fields=["member_count"])
    return community
