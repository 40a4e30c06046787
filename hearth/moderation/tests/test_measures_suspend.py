"""The site's administrator suspends Omar's account, for 7 days or until lifted. Omar still signs
in and reads, with a banner on every page saying until when; but he replies, reacts, chats, sends
messages, asks to connect, creates communities and reports nowhere, in every community. Ravi,
who only moderates a community, cannot suspend anyone (404), and nobody suspends themself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.access import UNTIL_LIFTED
from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.communities.actions import CommunityInput, do_create_community
from hearth.communities.models import Community, Membership
from hearth.connections.actions import do_request
from hearth.conversations.actions import do_send
from hearth.discussions.actions import PostInput, do_reply
from hearth.discussions.models import Post
from hearth.moderation.actions import do_report_post
from hearth.moderation.actions.measures import do_lift_early, do_suspend
from hearth.moderation.models import Measure, MeasureKind
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def _suspend_url(diabetes: Diabetes, handle: str = "omar") -> str:
    return reverse("moderation_suspend", args=[diabetes.community.slug, handle])


def _suspend(client: Any, diabetes: Diabetes, **data: str) -> Any:
    return client.post(_suspend_url(diabetes), {f"suspend-{key}": value for key, value in data.items()})


def test_ravi_cannot_suspend_and_does_not_see_the_form(ravi: User, diabetes: Diabetes) -> None:
    client = client_of(ravi)

    page = client.get(reverse("moderation_member", args=[diabetes.community.slug, "omar"])).content.decode()
    refused = _suspend(client, diabetes, length="days", days="7", reason="Spam.")

    assert "Suspend from the site" not in page
    assert refused.status_code == 404
    assert diabetes.omar.suspended_until is None
    with pytest.raises(ValidationError, match="Only site administrators"):
        do_suspend(ravi, diabetes.omar, 7, "Spam.")


def test_the_site_admin_suspends_omar_for_seven_days(
    site_admin: User, maya: User, tiffany: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    Membership.objects.create(community=diabetes.lupus, user=diabetes.omar)
    admin = client_of(site_admin)

    page = admin.get(reverse("moderation_member", args=[diabetes.community.slug, "omar"])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = _suspend(admin, diabetes, length="days", days="7", reason="Selling fake cures everywhere.")

    assert "Suspend from the site" in page
    assert done.status_code == 302
    omar = User.objects.get(pk=diabetes.omar.pk)
    assert omar.suspended_until is not None
    assert timedelta(days=6, hours=23) < omar.suspended_until - timezone.now() <= timedelta(days=7)
    suspension = Measure.objects.get(kind=MeasureKind.SUSPEND)
    assert (suspension.community, suspension.created_by) == (None, site_admin)
    event = AuditEvent.objects.get(action="measure:suspend")
    assert (event.actor, event.subject, event.community) == (site_admin, omar, None)
    assert Notification.objects.get(recipient=omar).kind == Kind.MEASURE

    client = client_of(omar)
    # He reads, with the banner on every page, and his notice says why.
    thread = client.get(diabetes.post.thread.get_absolute_url()).content.decode()
    assert "Stop your insulin" in thread
    assert "Your account is suspended until" in thread
    notices = client.get(reverse("notifications")).content.decode()
    assert "suspended your account until" in notices
    assert "Selling fake cures everywhere." in notices
    assert "siteadmin" not in notices
    # He posts nowhere: not in Type 1 together, not in the lupus community.
    reply = client.post(
        reverse("thread_reply", args=[diabetes.community.slug, diabetes.post.thread.pk]), {"body": "Buy now"}
    )
    assert reply.status_code == 422
    assert "Your account is suspended until" in reply.content.decode()
    with pytest.raises(ValidationError, match="suspended"):
        do_reply(omar, diabetes.post.thread, PostInput(source="Buy now"))
    lupus_thread = reverse("thread_create", args=[diabetes.lupus.slug])
    assert "suspended" in client.get(lupus_thread, follow=True).content.decode()
    # No direct messages, connection requests, new communities or reports.
    with pytest.raises(ValidationError, match="cannot send messages") as sending:
        do_send(omar, maya, "Buy my cure")
    assert sending.value.code == "suspended"
    with pytest.raises(ValidationError, match="cannot ask members to connect"):
        do_request(omar, maya)
    with pytest.raises(ValidationError, match="cannot create a community"):
        do_create_community(omar, CommunityInput(name="Cinnamon cures", description="Buy here."))
    mayas = do_reply(maya, diabetes.post.thread, PostInput(source="Please see your doctor."))
    with pytest.raises(ValidationError, match="cannot report"):
        do_report_post(omar, mayas.pk, "spam")
    created = client.post(
        reverse("community_create"), {"name": "Cinnamon cures", "description": "Buy.", "visibility": "public"}
    )
    assert created.status_code == 200
    assert "cannot create a community" in created.content.decode()
    asked = client.post(reverse("connection_request", args=["maya_r"]), {"note": ""})
    assert asked.status_code == 422
    assert "cannot ask members to connect" in asked.content.decode()
    assert not Community.objects.filter(name="Cinnamon cures").exists()
    assert not Post.objects.filter(source="Buy now").exists()


def test_a_suspension_until_lifted_lasts_until_an_administrator_lifts_it(
    site_admin: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    admin = client_of(site_admin)
    with django_capture_on_commit_callbacks(execute=True):
        done = _suspend(admin, diabetes, length="lifted", days="", reason="Threats to other members.")

    assert done.status_code == 302
    omar = User.objects.get(pk=diabetes.omar.pk)
    assert omar.suspended_until == UNTIL_LIFTED
    assert Measure.objects.get(kind=MeasureKind.SUSPEND).ends_at is None
    banner = client_of(omar).get(reverse("notifications")).content.decode()
    assert "Your account is suspended until it is lifted" in banner
    assert "suspended your account until they lift it" in banner

    suspension = Measure.objects.get(kind=MeasureKind.SUSPEND)
    page = admin.get(reverse("moderation_member", args=[diabetes.community.slug, "omar"])).content.decode()
    assert "Threats to other members." in page
    with django_capture_on_commit_callbacks(execute=True):
        lifted = admin.post(
            reverse("moderation_lift", args=[suspension.pk]),
            {f"lift-{suspension.pk}-reason": "Apologised.", f"lift-{suspension.pk}-slug": diabetes.community.slug},
        )
    assert lifted.status_code == 302
    assert lifted["Location"] == reverse("moderation_member", args=[diabetes.community.slug, "omar"])
    omar = User.objects.get(pk=omar.pk)  # a fresh copy: the one above was narrowed to a suspension
    assert omar.suspended_until is None
    do_reply(omar, diabetes.post.thread, PostInput(source="Sorry, everyone."))
    assert "lifted your account" in client_of(omar).get(reverse("notifications")).content.decode()


def test_a_suspension_runs_out_by_itself(site_admin: User, diabetes: Diabetes) -> None:
    do_suspend(site_admin, diabetes.omar, 7, "Spam.")
    User.objects.filter(pk=diabetes.omar.pk).update(suspended_until=timezone.now() - timedelta(minutes=1))
    omar = User.objects.get(pk=diabetes.omar.pk)

    page = client_of(omar).get(diabetes.post.thread.get_absolute_url()).content.decode()

    assert "Your account is suspended" not in page
    do_reply(omar, diabetes.post.thread, PostInput(source="Back."))


def test_bad_suspensions_are_refused_with_what_was_typed_kept(site_admin: User, diabetes: Diabetes) -> None:
    admin = client_of(site_admin)

    no_days = _suspend(admin, diabetes, length="days", days="", reason="Kept words")
    too_many = _suspend(admin, diabetes, length="days", days="400", reason="Kept words")
    no_reason = _suspend(admin, diabetes, length="lifted", reason="")
    himself = admin.post(
        reverse("moderation_suspend", args=[diabetes.community.slug, "siteadmin"]),
        {"suspend-length": "lifted", "suspend-reason": "Testing"},
    )

    for page in (no_days, too_many, no_reason):
        assert page.status_code == 422
    assert "Kept words" in no_days.content.decode()
    assert "Give the number of days" in no_days.content.decode()
    assert himself.status_code == 404  # he is no member of Type 1 together
    with pytest.raises(ValidationError, match="yourself"):
        do_suspend(site_admin, site_admin, None, "Testing")
    assert not Measure.objects.exists()


def test_lifting_a_suspension_twice_answers_that_it_was(site_admin: User, diabetes: Diabetes) -> None:
    suspension = do_suspend(site_admin, diabetes.omar, None, "Spam.")
    do_lift_early(site_admin, suspension, "Apologised.")

    again = client_of(site_admin).post(
        reverse("moderation_lift", args=[suspension.pk]), {f"lift-{suspension.pk}-reason": "Again."}, follow=True
    )

    assert "This measure was already lifted." in again.content.decode()
    assert AuditEvent.objects.filter(action="measure:lift").count() == 1


def test_only_site_administrators_may_lift_a_suspension(
    site_admin: User, ravi: User, tiffany: User, diabetes: Diabetes
) -> None:
    suspension = do_suspend(site_admin, diabetes.omar, 7, "Spam.")

    for user in (ravi, tiffany, diabetes.founder):
        response = client_of(user).post(
            reverse("moderation_lift", args=[suspension.pk]), {f"lift-{suspension.pk}-reason": "Let him back."}
        )
        assert response.status_code == 404
    suspension.refresh_from_db()
    assert suspension.lifted_at is None
