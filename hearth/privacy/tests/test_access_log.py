"""Maya sees when an administrator or a moderator looked at her private data, and why. Only a
site administrator may open her private fields, after giving a reason; anyone else gets 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client

from hearth.accounts.models import User
from hearth.communities.models import Membership, Role
from hearth.privacy.actions import do_view_private
from hearth.privacy.models import PrivateAccessEntry, Viewed
from hearth.privacy.tests.conftest import World

pytestmark = pytest.mark.django_db


def test_an_administrator_sees_her_private_fields_after_giving_a_reason(
    world: World, maya: User, admin_client: Client, maya_client: Client
) -> None:
    form = admin_client.get("/my-data/inspect/maya_r/").content.decode()
    assert "Breast cancer" not in form

    shown = admin_client.post("/my-data/inspect/maya_r/", {"reason": "She asked support to check her profile."})

    page = shown.content.decode()
    assert "Breast cancer" in page
    assert "New here, lurking." in page
    assert shown["Cache-Control"] == "no-store"
    log = maya_client.get("/my-data/access-log/").content.decode()
    assert "She asked support to check her profile." in log
    assert "a site administrator" in log
    assert "private profile fields" in log


def test_no_reason_no_view(world: World, admin_client: Client) -> None:
    page = admin_client.post("/my-data/inspect/maya_r/", {"reason": "   "}).content.decode()

    assert "Breast cancer" not in page
    assert not PrivateAccessEntry.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anyone_else_gets_404(world: World, ravi_client: Client, maya_client: Client, method: str) -> None:
    assert getattr(ravi_client, method)("/my-data/inspect/maya_r/", {"reason": "curious"}).status_code == 404
    assert getattr(maya_client, method)("/my-data/inspect/maya_r/", {"reason": "me"}).status_code == 404
    assert not PrivateAccessEntry.objects.exists()


def test_an_unknown_member_is_404_for_administrators_too(db: None, admin_client: Client) -> None:
    assert admin_client.get("/my-data/inspect/nobody/").status_code == 404


def test_a_moderator_may_read_reported_messages_of_a_member_of_their_community(
    world: World, maya: User, ravi: User, maya_token: str, client: Client
) -> None:
    with pytest.raises(Http404):
        do_view_private(ravi, maya, Viewed.MESSAGES, "Reported as abuse", community=world.community)
    Membership.objects.create(community=world.community, user=ravi, role=Role.MODERATOR)
    with pytest.raises(Http404):
        do_view_private(ravi, maya, Viewed.PROFILE, "Curious", community=world.community)
    with pytest.raises(ValidationError):
        do_view_private(ravi, maya, Viewed.MESSAGES, "", community=world.community)

    do_view_private(ravi, maya, Viewed.MESSAGES, "Reported as abuse", community=world.community)

    items = client.get("/api/v1/my-data/access-log", HTTP_AUTHORIZATION=f"Bearer {maya_token}").json()["items"]
    assert items == [
        {
            "viewer": "ravi",
            "viewer_role": "moderator",
            "community": world.community.slug,
            "what": "messages",
            "reason": "Reported as abuse",
            "created_at": items[0]["created_at"],
            "url": "/my-data/access-log/",
        }
    ]


def test_the_log_is_hers_alone(world: World, maya: User, site_admin: User, ravi_client: Client) -> None:
    do_view_private(site_admin, maya, Viewed.PROFILE, "Support ticket 12")

    assert "Support ticket 12" not in ravi_client.get("/my-data/access-log/").content.decode()
