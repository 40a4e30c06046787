"""Nobody but Maya reads her charts (Ravi gets 404 for her tracker, a visitor is sent to log in),
and malformed chart parameters answer 400, never 500."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.tracking.models import Tracker

pytestmark = pytest.mark.django_db


@pytest.fixture
def ravi_client(ravi: User) -> Client:
    client = Client()
    client.force_login(ravi)
    return client


@pytest.mark.parametrize("path", ["/track/charts/", "/track/charts/chart.svg"])
def test_ravi_asking_for_mayas_tracker_gets_404(maya: User, ravi_client: Client, path: str) -> None:
    tracker = Tracker.objects.create(member=maya, name="Weight", kind="number", unit="kg")

    response = ravi_client.get(f"{path}?series=tracker-{tracker.pk}&period=30")

    assert response.status_code == 404


@pytest.mark.parametrize("key", ["tracker-999999", "symptom-nothing-like-it", "bogus", "tracker-" + "9" * 30])
def test_an_unknown_series_is_404(maya_client: Client, key: str) -> None:
    assert maya_client.get(f"/track/charts/chart.svg?series={key}").status_code == 404


@pytest.mark.parametrize("path", ["/track/charts/", "/track/charts/chart.svg?series=pain"])
def test_an_anonymous_visitor_is_sent_to_log_in(db: None, path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 302
    assert "/login" in response["Location"]


@pytest.mark.parametrize(
    "query",
    [
        "series=pain&period=13",
        "series=pain&period=",
        "series=pain&series=sleep&series=energy&series=feeling&series=symptom-fatigue",
        "series=pain&start=2025-02-30&end=2025-03-01",
        "series=pain&start=yesterday&end=today",
        "series=pain&start=2025-03-01&end=2025-01-01",
        "series=pain&start=2025-03-01&end=2999-01-01",
        "series=pain&start=1900-01-01&end=2025-01-01",
        "series=pain&start=2025-03-01",
    ],
)
def test_malformed_parameters_are_400(maya_client: Client, query: str) -> None:
    page = maya_client.get(f"/track/charts/?{query}")
    svg = maya_client.get(f"/track/charts/chart.svg?{query}")

    assert page.status_code == 400
    assert "There is a problem" in page.content.decode()
    assert svg.status_code == 400


def test_the_svg_needs_a_series(maya_client: Client) -> None:
    assert maya_client.get("/track/charts/chart.svg?period=30").status_code == 400
