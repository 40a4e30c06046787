"""Maya's download link works for Maya only: Ravi and even a site administrator get 404, and
after a week the link says clearly that it expired."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.privacy.actions import expire_exports
from hearth.privacy.models import DataExport, ExportStatus
from hearth.privacy.tests.conftest import Capture, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def mayas_export(world: World, maya_client: Client, django_capture_on_commit_callbacks: Capture) -> DataExport:
    with django_capture_on_commit_callbacks(execute=True):
        maya_client.post("/my-data/export/")
    return DataExport.objects.get()


def test_ravi_cannot_download_mayas_export(mayas_export: DataExport, ravi_client: Client) -> None:
    assert ravi_client.get(f"/my-data/export/{mayas_export.token}/").status_code == 404


def test_not_even_a_site_administrator_can(mayas_export: DataExport, admin_client: Client) -> None:
    assert admin_client.get(f"/my-data/export/{mayas_export.token}/").status_code == 404


def test_an_outsider_is_asked_to_sign_in(mayas_export: DataExport, client: Client) -> None:
    response = client.get(f"/my-data/export/{mayas_export.token}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_wrong_token_is_404(mayas_export: DataExport, maya_client: Client) -> None:
    assert maya_client.get("/my-data/export/not-the-token/").status_code == 404


def test_ravi_cannot_see_or_download_it_through_the_api(mayas_export: DataExport, ravi: User, client: Client) -> None:
    from hearth.accounts.actions import do_create_access_token

    auth = {"Authorization": f"Bearer {do_create_access_token(ravi, 'mine').secret}"}
    assert client.get(f"/api/v1/my-data/exports/{mayas_export.pk}", headers=auth).status_code == 404
    assert client.get(f"/api/v1/my-data/exports/{mayas_export.pk}/download", headers=auth).status_code == 404
    assert client.get("/api/v1/my-data/exports", headers=auth).json() == []


def test_after_a_week_the_link_says_it_expired(mayas_export: DataExport, maya_client: Client, maya_token: str) -> None:
    DataExport.objects.filter(pk=mayas_export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = maya_client.get(f"/my-data/export/{mayas_export.token}/")

    assert response.status_code == 410
    assert "This download has expired" in response.content.decode()
    api = maya_client.get(
        f"/api/v1/my-data/exports/{mayas_export.pk}/download", HTTP_AUTHORIZATION=f"Bearer {maya_token}"
    )
    assert api.status_code == 410


def test_the_hourly_job_empties_expired_archives(mayas_export: DataExport, maya_client: Client) -> None:
    DataExport.objects.filter(pk=mayas_export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert expire_exports() == 1

    mayas_export.refresh_from_db()
    assert mayas_export.status == ExportStatus.EXPIRED
    assert bytes(mayas_export.archive) == b""
    assert maya_client.get(f"/my-data/export/{mayas_export.token}/").status_code == 410
