"""Journey 5, "Track": Maya sets a goal to sleep at least 7 hours, checks in for today in one short
form, sees the goal's first milestone celebrated, looks at her last 30 days as charts with their
tables, and prints a one-page summary for her oncologist, which chromium renders to PDF and the
test reads back. With JavaScript and without: every step is a plain form."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from hearth.accounts.tests.factories import UserFactory
from hearth.profiles.actions import do_add_treatment, do_set_symptoms
from hearth.tracking.checkins import CheckInInput, do_check_in
from tests.browser.accessibility import assert_accessible
from tests.browser.test_find_my_community import log_in_as

pytestmark = pytest.mark.browser


def maya_with_a_month_behind_her() -> None:
    maya = UserFactory.create(handle="maya_r", email="maya@example.org", display_name="Maya")
    do_set_symptoms(maya, ["fatigue"])
    do_add_treatment(maya, "tamoxifen", started_on=timezone.localdate() - dt.timedelta(days=10))
    today = timezone.localdate()
    for back in range(1, 30):
        do_check_in(
            maya,
            CheckInInput(
                day=today - dt.timedelta(days=back),
                feeling=2 + back % 3,
                pain=3 + back % 4,
                energy=4 + back % 3,
                sleep_hours=Decimal("5.5") + back % 3,
                symptoms={"fatigue": back % 4},
                note="Scan results on Friday." if back == 3 else "",
            ),
        )


def test_maya_checks_in_reaches_a_goal_and_prints_a_summary(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    maya_with_a_month_behind_her()
    log_in_as(page, "maya@example.org")

    page.goto("/track/goals/")
    page.get_by_label("What your goal is about").select_option("sleep")
    page.get_by_label("Target").fill("7")
    page.get_by_label("How many days a week").select_option("7")
    assert_accessible(page)
    page.get_by_role("button", name="Set the goal").click()
    expect(page.get_by_text("Your goal is set")).to_be_visible()

    # The check-in: one page, a few taps, one button.
    page.goto("/track/")
    page.get_by_role("link", name="Check in for today").click()
    page.get_by_role("group", name="Overall, how do you feel?").get_by_label("Good", exact=True).check()
    page.get_by_role("group", name="Pain", exact=True).get_by_label("3", exact=True).check()
    page.get_by_role("group", name="Fatigue").get_by_label("Mild").check()
    page.get_by_label("Hours of sleep").fill("7.5")
    assert_accessible(page)
    page.get_by_role("button", name="Save the check-in").click()
    expect(page.get_by_text("Check-in saved for today")).to_be_visible()

    # Reaching the target on the goal's first day is its first milestone: celebrated once.
    celebration = page.locator(".celebration").first
    expect(celebration).to_contain_text("your first day of sleep at least 7 hours")
    assert_accessible(page)
    celebration.get_by_role("button", name="Thanks").click()
    expect(page.locator(".celebration")).to_have_count(0)

    page.goto("/track/charts/?series=pain&series=sleep&period=30")
    chart = page.get_by_role("img", name="Pain and sleep")
    expect(chart).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", chart.element_handle()) > 0  # the SVG really drew
    expect(page.get_by_role("table").last).to_contain_text("7.5")
    assert_accessible(page)

    page.goto("/track/summary/")
    page.get_by_label("Scan results on Friday.").check()
    page.get_by_role("button", name="Show the summary").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maya")
    expect(page.get_by_text("Scan results on Friday.")).to_be_visible()
    assert_accessible(page)

    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    text = "\n".join(sheet.extract_text() for sheet in pdf.pages)
    assert 1 <= len(pdf.pages) <= 2, f"the summary printed on {len(pdf.pages)} pages"
    assert "Scan results on Friday." in text
    assert "Tamoxifen" in text or "tamoxifen" in text
    assert "Log out" not in text  # the site's header and forms are not printed
