"""Logging in by email and out again."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_maya_logs_in_with_her_email_in_any_case(client: Client, maya: User) -> None:
    response = client.post(reverse("account_login"), {"login": "MAYA@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get(reverse("account_settings")).status_code == 200


def test_logging_in_by_handle_is_not_offered(client: Client, maya: User) -> None:
    response = client.post(reverse("account_login"), {"login": "maya_r", "password": PASSWORD})

    assert response.status_code == 200
    assert client.get(reverse("account_settings")).status_code == 302


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client: Client, maya: User) -> None:
    response = client.post(reverse("account_login"), {"login": "maya@example.org", "password": "nope-nope-nope"})

    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_maya_logs_out_with_a_post(maya_client: Client) -> None:
    response = maya_client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert maya_client.get(reverse("account_settings")).status_code == 302


def test_repeated_failed_logins_are_slowed_down_even_with_the_right_password(client: Client, maya: User) -> None:
    for attempt in range(5):
        client.post(reverse("account_login"), {"login": "maya@example.org", "password": f"wrong-{attempt}"})

    limited = client.post(reverse("account_login"), {"login": "maya@example.org", "password": PASSWORD})

    assert limited.status_code == 200
    assert "Too many failed login attempts" in limited.content.decode()
    assert client.get(reverse("account_settings")).status_code == 302


def test_a_flood_of_signups_from_one_address_gets_429_with_a_plain_page(client: Client) -> None:
    statuses = [client.post(reverse("account_signup"), {"email": f"x{i}@example.org"}).status_code for i in range(25)]

    assert 429 in statuses
    limited = client.post(reverse("account_signup"), {"email": "late@example.org"})
    assert limited.status_code == 429
    assert "Please slow down" in limited.content.decode()
