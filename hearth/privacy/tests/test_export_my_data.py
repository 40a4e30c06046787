"""Maya exports everything she entered: the job prepares a ZIP while the page shows progress,
and she finds her post, her reaction, her membership and her condition in it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.privacy.models import DataExport, ExportStatus
from hearth.privacy.tests.conftest import Capture, World, unzip

pytestmark = pytest.mark.django_db


def test_maya_finds_her_post_reaction_membership_and_condition(
    world: World, maya: User, maya_client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = maya_client.post("/my-data/export/")
    assert response.status_code == 302

    page = maya_client.get("/my-data/").content.decode()
    export = DataExport.objects.get(member=maya)
    assert export.status == ExportStatus.READY
    assert export.progress == 100
    assert f"/my-data/export/{export.token}/" in page
    assert 'http-equiv="refresh"' not in page

    download = maya_client.get(f"/my-data/export/{export.token}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "no-store"
    files = unzip(download.content)
    assert "Ask about drains" in files["posts.json"]
    assert "Ask about drains" in files["posts.csv"]
    assert json.loads(files["reactions.json"])[0]["kind"] == "hug"
    assert json.loads(files["memberships.json"])[0]["community"] == world.community.slug
    assert json.loads(files["conditions.json"])[0]["condition_slug"] == "breast-cancer"
    assert json.loads(files["profile.json"])[0]["bio"] == "New here, lurking."
    assert json.loads(files["account.json"])[0]["handle"] == "maya_r"
    assert "README.txt" in files
    assert "posts (json, csv)" in files["README.txt"]


def test_the_export_holds_no_secret(
    world: World, maya: User, maya_token: str, maya_client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        maya_client.post("/my-data/export/")
    export = DataExport.objects.get(member=maya)
    everything = "".join(unzip(bytes(export.archive)).values())
    maya.refresh_from_db()
    assert maya.password not in everything
    assert maya_token not in everything
    assert maya.access_tokens.get().digest not in everything
    assert "tests" in everything  # the token's name is there


def test_the_page_refreshes_itself_while_the_export_is_prepared(world: World, maya_client: Client) -> None:
    maya_client.post("/my-data/export/")  # the job starts once the request's transaction commits

    page = maya_client.get("/my-data/").content.decode()

    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Waiting to start: 0% done." in page
    assert "<progress" in page


def test_maya_exports_through_the_api(
    world: World, maya_token: str, client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    auth = {"Authorization": f"Bearer {maya_token}"}
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/my-data/exports", headers=auth)
    assert created.status_code == 202
    assert created.json()["url"] == "/my-data/"

    status = client.get(f"/api/v1/my-data/exports/{created.json()['id']}", headers=auth).json()
    assert status["status"] == "ready"
    assert status["progress"] == 100
    download = client.get(status["download"], headers=auth)
    assert download.status_code == 200
    assert "Ask about drains" in unzip(download.content)["posts.json"]
    assert [item["id"] for item in client.get("/api/v1/my-data/exports", headers=auth).json()] == [status["id"]]


def test_a_failed_build_says_so_and_lets_maya_ask_again(
    world: World,
    maya: User,
    maya_client: Client,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr("hearth.privacy.actions.build_archive", broken)
    with django_capture_on_commit_callbacks(execute=True):
        maya_client.post("/my-data/export/")

    assert DataExport.objects.get(member=maya).status == ExportStatus.FAILED
    assert "Preparing your data failed" in maya_client.get("/my-data/").content.decode()
    maya_client.post("/my-data/export/")
    assert DataExport.objects.filter(member=maya).count() == 2


def test_her_tracking_is_in_the_export_and_imports_back(
    maya: User, maya_client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    import datetime as dt

    from django.utils import timezone

    from hearth.tracking.checkins import CheckInInput, do_check_in, do_create_tracker, do_record
    from hearth.tracking.csv_io import check_csv

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    do_check_in(maya, CheckInInput(day=yesterday, pain=4, note="Scan on Friday."))
    do_record(maya, do_create_tracker(maya, name="Weight", kind="number", unit="kg"), yesterday, 61.5)
    with django_capture_on_commit_callbacks(execute=True):
        maya_client.post("/my-data/export/")
    export = DataExport.objects.get(member=maya)

    files = unzip(maya_client.get(f"/my-data/export/{export.token}/").content)

    assert json.loads(files["check_ins.json"])[0]["note"] == "Scan on Friday."
    assert json.loads(files["tracker_readings.json"])[0]["value"] == 61.5
    assert "Scan on Friday." in files["tracking.csv"]
    assert len(check_csv(maya, files["tracking.csv"].encode())) == 3  # pain, the note, the weight
