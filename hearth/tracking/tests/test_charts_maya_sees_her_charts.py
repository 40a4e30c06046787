"""Maya charts her pain and sleep over 30 days: the page shows the chart as an image with a
meaningful alt, the values in a table and each series' facts, and marks when she started a
treatment; the SVG is a standalone image with nothing that runs or loads from elsewhere."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.profiles import actions as profile_actions
from hearth.tracking.models import CheckIn, Observation, Tracker
from hearth.tracking.series import local_today

pytestmark = pytest.mark.django_db
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def fill(member: User, days: int, *, start: dt.date | None = None, every: int = 1) -> None:
    """A check-in every `every` days for `days` days ending today (or from `start`)."""
    first = start or local_today(member) - dt.timedelta(days=days - 1)
    CheckIn.objects.bulk_create(
        CheckIn(
            member=member,
            day=first + dt.timedelta(days=i),
            pain=i % 11,
            sleep_hours=Decimal("6.5") + i % 3,
            feeling=1 + i % 5,
        )
        for i in range(0, days, every)
    )


def test_maya_sees_her_chart_page_with_its_table(maya: User, maya_client: Client) -> None:
    fill(maya, 30, every=2)

    page = maya_client.get("/track/charts/?series=pain&series=sleep&period=30")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'alt="Pain and sleep over the last 30 days; the table below gives the values."' in html
    assert "/track/charts/chart.svg?series=pain&amp;series=sleep&amp;start=" in html
    assert "<caption>Pain and sleep over the last 30 days, day by day</caption>" in html
    assert html.count('<th scope="row"><time') == 30
    assert "no value" in html  # every other day is a gap, not a zero
    assert "Each series at a glance" in html
    assert "/static/tracking/tracking." in html


def test_without_a_choice_maya_sees_the_usual_series(maya: User, maya_client: Client) -> None:
    fill(maya, 10)

    html = maya_client.get("/track/charts/").content.decode()

    assert "Pain, sleep and overall feeling over the last 30 days" in html
    assert 'value="pain" id="series-2" checked' in html or 'value="pain"' in html


def test_the_chart_is_a_standalone_svg_with_no_script_and_no_link_out(maya: User, maya_client: Client) -> None:
    fill(maya, 30)

    response = maya_client.get("/track/charts/chart.svg?series=pain&series=sleep&period=30")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    svg = response.content.decode()
    assert svg.startswith("<?xml")
    assert "<script" not in svg
    assert set(re.findall(r"https?://[^\s\"'<>)]+", svg)) <= NAMESPACES
    assert "Sleep, hours (right scale)" in svg


def test_a_started_treatment_is_marked_on_the_chart_and_listed(maya: User, maya_client: Client) -> None:
    fill(maya, 30)
    started = local_today(maya) - dt.timedelta(days=10)
    profile_actions.do_add_treatment(maya, "tamoxifen", started_on=started)

    html = maya_client.get("/track/charts/?series=pain&period=30").content.decode()
    svg = maya_client.get("/track/charts/chart.svg?series=pain&period=30").content.decode()

    assert "Medication changes" in html
    assert "Started Tamoxifen" in html or "Started tamoxifen" in html
    assert re.search(r"Started [Tt]amoxifen \(\d+ \w{3}\)", svg)


def test_a_tracker_and_five_years_of_days_render(maya: User, maya_client: Client) -> None:
    tracker = Tracker.objects.create(member=maya, name="Steps", kind="number", unit="steps")
    end = local_today(maya)
    Observation.objects.bulk_create(
        Observation(tracker=tracker, day=end - dt.timedelta(days=i), value=4000 + (i * 37) % 6000) for i in range(1826)
    )
    start = end - dt.timedelta(days=1825)

    svg = maya_client.get(f"/track/charts/chart.svg?series=tracker-{tracker.pk}&start={start}&end={end}")
    page = maya_client.get(f"/track/charts/?series=tracker-{tracker.pk}&series=pain&period=all")

    assert svg.status_code == 200
    assert "<script" not in svg.content.decode()
    assert page.status_code == 200
    assert "averages of each week" in page.content.decode()
