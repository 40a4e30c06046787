"""Asking again while an export is being prepared makes no second job; it says so."""

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


def test_a_second_request_while_one_is_queued_is_refused(world: World, maya: User, maya_client: Client) -> None:
    maya_client.post("/my-data/export/")  # queued: its job runs after the commit

    response = maya_client.post("/my-data/export/", follow=True)

    assert DataExport.objects.filter(member=maya).count() == 1
    assert "already being prepared" in response.content.decode()


def test_the_api_answers_409(world: World, maya: User, maya_token: str, client: Client) -> None:
    auth = {"Authorization": f"Bearer {maya_token}"}
    assert client.post("/api/v1/my-data/exports", headers=auth).status_code == 202
    DataExport.objects.filter(member=maya).update(status=ExportStatus.RUNNING)

    second = client.post("/api/v1/my-data/exports", headers=auth)

    assert second.status_code == 409
    assert "already being prepared" in second.json()["detail"]
    assert DataExport.objects.filter(member=maya).count() == 1


def test_a_stalled_job_does_not_block_maya_for_ever(world: World, maya: User, maya_client: Client) -> None:
    maya_client.post("/my-data/export/")
    DataExport.objects.update(status=ExportStatus.RUNNING, created_at=timezone.now() - timedelta(hours=2))

    expire_exports()
    maya_client.post("/my-data/export/")

    assert list(DataExport.objects.values_list("status", flat=True)) == [ExportStatus.QUEUED, ExportStatus.FAILED]


def test_a_repeated_job_does_nothing(
    world: World, maya: User, maya_client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    from hearth.privacy.tasks import build_export

    with django_capture_on_commit_callbacks(execute=True):
        maya_client.post("/my-data/export/")
    export = DataExport.objects.get()

    build_export(export.pk)

    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert DataExport.objects.count() == 1
