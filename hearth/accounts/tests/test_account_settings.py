"""Account settings: handle, display name, text size, sessions; outsiders are sent to log in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS_PAGES = [
    "account_settings",
    "account_handle",
    "account_preferences",
    "account_tokens",
    "account_email",
    "account_change_password",
    "mfa_index",
    "usersessions_list",
]


@pytest.mark.parametrize("name", SETTINGS_PAGES)
def test_maya_sees_each_settings_page(maya_client: Client, name: str) -> None:
    assert maya_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", SETTINGS_PAGES)
def test_an_outsider_is_sent_to_log_in(client: Client, name: str) -> None:
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_maya_changes_her_handle(maya_client: Client, maya: User) -> None:
    response = maya_client.post(reverse("account_handle"), {"handle": "quiet_reader"})

    assert response.status_code == 302
    maya.refresh_from_db()
    assert maya.handle == "quiet_reader"


def test_a_taken_or_unsafe_handle_is_refused_and_nothing_changes(maya_client: Client, maya: User) -> None:
    UserFactory.create(handle="tiffany")

    taken = maya_client.post(reverse("account_handle"), {"handle": "TIFFANY"})
    phone = maya_client.post(reverse("account_handle"), {"handle": "5551234567"})

    assert "That handle is taken" in taken.content.decode()
    assert "phone number" in phone.content.decode()
    maya.refresh_from_db()
    assert maya.handle == "maya_r"


def test_maya_may_keep_her_own_handle_when_saving(maya_client: Client, maya: User) -> None:
    response = maya_client.post(reverse("account_handle"), {"handle": "maya_r"})

    assert response.status_code == 302


def test_ellen_chooses_large_text_and_every_page_uses_it(client: Client) -> None:
    ellen = UserFactory.create(handle="ellen71")
    client.force_login(ellen)

    client.post(reverse("account_preferences"), {"display_name": "Ellen", "text_size": "large"})

    ellen.refresh_from_db()
    assert ellen.text_size == "large"
    assert ellen.display_name == "Ellen"
    assert 'class="text-large"' in client.get("/").content.decode()


def test_an_unknown_text_size_is_refused(maya_client: Client, maya: User) -> None:
    response = maya_client.post(reverse("account_preferences"), {"display_name": "", "text_size": "huge"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_maya_sees_where_she_is_signed_in(maya: User) -> None:
    phone, laptop = Client(HTTP_USER_AGENT="Phone"), Client(HTTP_USER_AGENT="Laptop")
    for device in (phone, laptop):
        device.post(reverse("account_login"), {"login": "maya@example.org", "password": "correct horse battery staple"})

    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert page.content.decode().count("<tr") >= 3  # a header row and a row per session

    laptop.post(reverse("usersessions_list"))  # sign out the other sessions
    assert phone.get(reverse("account_settings")).status_code == 302
    assert laptop.get(reverse("account_settings")).status_code == 200


def test_maya_sets_her_time_zone_and_chats_show_in_it(maya_client: Client, maya: User) -> None:
    maya_client.post(
        reverse("account_preferences"), {"display_name": "", "text_size": "normal", "time_zone": "Europe/London"}
    )
    maya.refresh_from_db()
    assert maya.time_zone == "Europe/London"
    response = maya_client.post(
        reverse("account_preferences"), {"display_name": "", "text_size": "normal", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    maya.refresh_from_db()
    assert maya.time_zone == "Europe/London"
