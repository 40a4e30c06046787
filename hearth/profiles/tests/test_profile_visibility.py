"""Who sees what of a profile: health fields are Maya's alone until she chooses; each field's
visibility admits strangers, members of a shared community or connections as she says."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.connections.models import Connection, ConnectionStatus
from hearth.profiles.actions import ProfileInput, do_add_condition, do_add_treatment, do_update_profile
from hearth.profiles.models import Visibility

pytestmark = pytest.mark.django_db


def _connect(a: User, b: User) -> None:
    low, high = sorted((a, b), key=lambda u: u.pk)
    Connection.objects.create(user_low=low, user_high=high, requested_by=a, status=ConnectionStatus.ACCEPTED)


@pytest.fixture
def mayas_profile(maya: User) -> User:
    do_update_profile(maya, ProfileInput(bio="Bio-marker: new here.", role="patient", age_range="35_44"))
    do_add_condition(maya, "breast-cancer", 2025)
    do_add_treatment(maya, "tamoxifen")
    return maya


def _page(client: Client, handle: str = "maya_r") -> str:
    response = client.get(f"/members/{handle}/")
    assert response.status_code == 200
    return response.content.decode()


def test_health_fields_are_only_mayas_until_she_chooses(mayas_profile: User, tiffany: User, client: Client) -> None:
    make_community(tiffany, members=[mayas_profile])
    client.force_login(tiffany)

    page = _page(client)

    assert "Bio-marker" in page  # the bio defaults to members of her communities
    assert "Breast cancer" not in page
    assert "Tamoxifen" not in page


def test_maya_sees_everything_on_her_own_profile(mayas_profile: User, maya_client: Client) -> None:
    page = _page(maya_client)

    assert "Breast cancer" in page
    assert "Tamoxifen" in page
    assert "since 2025" in page


def test_conditions_for_communities_reach_members_of_a_shared_community_only(
    mayas_profile: User, tiffany: User, ravi: User, client: Client
) -> None:
    do_update_profile(mayas_profile, ProfileInput(visibility={"conditions": Visibility.COMMUNITIES}))
    make_community(tiffany, members=[mayas_profile])

    client.force_login(tiffany)
    assert "Breast cancer" in _page(client)
    client.force_login(ravi)
    assert "Breast cancer" not in _page(client)
    assert "Bio-marker" not in _page(client)


def test_connections_see_what_is_for_connections(mayas_profile: User, ravi: User, client: Client) -> None:
    do_update_profile(mayas_profile, ProfileInput(visibility={"treatments": Visibility.CONNECTIONS}))
    _connect(mayas_profile, ravi)
    client.force_login(ravi)

    page = _page(client)

    assert "Tamoxifen" in page
    assert "Breast cancer" not in page


def test_an_outsider_sees_only_public_fields(mayas_profile: User, client: Client) -> None:
    do_update_profile(mayas_profile, ProfileInput(visibility={"role": Visibility.PUBLIC}))

    page = _page(client)

    assert "Patient" in page
    assert "Bio-marker" not in page
    assert "Breast cancer" not in page


def test_a_blocked_member_sees_maya_as_a_stranger(mayas_profile: User, tiffany: User, client: Client) -> None:
    from hearth.connections.models import Block

    make_community(tiffany, members=[mayas_profile])
    Block.objects.create(blocker=mayas_profile, blocked=tiffany)
    client.force_login(tiffany)

    assert "Bio-marker" not in _page(client)


def test_missing_and_erased_members_answer_404(client: Client, db: None) -> None:
    UserFactory.create(handle="gone", is_active=False)

    assert client.get("/members/gone/").status_code == 404
    assert client.get("/members/nobody-here/").status_code == 404
    assert client.get("/members/a%00b/").status_code == 404


def test_the_profile_page_asks_once_what_lies_between_tiffany_and_maya(
    mayas_profile: User, tiffany: User, client: Client
) -> None:
    """Who may see what, the connect and block buttons and whether Tiffany may write to Maya all
    rest on the same blocks, connection and shared community: each is read once for the page."""
    make_community(tiffany, members=[mayas_profile])
    client.force_login(tiffany)

    with CaptureQueriesContext(connection) as queries:
        page = _page(client)

    assert "Bio-marker" in page
    tables = [query["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for query in queries if " FROM " in query["sql"]]
    assert tables.count("connections_block") == 1  # either way, and which of them blocked
    assert tables.count("connections_connection") == 1
    assert tables.count("communities_membership") == 1
