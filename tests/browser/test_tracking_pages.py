"""Every tracking page, as Maya sees it with a few weeks of tracking behind her and scripts off,
passes the accessibility check; and the page her oncologist opens from a share link does too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import UserFactory
from hearth.profiles.actions import do_add_treatment, do_set_symptoms
from hearth.tracking.checkins import CheckInInput, do_add_dose, do_check_in, do_create_tracker, do_record
from hearth.tracking.csv_io import do_stage_import
from hearth.tracking.goals import GoalInput, do_create_goal
from hearth.tracking.models import Milestone
from hearth.tracking.sharing import ShareInput, do_create_share
from tests.browser.accessibility import assert_accessible
from tests.browser.test_find_my_community import log_in_as

pytestmark = pytest.mark.browser


def test_every_tracking_page_passes_the_accessibility_check(page_without_js: Page) -> None:
    page = page_without_js
    maya = UserFactory.create(handle="maya_r", email="maya@example.org")
    do_set_symptoms(maya, ["fatigue", "nausea"])
    tamoxifen = do_add_treatment(maya, "tamoxifen", started_on=timezone.localdate() - dt.timedelta(days=20))
    do_add_dose(maya, tamoxifen, "Morning")
    walking = do_create_tracker(maya, name="Walking", kind="number", unit="minutes")
    goal = do_create_goal(
        maya, GoalInput(series=f"tracker-{walking.pk}", comparison="at_least", target=20, days_per_week=3)
    )
    today = timezone.localdate()
    for back in range(40, -1, -1):
        day = today - dt.timedelta(days=back)
        do_record(maya, walking, day, 30 - back % 25)
        note = "Tired after the infusion." if back == 2 else ""
        data = CheckInInput(day=day, feeling=3, pain=back % 7, sleep_hours=Decimal(7), symptoms={"fatigue": back % 4})
        do_check_in(maya, CheckInInput(**{**data.__dict__, "note": note}))
    milestone = Milestone.objects.filter(goal=goal).first()
    assert milestone is not None
    share = do_create_share(
        maya,
        ShareInput(
            kind="summary",
            series=["pain", "sleep"],
            start=today - dt.timedelta(days=29),
            end=today,
            recipient="Dr. Attai",
        ),
    )
    yesterday = today - dt.timedelta(days=1)
    csv = f"date,series,name,value,unit,note\n{yesterday},pain,Pain,3,,\n"
    pending = do_stage_import(maya, "mine.csv", csv.encode())

    log_in_as(page, "maya@example.org")
    pages = [
        "/track/",
        "/track/check-in/",
        f"/track/check-in/{today - dt.timedelta(days=3)}/",
        "/track/history/",
        "/track/doses/",
        "/track/trackers/",
        f"/track/trackers/{walking.pk}/",
        "/track/charts/",
        f"/track/charts/?series=tracker-{walking.pk}&series=pain&period=90",
        "/track/summary/",
        "/track/summary/?show=1",
        "/track/sharing/",
        "/track/import/",
        f"/track/import/{pending.pk}/",
        "/track/goals/",
        f"/track/goals/{goal.pk}/",
        f"/track/milestones/{milestone.pk}/share/",
        "/track/reminder/",
    ]
    for path in pages:
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, path
        assert_accessible(page)

    page.context.clear_cookies()
    page.goto(f"/shared/{share.token}/")
    expect(page.get_by_text("Shared by @maya_r")).to_be_visible()
    assert_accessible(page)
