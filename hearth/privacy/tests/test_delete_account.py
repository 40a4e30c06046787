"""Maya asks to delete her account: with a wrong password nothing changes; with hers, the account
is scheduled for 14 days later and she can still sign in to undo it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import PASSWORD
from hearth.audit.models import AuditEvent
from hearth.privacy.models import AccountDeletion

pytestmark = pytest.mark.django_db


def test_a_wrong_password_changes_nothing(maya: User, maya_client: Client) -> None:
    response = maya_client.post("/my-data/delete/", {"password": "not my password", "posts": "delete"})

    assert response.status_code == 200
    assert "That is not your password. Nothing was changed." in response.content.decode()
    assert not AccountDeletion.objects.exists()
    assert not AuditEvent.objects.exists()
    maya.refresh_from_db()
    assert maya.is_active


def test_a_wrong_password_through_the_api_is_403_and_changes_nothing(maya_token: str, client: Client) -> None:
    response = client.post(
        "/api/v1/my-data/deletion",
        {"password": "nope", "keep_posts": True},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {maya_token}",
    )

    assert response.status_code == 403
    assert "Nothing was changed" in response.json()["detail"]
    assert not AccountDeletion.objects.exists()


def test_maya_schedules_the_deletion_and_can_still_sign_in(maya: User, maya_client: Client) -> None:
    response = maya_client.post("/my-data/delete/", {"password": PASSWORD, "posts": "keep"}, follow=True)

    deletion = AccountDeletion.objects.get(member=maya)
    assert deletion.keep_posts
    assert abs(deletion.erase_after - (timezone.now() + timedelta(days=14))) < timedelta(minutes=1)
    page = response.content.decode()
    assert "Your account will be deleted on" in page
    assert "Keep my account" in page
    assert AuditEvent.objects.get().action == "account:request_deletion"

    fresh = Client()
    signed_in = fresh.post("/accounts/login/", {"login": maya.email, "password": PASSWORD}, follow=True)
    assert signed_in.context["user"].is_authenticated
    assert "Your account will be deleted on" in signed_in.content.decode()


def test_asking_twice_is_refused(maya: User, maya_client: Client, maya_token: str) -> None:
    maya_client.post("/my-data/delete/", {"password": PASSWORD, "posts": "delete"})

    again = maya_client.get("/my-data/delete/", follow=True)
    api = maya_client.post(
        "/api/v1/my-data/deletion",
        {"password": PASSWORD},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {maya_token}",
    )

    assert "already scheduled" in again.content.decode()
    assert api.status_code == 409
    assert AccountDeletion.objects.count() == 1


def test_the_api_schedules_and_reports_it(maya_token: str, client: Client) -> None:
    auth = {"Authorization": f"Bearer {maya_token}"}
    assert client.get("/api/v1/my-data/deletion", headers=auth).json()["scheduled"] is False

    created = client.post(
        "/api/v1/my-data/deletion", {"password": PASSWORD}, content_type="application/json", headers=auth
    )

    assert created.status_code == 201
    status = client.get("/api/v1/my-data/deletion", headers=auth).json()
    assert status["scheduled"] is True
    assert status["keep_posts"] is False
    assert status["url"] == "/my-data/"
