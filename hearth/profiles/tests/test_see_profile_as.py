"""Journey 10: Maya sees her profile as a stranger, a member of a shared community and a
connection would; nobody else can use the preview to see more."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.profiles.actions import ProfileInput, do_add_condition, do_update_profile
from hearth.profiles.models import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya_with_profile(maya: User) -> User:
    do_update_profile(
        maya,
        ProfileInput(
            bio="Bio-marker",
            interests=["gardening"],
            visibility={"interests": Visibility.PUBLIC, "conditions": Visibility.CONNECTIONS},
        ),
    )
    do_add_condition(maya, "breast-cancer", 2025)
    return maya


@pytest.mark.parametrize(
    ("preview", "sees_bio", "sees_condition"),
    [("stranger", False, False), ("community", True, False), ("connection", True, True)],
)
def test_maya_previews_her_profile(
    maya_with_profile: User, maya_client: Client, preview: str, sees_bio: bool, sees_condition: bool
) -> None:
    page = maya_client.get(f"/members/maya_r/?as={preview}").content.decode()

    assert "This is how" in page
    assert "gardening" in page
    assert ("Bio-marker" in page) is sees_bio
    assert ("Breast cancer" in page) is sees_condition
    assert "Edit your profile" not in page


def test_the_preview_widens_nothing_for_anyone_else(maya_with_profile: User, tiffany: User, client: Client) -> None:
    client.force_login(tiffany)

    page = client.get("/members/maya_r/?as=connection").content.decode()

    assert "This is how" not in page
    assert "Breast cancer" not in page
