"""Maya's tracking through the API: check-ins by day, trackers and readings, series. Ravi gets
404 for Maya's things; an anonymous caller gets 401."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.conditions.models import Symptom
from hearth.tracking.checkins import do_create_tracker, do_record
from hearth.tracking.models import CheckIn, Observation, Tracker
from hearth.tracking.series import local_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client: Client, maya_token: str) -> Client:
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {maya_token}"
    return client


@pytest.fixture
def ravi_api(ravi: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {do_create_access_token(ravi, 'tests').secret}")


def _yesterday(member: User) -> str:
    return (local_today(member) - dt.timedelta(days=1)).isoformat()


def test_maya_checks_in_reads_and_deletes_a_day(api: Client, maya: User) -> None:
    Symptom.objects.get_or_create(slug="fatigue", defaults={"name": "Fatigue"})
    day = _yesterday(maya)

    put = api.put(
        f"/api/v1/tracking/check-ins/{day}",
        {"feeling": 4, "pain": 3, "sleep_hours": 7.5, "note": "ok", "symptoms": {"fatigue": 2}},
        content_type="application/json",
    )

    assert put.status_code == 200, put.json()
    body = put.json()
    assert (body["feeling"], body["pain"], body["sleep_hours"], body["symptoms"]) == (4, 3, 7.5, {"fatigue": 2})
    assert body["source"] == "api"
    assert body["url"].startswith("/track/check-in/")
    assert api.get(f"/api/v1/tracking/check-ins/{day}").json()["note"] == "ok"
    listed = api.get("/api/v1/tracking/check-ins").json()
    assert listed["count"] == 1
    assert listed["items"][0]["day"] == day
    assert api.delete(f"/api/v1/tracking/check-ins/{day}").status_code == 204
    assert api.get(f"/api/v1/tracking/check-ins/{day}").status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"pain": 11}, 422),
        ({"pain": True}, 422),
        ({"pain": "3"}, 422),
        ({"mood": 3}, 422),
        ({"symptoms": {"no-such-symptom": 1}}, 404),
        ({"doses": [{"dose": 999999, "taken": True}]}, 404),
        ({}, 409),
    ],
)
def test_bad_check_ins_are_refused(api: Client, maya: User, body: dict[str, object], status: int) -> None:
    response = api.put(f"/api/v1/tracking/check-ins/{_yesterday(maya)}", body, content_type="application/json")

    assert response.status_code == status
    assert "detail" in response.json()
    assert not CheckIn.objects.exists()


def test_a_future_day_is_refused_clearly(api: Client, maya: User) -> None:
    tomorrow = (local_today(maya) + dt.timedelta(days=1)).isoformat()

    response = api.put(f"/api/v1/tracking/check-ins/{tomorrow}", {"pain": 3}, content_type="application/json")

    assert response.status_code == 409
    assert "has not happened yet" in response.json()["detail"]
    assert api.get("/api/v1/tracking/check-ins/2024-13-45").status_code == 422


def test_maya_keeps_a_tracker_and_its_readings(api: Client, maya: User) -> None:
    made = api.post(
        "/api/v1/tracking/trackers", {"name": "Weight", "kind": "number", "unit": "kg"}, content_type="application/json"
    )
    assert made.status_code == 201
    tracker = made.json()
    assert (tracker["unit"], tracker["unit_symbol"], tracker["url"]) == (
        "kg",
        "kg",
        f"/track/trackers/{tracker['id']}/",
    )
    day = _yesterday(maya)

    reading = api.put(
        f"/api/v1/tracking/trackers/{tracker['id']}/readings/{day}", {"value": 70.2}, content_type="application/json"
    )

    assert reading.status_code == 200
    assert reading.json()["value"] == 70.2
    points = api.get(f"/api/v1/tracking/series/tracker-{tracker['id']}").json()
    assert points["points"] == [{"day": day, "value": 70.2}]
    assert f"tracker-{tracker['id']}" in [s["key"] for s in api.get("/api/v1/tracking/series").json()]
    too_heavy = api.put(
        f"/api/v1/tracking/trackers/{tracker['id']}/readings/{day}", {"value": 900}, content_type="application/json"
    )
    assert too_heavy.status_code == 409
    assert "500" in too_heavy.json()["detail"]
    renamed = api.patch(
        f"/api/v1/tracking/trackers/{tracker['id']}", {"name": "Body weight"}, content_type="application/json"
    )
    assert renamed.json()["name"] == "Body weight"
    assert api.delete(f"/api/v1/tracking/trackers/{tracker['id']}/readings/{day}").status_code == 204
    assert api.delete(f"/api/v1/tracking/trackers/{tracker['id']}").status_code == 204
    assert not Tracker.objects.exists()


def test_a_duplicate_tracker_name_is_a_conflict(api: Client, maya: User) -> None:
    do_create_tracker(maya, name="Steps", kind="number", unit="steps")

    response = api.post(
        "/api/v1/tracking/trackers",
        {"name": "steps", "kind": "number", "unit": "steps"},
        content_type="application/json",
    )

    assert response.status_code == 409


def test_ravi_gets_404_on_maya_tracker(ravi_api: Client, maya: User) -> None:
    tracker = do_create_tracker(maya, name="Weight", kind="number", unit="kg")
    do_record(maya, tracker, local_today(maya), 70)
    base = f"/api/v1/tracking/trackers/{tracker.pk}"
    day = local_today(maya).isoformat()

    assert ravi_api.get(base).status_code == 404
    assert ravi_api.patch(base, {"name": "Mine"}, content_type="application/json").status_code == 404
    assert ravi_api.put(f"{base}/readings/{day}", {"value": 1}, content_type="application/json").status_code == 404
    assert ravi_api.delete(f"{base}/readings/{day}").status_code == 404
    assert ravi_api.delete(base).status_code == 404
    assert ravi_api.get(f"/api/v1/tracking/series/tracker-{tracker.pk}").status_code == 404
    assert ravi_api.get("/api/v1/tracking/trackers").json() == []
    assert Observation.objects.get().value == 70
    assert Tracker.objects.get().name == "Weight"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/tracking/check-ins"),
        ("get", "/api/v1/tracking/trackers"),
        ("get", "/api/v1/tracking/series"),
        ("get", "/api/v1/tracking/series/pain"),
        ("put", "/api/v1/tracking/check-ins/2024-01-01"),
        ("post", "/api/v1/tracking/fhir"),
    ],
)
def test_an_anonymous_caller_gets_401(client: Client, method: str, path: str) -> None:
    response = getattr(client, method)(path, {}, content_type="application/json")

    assert response.status_code == 401
