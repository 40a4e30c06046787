"""Other members see a handle and a display name: never an email address, never a real name."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_member_page_shows_the_handle_and_not_the_email(client: Client, tiffany: User) -> None:
    response = client.get(tiffany.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tiffany" in page
    assert "@tiffany" in page
    assert "tiffany@example.org" not in page


def test_the_member_page_finds_a_handle_in_any_case(client: Client, maya: User) -> None:
    assert client.get("/members/MAYA_R/").status_code == 200


def test_an_unknown_or_deactivated_member_is_not_found(client: Client, maya: User) -> None:
    maya.is_active = False
    maya.save()

    assert client.get("/members/nobody/").status_code == 404
    assert client.get(maya.get_absolute_url()).status_code == 404


def test_mayas_own_pages_do_not_show_her_email_to_tiffany(client: Client, maya: User, tiffany: User) -> None:
    client.force_login(tiffany)

    for path in ["/", maya.get_absolute_url(), "/conditions/"]:
        assert "maya@example.org" not in client.get(path).content.decode()
