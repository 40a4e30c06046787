"""What is closed, private or for members only is never found by those who may not read it.

Maya belongs to all three communities; Charlie (a member of none) and an outsider must find
nothing of the closed or the private one, nor the members-only posts of the public one, and must
not even learn the private community's name.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from hearth.accounts.models import User
from hearth.communities import actions
from hearth.communities.models import Community
from hearth.search.tests.factories import first_post, make_reply, make_thread
from hearth.search.tests.finding import community_names, found

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["outsider", "charlie"])
def stranger(request: pytest.FixtureRequest) -> User | AnonymousUser:
    """An outsider (not logged in) or Charlie (logged in, a member of none of these communities)."""
    person: User | AnonymousUser = request.getfixturevalue(request.param)
    return person


def test_a_closed_communitys_posts_are_found_only_by_its_members(
    stranger: User | AnonymousUser, maya: User, sam: User, rare_parents: Community
) -> None:
    thread = make_thread(sam, rare_parents, "Respite care", "Our daughter's seizures came back at school.")

    assert found(maya, "seizures") == [first_post(thread).pk]
    assert found(stranger, "seizures") == []
    assert found(stranger, "respite") == []


def test_a_private_communitys_posts_are_found_only_by_its_members(
    stranger: User | AnonymousUser, maya: User, ravi: User, moderators_room: Community
) -> None:
    thread = make_thread(ravi, moderators_room, "Report from last night", "The hypoglycaemia thread needs a label.")
    reply = make_reply(maya, thread, "I added a hypoglycaemia label.")

    assert sorted(found(maya, "hypoglycaemia")) == sorted([first_post(thread).pk, reply.pk])
    assert found(stranger, "hypoglycaemia") == []


def test_members_only_posts_of_a_public_community_are_found_only_by_members(
    stranger: User | AnonymousUser, maya: User, tiffany: User, lupus: Community
) -> None:
    public = make_thread(tiffany, lupus, "Open thread", "Methotrexate days, anyone else?")
    private = make_thread(maya, lupus, "Just between us", "Methotrexate and my employer.", members_only=True)
    reply = make_reply(maya, public, "Methotrexate makes me tired; my employer does not know.", members_only=True)

    assert sorted(found(maya, "methotrexate")) == sorted([first_post(public).pk, first_post(private).pk, reply.pk])
    assert found(stranger, "methotrexate") == [first_post(public).pk]
    assert found(stranger, "employer") == []


def test_a_private_communitys_name_is_found_only_by_its_members(
    stranger: User | AnonymousUser, maya: User, moderators_room: Community
) -> None:
    assert community_names(maya, "moderators") == ["Quiet moderators room"]
    assert community_names(stranger, "moderators") == []
    assert community_names(stranger, "quiet room") == []


def test_public_and_closed_communities_are_found_by_anyone(
    stranger: User | AnonymousUser, lupus: Community, rare_parents: Community
) -> None:
    assert community_names(stranger, "lupus") == ["Living with lupus"]
    assert community_names(stranger, "rare disease") == ["Rare disease parents"]
    assert community_names(stranger, "hydroxychloroquine") == ["Living with lupus"]  # from the description


def test_a_community_named_for_the_words_comes_before_one_that_only_mentions_them(
    charlie: User, tiffany: User, lupus: Community
) -> None:
    actions.do_create_community(
        tiffany, actions.CommunityInput(name="Arthritis and lupus", description="Joints, flares and lupus.")
    )
    actions.do_create_community(
        tiffany, actions.CommunityInput(name="Autoimmune carers", description="For those caring for lupus patients.")
    )

    assert community_names(charlie, "lupus") == ["Arthritis and lupus", "Living with lupus", "Autoimmune carers"]


def test_a_community_is_found_by_a_word_with_its_accent(charlie: User, tiffany: User) -> None:
    actions.do_create_community(
        tiffany, actions.CommunityInput(name="Cáncer de mama", description="Apoyo entre pacientes.")
    )

    assert community_names(charlie, "cáncer MAMA") == ["Cáncer de mama"]
