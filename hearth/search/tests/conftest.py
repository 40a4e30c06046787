"""Communities and posts for the search tests, made through the real actions so that every post
is indexed exactly as it is in use.

Tiffany founds a public lupus community (Maya joins it), Sam a closed group for parents of
children with a rare disease, and Ravi a private room for his moderators. Charlie is a member of
Hearth who belongs to none of them; an outsider is not logged in at all.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities import actions as communities
from hearth.communities.models import Community


@pytest.fixture
def sam(db: None) -> User:
    """Parent and caregiver of a child with a rare disease; wants a group outsiders cannot read."""
    return UserFactory.create(handle="sam_parent", email="sam@example.org")


@pytest.fixture
def charlie(db: None) -> User:
    """A member of Hearth who belongs to none of the communities here."""
    return UserFactory.create(handle="charlie", email="charlie@example.org")


@pytest.fixture
def outsider() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    community = communities.do_create_community(
        tiffany,
        communities.CommunityInput(
            name="Living with lupus",
            description="Flares, fatigue and hydroxychloroquine: people with lupus helping each other.",
            anonymous_posting=True,
        ),
    )
    communities.do_join(maya, community)
    return community


@pytest.fixture
def rare_parents(sam: User, maya: User) -> Community:
    """Closed: listed, but only members read it. Maya asked to join and Sam approved her."""
    community = communities.do_create_community(
        sam,
        communities.CommunityInput(
            name="Rare disease parents", description="Caring for a child with a rare disease.", visibility="closed"
        ),
    )
    request = communities.do_request_to_join(maya, community, [])
    communities.do_decide_request(sam, request, approve=True)
    return community


@pytest.fixture
def moderators_room(ravi: User, maya: User) -> Community:
    """Private: only its members know it exists. Maya was invited."""
    community = communities.do_create_community(
        ravi,
        communities.CommunityInput(
            name="Quiet moderators room", description="Where moderators talk things over.", visibility="private"
        ),
    )
    invite = communities.do_create_invite(ravi, community)
    communities.do_accept_invite(maya, invite.secret)
    return community
