"""Maya's tracking overview: whether she checked in today, with one big button, her last seven
days, her trackers' latest values, and the way to everything else."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from hearth.accounts.models import User
from hearth.tracking.checkins import CheckInInput, do_check_in, do_create_tracker, do_record
from hearth.tracking.series import local_today


def test_maya_is_asked_to_check_in_for_today(maya: User, maya_client: Client) -> None:
    page = maya_client.get("/track/").content.decode()

    assert "Check in for today" in page
    assert page.count("No check-in") == 7
    for url in (
        "/track/charts/",
        "/track/summary/",
        "/track/goals/",
        "/track/trackers/",
        "/track/doses/",
        "/track/history/",
        "/track/import/",
        "/track/export.csv",
        "/track/sharing/",
        "/track/reminder/",
    ):
        assert f'href="{url}"' in page


def test_after_checking_in_maya_sees_her_week_and_her_trackers(maya: User, maya_client: Client) -> None:
    today = local_today(maya)
    do_check_in(maya, CheckInInput(day=today, feeling=4, pain=2))
    do_check_in(maya, CheckInInput(day=today - dt.timedelta(days=2), sleep_hours=None, note="Tired."))
    steps = do_create_tracker(maya, name="Steps", kind="number", unit="steps")
    do_record(maya, steps, today - dt.timedelta(days=3), 4200)
    do_record(maya, steps, today, 5300)

    page = maya_client.get("/track/").content.decode()

    assert "Edit today’s check-in" in page
    assert "<td>Good</td>" in page
    assert page.count("No check-in") == 5
    assert "5,300 steps" in page


def test_ravi_sees_only_his_own_overview(maya: User, ravi: User, client: Client) -> None:
    do_check_in(maya, CheckInInput(day=local_today(maya), feeling=5))
    do_create_tracker(maya, name="Weight", kind="number", unit="kg")
    client.force_login(ravi)

    page = client.get("/track/").content.decode()

    assert "Check in for today" in page
    assert "Weight" not in page
    assert "<td>Very good</td>" not in page


def test_an_anonymous_visitor_is_sent_to_log_in(db: None, client: Client) -> None:
    assert "/login/" in client.get("/track/")["Location"]
