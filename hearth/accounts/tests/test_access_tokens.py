"""Personal access tokens: created with a name, shown once, revocable, and only the owner's."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.actions import do_create_access_token, user_for_token
from hearth.accounts.models import AccessToken, User

pytestmark = pytest.mark.django_db


def test_maya_creates_a_token_and_sees_it_only_once(maya_client: Client, maya: User) -> None:
    response = maya_client.post(reverse("account_tokens"), {"name": "my tracking app"})

    page = response.content.decode()
    secret = re.search(r'value="(hth_[^"]+)"', page)
    assert secret
    assert response["Cache-Control"] == "no-store"
    token = AccessToken.objects.get(user=maya)
    assert token.digest != secret.group(1)
    assert secret.group(1) not in maya_client.get(reverse("account_tokens")).content.decode()
    assert user_for_token(secret.group(1)) == maya


def test_a_token_name_is_required_and_unique_among_live_tokens(maya_client: Client, maya: User) -> None:
    empty = maya_client.post(reverse("account_tokens"), {"name": "   "})
    maya_client.post(reverse("account_tokens"), {"name": "phone"})
    duplicate = maya_client.post(reverse("account_tokens"), {"name": "phone"})

    assert "This field is required" in empty.content.decode()
    assert "already have a token with that name" in duplicate.content.decode()
    assert AccessToken.objects.filter(user=maya).count() == 1


def test_revoking_a_token_stops_it_working(maya_client: Client, maya: User) -> None:
    created = do_create_access_token(maya, "old app")

    response = maya_client.post(reverse("account_token_revoke", args=[created.token.pk]))

    assert response.status_code == 302
    assert user_for_token(created.secret) is None
    assert "<td>old app</td>" not in maya_client.get(reverse("account_tokens")).content.decode()


def test_tiffany_cannot_revoke_or_see_mayas_token(client: Client, maya: User, tiffany: User) -> None:
    created = do_create_access_token(maya, "private")
    client.force_login(tiffany)

    response = client.post(reverse("account_token_revoke", args=[created.token.pk]))

    assert response.status_code == 404
    assert user_for_token(created.secret) == maya
    assert "private" not in client.get(reverse("account_tokens")).content.decode()


def test_an_outsider_cannot_revoke_a_token(client: Client, maya: User) -> None:
    created = do_create_access_token(maya, "phone")

    response = client.post(reverse("account_token_revoke", args=[created.token.pk]))

    assert response.status_code == 302
    assert user_for_token(created.secret) == maya


@pytest.mark.parametrize("secret", ["", "hth_", "nonsense", "hth_" + "x" * 200])
def test_malformed_tokens_match_no_one(maya: User, secret: str) -> None:
    assert user_for_token(secret) is None


def test_a_deactivated_members_token_stops_working(maya: User) -> None:
    created = do_create_access_token(maya, "phone")
    maya.is_active = False
    maya.save()

    assert user_for_token(created.secret) is None
