"""Maya's phone sends her readings as a FHIR R4 Bundle: heart rate, steps, weight and blood
glucose land on her trackers. Any refused entry means nothing is saved; a re-send adds nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.tracking.checkins import do_create_tracker
from hearth.tracking.models import Observation, Tracker

pytestmark = pytest.mark.django_db

URL = "/api/v1/tracking/fhir"


def _when(days_back: int = 1, hour: int = 8) -> str:
    moment = (timezone.now() - dt.timedelta(days=days_back)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment.astimezone(dt.UTC).isoformat()


def _observation(
    code: str, value: float, unit: str, *, at: str | None = None, id_: str | None = None
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "effectiveDateTime": at or _when(),
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
    }
    if id_:
        resource["id"] = id_
    return resource


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:reading-{i}-{r.get('id', '')}", "resource": r} for i, r in enumerate(resources)
        ],
    }


def _send(client: Client, token: str, document: Any) -> Any:
    body = document if isinstance(document, str) else json.dumps(document)
    return client.post(URL, body, content_type="application/fhir+json", headers={"Authorization": f"Bearer {token}"})


def _four() -> dict[str, Any]:
    return _bundle(
        _observation("8867-4", 72, "/min", id_="hr"),
        _observation("41950-7", 8042, "{steps}", id_="steps"),
        _observation("29463-7", 70.25, "kg", id_="weight"),
        _observation("2339-0", 5.4, "mmol/L", id_="glucose"),
    )


def test_maya_imports_the_four_kinds(client: Client, maya: User, maya_token: str) -> None:
    response = _send(client, maya_token, _four())

    assert response.status_code == 200, response.json()
    report = response.json()
    assert [item["tracker"] for item in report["accepted"]] == ["Heart rate", "Steps", "Weight", "Blood glucose"]
    assert report["duplicates"] == []
    assert report["refused"] == []
    trackers = {t.name: t for t in Tracker.objects.filter(member=maya)}
    assert {name: (t.unit, t.loinc) for name, t in trackers.items()} == {
        "Heart rate": ("bpm", "8867-4"),
        "Steps": ("steps", "41950-7"),
        "Weight": ("kg", "29463-7"),
        "Blood glucose": ("mmol_l", "2339-0"),
    }
    assert Observation.objects.get(tracker=trackers["Weight"]).value == 70.3
    assert Observation.objects.get(tracker=trackers["Steps"]).source == "fhir"


def test_sending_the_same_bundle_again_adds_nothing(client: Client, maya: User, maya_token: str) -> None:
    _send(client, maya_token, _four())

    again = _send(client, maya_token, _four())

    assert again.status_code == 200
    assert again.json()["accepted"] == []
    assert [d["entry"] for d in again.json()["duplicates"]] == [0, 1, 2, 3]
    assert Observation.objects.count() == 4


def test_pounds_are_converted_to_maya_kilograms(client: Client, maya: User, maya_token: str) -> None:
    weight = do_create_tracker(maya, name="Weight", kind="number", unit="kg")

    response = _send(client, maya_token, _bundle(_observation("29463-7", 154.3, "[lb_av]")))

    assert response.status_code == 200
    assert Observation.objects.get(tracker=weight).value == 70.0
    assert Tracker.objects.filter(member=maya).count() == 1


def test_glucose_in_mg_dl_goes_to_a_mmol_tracker(client: Client, maya: User, maya_token: str) -> None:
    glucose = do_create_tracker(maya, name="Blood glucose", kind="number", unit="mmol_l")

    _send(client, maya_token, _bundle(_observation("15074-8", 108, "mg/dL")))

    assert Observation.objects.get(tracker=glucose).value == 6.0


def test_of_two_readings_on_a_day_the_latest_wins(client: Client, maya: User, maya_token: str) -> None:
    bundle = _bundle(
        _observation("8867-4", 90, "/min", at=_when(hour=20)), _observation("8867-4", 60, "/min", at=_when(hour=7))
    )

    report = _send(client, maya_token, bundle).json()

    assert Observation.objects.get().value == 90
    assert report["accepted"][1]["superseded_by"] == 0


@pytest.mark.parametrize(
    ("resource", "reason"),
    [
        (_observation("1234-5", 3, "kg"), "Unknown code (http://loinc.org|1234-5)"),
        (_observation("29463-7", 3, "g"), "Unknown unit 'g' for weight"),
        ({"resourceType": "Patient", "id": "p1"}, "A Patient is not an Observation"),
        (_observation("8867-4", 70, "/min", at="2999-01-01T08:00:00Z"), "in the future"),
        (_observation("29463-7", 900, "kg"), "out of bounds"),
    ],
)
def test_one_refused_entry_saves_nothing(
    client: Client, maya: User, maya_token: str, resource: Any, reason: str
) -> None:
    response = _send(client, maya_token, _bundle(_observation("8867-4", 72, "/min"), resource))

    assert response.status_code == 422
    body = response.json()
    assert "nothing was saved" in body["detail"]
    assert body["refused"][0]["entry"] == 1
    assert reason in body["refused"][0]["reason"]
    assert [item["entry"] for item in body["accepted"]] == [0]
    assert not Observation.objects.exists()
    assert not Tracker.objects.exists()


def test_malformed_json_is_refused(client: Client, maya: User, maya_token: str) -> None:
    response = _send(client, maya_token, '{"resourceType": "Bundle", ')

    assert response.status_code == 400
    assert "not JSON" in response.json()["detail"]


@pytest.mark.parametrize(
    "document",
    [
        {"resourceType": "Patient"},
        {"resourceType": "Bundle", "type": "searchset", "entry": []},
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": {"resourceType": "Observation", "bogus": 1}}],
        },
    ],
)
def test_what_is_not_a_valid_bundle_gets_422(client: Client, maya: User, maya_token: str, document: Any) -> None:
    response = _send(client, maya_token, document)

    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)


def test_too_many_entries_or_bytes_are_refused(client: Client, maya: User, maya_token: str) -> None:
    many = {"resourceType": "Bundle", "type": "batch", "entry": [{}] * 5001}
    assert _send(client, maya_token, many).status_code == 422
    big = json.dumps({"resourceType": "Bundle", "type": "batch", "entry": [], "padding": "x" * 1_100_000})
    assert _send(client, maya_token, big).status_code == 413


def test_an_anonymous_sender_gets_401(client: Client, maya: User) -> None:
    response = client.post(URL, json.dumps(_four()), content_type="application/json")

    assert response.status_code == 401
    assert not Observation.objects.exists()
