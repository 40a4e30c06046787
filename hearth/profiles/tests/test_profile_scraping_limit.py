"""Against scraping: one account may open only so many profiles an hour, and administrators hear
of an account that opens an unusual number."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.lib.ratelimit import Limit
from hearth.profiles import guard

pytestmark = pytest.mark.django_db


def test_a_harvesting_account_gets_429_and_administrators_are_told(
    tiffany: User,
    site_admin: User,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(guard, "PROFILE_VIEWS", (Limit(count=5, seconds=3600),))
    monkeypatch.setattr(guard, "UNUSUAL_PROFILE_VIEWS", 3)
    members = UserFactory.create_batch(6)
    client.force_login(tiffany)

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.get(f"/members/{m.handle}/").status_code for m in members]

    assert statuses == [200] * 5 + [429]
    assert AuditEvent.objects.filter(action="profile:unusual_views", actor=tiffany).count() == 1
    assert [m.to for m in mail.outbox] == [[site_admin.email]]


def test_her_own_profile_never_counts(maya_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "PROFILE_VIEWS", (Limit(count=1, seconds=3600),))

    assert {maya_client.get("/members/maya_r/").status_code for _ in range(3)} == {200}


def test_signed_out_visitors_are_limited_by_address(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "SIGNED_OUT_PROFILE_VIEWS", (Limit(count=2, seconds=3600),))
    members = UserFactory.create_batch(3)

    assert [client.get(f"/members/{m.handle}/").status_code for m in members] == [200, 200, 429]
