"""Within the 14 days Maya changes her mind: her account stays, and the job leaves it alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import PASSWORD
from hearth.privacy.actions import erase_due_accounts
from hearth.privacy.models import AccountDeletion

pytestmark = pytest.mark.django_db


def test_undo_keeps_the_account(maya: User, maya_client: Client) -> None:
    maya_client.post("/my-data/delete/", {"password": PASSWORD, "posts": "delete"})

    response = maya_client.post("/my-data/delete/undo/", follow=True)

    assert "Your account will not be deleted" in response.content.decode()
    assert AccountDeletion.objects.get().cancelled_at is not None
    assert erase_due_accounts(timezone.now() + timedelta(days=15)) == 0
    maya.refresh_from_db()
    assert maya.is_active


def test_undo_through_the_api(maya: User, maya_token: str, client: Client) -> None:
    auth = {"Authorization": f"Bearer {maya_token}"}
    client.post("/api/v1/my-data/deletion", {"password": PASSWORD}, content_type="application/json", headers=auth)

    undone = client.delete("/api/v1/my-data/deletion", headers=auth)

    assert undone.status_code == 200
    assert undone.json()["scheduled"] is False
    assert client.delete("/api/v1/my-data/deletion", headers=auth).status_code == 404
    assert User.objects.filter(pk=maya.pk).exists()
