"""Maya prepares a one-page summary for her oncologist: the period and series she chose, the
medication changes and missed doses of the period, and only the notes she picked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.profiles import actions as profile_actions
from hearth.tracking.models import CheckIn, DoseTaken, Tracker
from hearth.tracking.series import local_today
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya_with_history(maya: User) -> User:
    today = local_today(maya)
    tamoxifen = Treatment.objects.get(slug="tamoxifen")
    profile_actions.do_add_treatment(maya, "tamoxifen", started_on=today - dt.timedelta(days=40))
    for i in range(60):
        check_in = CheckIn.objects.create(
            member=maya,
            day=today - dt.timedelta(days=i),
            pain=i % 8,
            note="Hot flushes at night" if i == 3 else "Private worry" if i == 5 else "",
        )
        DoseTaken.objects.create(check_in=check_in, treatment=tamoxifen, label="Morning", taken=i % 10 != 0)
    return maya


def test_the_form_offers_the_last_90_days_and_the_notes(maya_with_history: User, maya_client: Client) -> None:
    page = maya_client.get("/track/summary/")

    assert page.status_code == 200
    html = page.content.decode()
    today = local_today(maya_with_history)
    assert f'value="{today - dt.timedelta(days=89)}"' in html
    assert "Hot flushes at night" in html
    assert 'value="pain"' in html


def test_the_summary_shows_changes_doses_and_only_the_picked_note(maya_with_history: User, maya_client: Client) -> None:
    today = local_today(maya_with_history)
    start = today - dt.timedelta(days=89)
    picked = today - dt.timedelta(days=3)

    page = maya_client.get(f"/track/summary/?show=1&start={start}&end={today}&series=pain&series=sleep&note={picked}")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Health summary of maya_r" in html
    assert "Medication changes" in html
    assert "Started Tamoxifen" in html or "Started tamoxifen" in html
    assert "<td>6</td><td>60</td>" in html  # missed 6 of 60 recorded doses
    assert "Hot flushes at night" in html
    assert "Private worry" not in html
    assert "/track/charts/chart.svg?series=pain&amp;start=" in html
    assert "averages of each week" in html
    assert "Use your browser&#x27;s Print" in html or "use your browser's Print" in html


@pytest.mark.parametrize(
    "query",
    [
        "start=2020-01-01&end=2024-01-01",  # more than two years
        "start=2025-13-01&end=2025-12-31",  # not a date
        "start=2025-03-01&end=2025-02-01",  # backwards
        "start=2025-03-01",  # no end
        "start=2025-03-01&end=2999-01-01",  # in the future
    ],
)
def test_a_bad_period_is_a_400_page_not_a_500(maya: User, maya_client: Client, query: str) -> None:
    response = maya_client.get(f"/track/summary/?show=1&series=pain&{query}")

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_ravi_asking_for_mayas_tracker_gets_404(maya: User, ravi: User) -> None:
    tracker = Tracker.objects.create(member=maya, name="Weight", kind="number", unit="kg")
    client = Client()
    client.force_login(ravi)

    response = client.get(f"/track/summary/?show=1&series=tracker-{tracker.pk}")

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(db: None) -> None:
    response = Client().get("/track/summary/")

    assert response.status_code == 302
    assert "/login" in response["Location"]
