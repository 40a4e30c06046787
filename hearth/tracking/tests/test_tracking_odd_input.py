"""Odd input that reaches tracking from the address bar or an app: characters a database cannot
store, digits that are not ASCII, dates in year 1. Each is answered plainly, never with a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.tracking.checkins import do_create_tracker

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("token", ["abc%00", "%C2%B2", "a" * 65, "x.y"])
def test_a_share_token_that_cannot_be_one_finds_nothing(client: Client, token: str) -> None:
    assert client.get(f"/shared/{token}/").status_code == 404


@pytest.mark.parametrize("key", ["symptom-fatigue%00", "tracker-%C2%B2", "tracker-1%00", "symptom-%C3%A9"])
def test_a_series_key_that_cannot_be_one_is_not_found(maya: User, maya_client: Client, key: str) -> None:
    do_create_tracker(maya, name="Weight", kind="number", unit="kg")

    assert maya_client.get(f"/track/charts/chart.svg?series={key}&period=30").status_code in {400, 404}
    assert maya_client.get(f"/track/charts/?series={key}&period=30").status_code in {400, 404}


def test_a_dose_for_a_treatment_in_other_digits_is_refused(maya_client: Client) -> None:
    response = maya_client.post("/track/doses/", {"treatment": "²", "label": "Morning"})

    assert response.status_code in {400, 404}


@pytest.mark.parametrize("path", ["/api/v1/tracking/check-ins", "/api/v1/tracking/series/pain"])
def test_the_api_answers_for_dates_in_year_one(maya_token: str, path: str) -> None:
    client = Client(headers={"Authorization": f"Bearer {maya_token}"})

    for query in ({"to": "0001-01-01"}, {"from": "0001-01-01"}, {"from": "9999-12-31", "to": "9999-12-31"}):
        assert client.get(path, query).status_code == 200, query


def test_a_fhir_reading_from_year_one_is_refused(maya_token: str) -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "urn:uuid:old",
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                    "effectiveDateTime": "0001-01-01T00:00:00+05:00",
                    "valueQuantity": {
                        "value": 70,
                        "unit": "/min",
                        "system": "http://unitsofmeasure.org",
                        "code": "/min",
                    },
                },
            }
        ],
    }
    response = Client().post(
        "/api/v1/tracking/fhir",
        json.dumps(bundle),
        content_type="application/fhir+json",
        headers={"Authorization": f"Bearer {maya_token}"},
    )

    assert response.status_code == 422
    assert "before 1900" in response.content.decode()
