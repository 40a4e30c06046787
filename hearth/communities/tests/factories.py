"""Building communities for tests through the real actions, so every rule is exercised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities import actions
from hearth.communities.models import Community, Membership, Role
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Post, Thread


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


@dataclass(frozen=True)
class PersonaWorld:
    """One community of one visibility with a person in each role, a thread and a reply whose
    words ("Reply-<visibility>-marker") must never reach anyone who may not read them."""

    visibility: str
    people: dict[str, User]
    community: Community
    thread: Thread
    reply: Post
    members_only_reply: Post | None


def make_persona_world(visibility: str, *, opening: str = "Opening-marker") -> PersonaWorld:
    people = {
        "founder": UserFactory.create(handle="tiffany"),
        "moderator": UserFactory.create(handle="ravi"),
        "member": UserFactory.create(handle="maya_r"),
        "non_member": UserFactory.create(handle="sam_cares"),
        "site_admin": UserFactory.create(handle="siteadmin", staff=True),
    }
    community = make_community(
        people["founder"],
        f"Secretive {visibility} circle",
        visibility=visibility,
        members=[people["member"]],
        moderators=[people["moderator"]],
        description=f"Description-{visibility}-marker",
    )
    thread = do_create_thread(people["founder"], community, f"Title-{visibility}-marker", PostInput(source=opening))
    reply = do_reply(people["member"], thread, PostInput(source=f"Reply-{visibility}-marker"))
    members_only = None
    if visibility == "public":
        members_only = do_reply(people["member"], thread, PostInput(source="MembersOnly-marker", members_only=True))
    return PersonaWorld(visibility, people, community, thread, reply, members_only)
