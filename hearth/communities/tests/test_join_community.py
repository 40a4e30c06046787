"""Joining: at once for public communities, by request with entry questions for closed ones,
by invitation for private ones."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.models import JoinRequest, Membership
from hearth.communities.tests.factories import make_community
from hearth.moderation.models import Measure
from hearth.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(db: None) -> User:
    """Parent and caregiver of a child with a rare disease."""
    return UserFactory.create(handle="sam_cares", email="sam@example.org")


def test_maya_joins_a_public_community_at_once_after_seeing_the_rules(
    maya_client: Client, maya: User, tiffany: User
) -> None:
    lupus = make_community(tiffany, rules="Be kind. No medical advice.")

    page = maya_client.get(f"/c/{lupus.slug}/join/")
    response = maya_client.post(f"/c/{lupus.slug}/join/")

    assert "Be kind. No medical advice." in page.content.decode()
    assert response.status_code == 302
    assert Membership.objects.filter(community=lupus, user=maya).exists()
    lupus.refresh_from_db()
    assert lupus.member_count == 2


def test_joining_twice_says_so_and_counts_once(maya_client: Client, maya: User, tiffany: User) -> None:
    lupus = make_community(tiffany)
    maya_client.post(f"/c/{lupus.slug}/join/")

    again = maya_client.post(f"/c/{lupus.slug}/join/")

    assert "already a member" in again.content.decode()
    lupus.refresh_from_db()
    assert lupus.member_count == 2


def test_sam_asks_to_join_a_closed_group_by_answering_its_questions(client: Client, sam: User, tiffany: User) -> None:
    group = make_community(
        tiffany, "Rare disease caregivers", visibility="closed", entry_questions=["Who do you care for?"]
    )
    client.force_login(sam)
    question = group.entry_questions.get()

    empty = client.post(f"/c/{group.slug}/join/", {question.field_name: " "})
    sent = client.post(f"/c/{group.slug}/join/", {question.field_name: "My daughter, 6."})
    again = client.post(f"/c/{group.slug}/join/", {question.field_name: "My daughter, 6."})

    assert "answer every question" in empty.content.decode()
    assert sent.status_code == 302
    assert "already waiting" in again.content.decode()
    request = JoinRequest.objects.get(community=group, user=sam)
    assert request.answers == [{"question": "Who do you care for?", "answer": "My daughter, 6."}]
    assert not Membership.objects.filter(community=group, user=sam).exists()


def test_tiffany_sees_the_answers_and_approves_and_sam_is_told(client: Client, sam: User, tiffany: User) -> None:
    group = make_community(tiffany, "Rare disease caregivers", visibility="closed", entry_questions=["Who?"])
    sam_client = Client()
    sam_client.force_login(sam)
    sam_client.post(f"/c/{group.slug}/join/", {group.entry_questions.get().field_name: "My daughter"})
    request = JoinRequest.objects.get()
    client.force_login(tiffany)

    queue = client.get(f"/c/{group.slug}/requests/")
    decided = client.post(f"/c/{group.slug}/requests/{request.pk}/", {"decision": "approve"})
    twice = client.post(f"/c/{group.slug}/requests/{request.pk}/", {"decision": "decline"}, follow=True)

    assert "My daughter" in queue.content.decode()
    assert decided.status_code == 302
    assert Membership.objects.filter(community=group, user=sam).exists()
    assert "already decided" in twice.content.decode()
    assert Notification.objects.get(recipient=sam).kind == "join_approved"


def test_a_declined_request_leaves_sam_outside_and_tells_him(client: Client, sam: User, tiffany: User) -> None:
    group = make_community(tiffany, "Caregivers", visibility="closed")
    sam_client = Client()
    sam_client.force_login(sam)
    sam_client.post(f"/c/{group.slug}/join/")
    client.force_login(tiffany)

    client.post(f"/c/{group.slug}/requests/{JoinRequest.objects.get().pk}/", {"decision": "decline"})

    assert not Membership.objects.filter(community=group, user=sam).exists()
    assert Notification.objects.get(recipient=sam).kind == "join_declined"


def test_a_member_cannot_decide_requests(maya_client: Client, maya: User, tiffany: User, sam: User) -> None:
    group = make_community(tiffany, "Caregivers", visibility="closed", members=[maya])
    JoinRequest.objects.create(community=group, user=sam)

    assert maya_client.get(f"/c/{group.slug}/requests/").status_code == 404
    assert (
        maya_client.post(
            f"/c/{group.slug}/requests/{JoinRequest.objects.get().pk}/", {"decision": "approve"}
        ).status_code
        == 404
    )


def test_a_private_community_is_joined_with_an_invitation_link(client: Client, sam: User, tiffany: User) -> None:
    group = make_community(tiffany, "Our circle", visibility="private")
    client.force_login(tiffany)
    page = client.post(f"/c/{group.slug}/invites/", {"days": 7, "note": "for Sam"}).content.decode()
    link = page.split('id="invite-link" type="text" readonly value="')[1].split('"')[0]
    path = link.split("testserver")[1]
    sam_client = Client()
    sam_client.force_login(sam)

    before = sam_client.get(f"/c/{group.slug}/")
    invitation = sam_client.get(path)
    joined = sam_client.post(path)

    assert before.status_code == 404
    assert "Our circle" in invitation.content.decode()
    assert joined.status_code == 302
    assert sam_client.get(f"/c/{group.slug}/").status_code == 200


def test_a_revoked_or_unknown_invitation_says_so_and_reveals_nothing(client: Client, sam: User, tiffany: User) -> None:
    from hearth.communities.actions import do_create_invite, do_revoke_invite

    group = make_community(tiffany, "Our circle", visibility="private")
    created = do_create_invite(tiffany, group)
    do_revoke_invite(tiffany, created.invite)
    client.force_login(sam)

    revoked = client.get(f"/invite/{created.secret}/")
    unknown = client.get("/invite/not-a-real-secret/")

    assert revoked.status_code == unknown.status_code == 404
    assert "Our circle" not in revoked.content.decode()
    assert "does not work" in revoked.content.decode()


def test_maya_leaves_but_the_only_founder_cannot(
    maya_client: Client, maya: User, tiffany: User, client: Client
) -> None:
    lupus = make_community(tiffany, members=[maya])
    client.force_login(tiffany)

    maya_client.post(f"/c/{lupus.slug}/leave/")
    founder_tries = client.post(f"/c/{lupus.slug}/leave/", follow=True)

    assert not Membership.objects.filter(community=lupus, user=maya).exists()
    assert "only founder" in founder_tries.content.decode()


def test_tiffany_promotes_ravi_and_ravi_removes_a_member(client: Client, maya: User, tiffany: User, ravi: User) -> None:
    lupus = make_community(tiffany, members=[maya, ravi])
    client.force_login(tiffany)
    client.post(f"/c/{lupus.slug}/members/{ravi.handle}/", {"action": "moderator"})
    ravi_client = Client()
    ravi_client.force_login(ravi)

    no_reason = ravi_client.post(f"/c/{lupus.slug}/members/{maya.handle}/", {"action": "remove"}, follow=True)
    assert "Give a short reason" in no_reason.content.decode()
    ravi_client.post(f"/c/{lupus.slug}/members/{maya.handle}/", {"action": "remove", "reason": "Selling supplements."})
    ravi_tries_founder = ravi_client.post(
        f"/c/{lupus.slug}/members/{tiffany.handle}/", {"action": "remove", "reason": "Testing."}, follow=True
    )

    assert Membership.objects.get(community=lupus, user=ravi).role == "moderator"
    assert not Membership.objects.filter(community=lupus, user=maya).exists()
    assert Measure.objects.get(member=maya, community=lupus).kind == "remove"  # it stands: no rejoining
    assert "Only a site administrator can act on a founder" in ravi_tries_founder.content.decode()
