"""The home page invites newcomers to find their condition and explains privacy."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User

pytestmark = pytest.mark.django_db


def test_an_outsider_sees_the_search_and_the_privacy_promise(client: Client) -> None:
    page = client.get("/").content.decode()

    assert "Find your condition" in page
    assert "Your email address is never shown" in page
    assert "Skip to main content" in page
    assert '<main id="main"' in page


def test_maya_is_greeted_by_her_handle(maya_client: Client, maya: User) -> None:
    page = maya_client.get("/").content.decode()

    assert "Welcome back, maya_r" in page
    assert "Log out" in page


def test_only_get_is_allowed(client: Client) -> None:
    assert client.post("/").status_code == 405
