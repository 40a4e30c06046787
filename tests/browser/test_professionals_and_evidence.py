"""Verified professionals, the evidence library, proposals for the catalogue and the research
export, in a real browser with the accessibility check, with JavaScript and without.

Ravi, a rheumatology nurse, applies to be verified; the site's administrator checks him and
verifies him; Ravi, now carrying the badge, adds a page to the lupus evidence library. Maya
proposes tai chi for the catalogue and the administrator approves it; the administrator opens the
research export."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import UserFactory
from hearth.treatments.models import Treatment
from tests.browser.accessibility import assert_accessible
from tests.browser.test_find_my_community import log_in_as

pytestmark = pytest.mark.browser

LUPUS = "systemic-lupus-erythematosus"


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_ravi_is_verified_and_adds_to_the_library(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    UserFactory.create(handle="ravi", email="ravi@example.org")
    UserFactory.create(handle="site_admin", email="admin@example.org", is_staff=True)

    log_in_as(page, "ravi@example.org")
    page.goto("/professionals/apply/")
    page.get_by_role("group", name="You are").get_by_label("Clinician").check()
    page.get_by_label("Title shown with your badge").fill("Rheumatology nurse")
    page.get_by_label("How an administrator can check").fill("NMC PIN 12A3456B; rheumatology clinic, St Mary's.")
    assert_accessible(page)
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_text("Rheumatology nurse").first).to_be_visible()
    assert_accessible(page)
    log_out(page)

    log_in_as(page, "admin@example.org")
    page.goto("/professionals/applications/")
    assert_accessible(page)
    page.get_by_role("link", name="@ravi as clinician").click()
    assert_accessible(page)
    page.get_by_role("group", name="Your decision").get_by_label("Verify", exact=False).check()
    page.get_by_label("Why").fill("Found on the NMC register.")
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_text("@ravi was verified")).to_be_visible()
    log_out(page)

    log_in_as(page, "ravi@example.org")
    page.goto(f"/library/{LUPUS}/")
    page.get_by_role("link", name="Add to the library").click()
    page.get_by_role("group", name="What kind of resource").get_by_label("Plain-language explainer").check()
    page.get_by_role("textbox", name="Title").fill("Lupus")
    page.get_by_label("Web address").fill("https://www.nhs.uk/conditions/lupus/")
    page.get_by_role("textbox", name="Source").fill("NHS")
    page.get_by_role("textbox", name="Summary").fill("Symptoms, diagnosis, treatments and living with lupus.")
    assert_accessible(page)
    page.get_by_role("button", name="Add to the library").click()
    page.goto(f"/library/{LUPUS}/")
    expect(page.get_by_role("link", name="Lupus", exact=False).first).to_be_visible()
    expect(page.get_by_text("Verified clinician").first).to_be_visible()
    assert_accessible(page)
    page.goto("/professionals/")
    expect(page.get_by_role("cell", name="Rheumatology nurse", exact=True)).to_be_visible()
    assert_accessible(page)


def test_maya_proposes_tai_chi_and_the_administrator_approves_it(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    UserFactory.create(handle="maya_r", email="maya@example.org")
    UserFactory.create(handle="site_admin", email="admin@example.org", is_staff=True)

    log_in_as(page, "maya@example.org")
    page.goto("/treatments/")
    page.get_by_role("link", name="Propose a treatment").click()
    page.get_by_label("Name of the treatment").fill("Tai chi")
    page.get_by_role("group", name="Kind").get_by_label("Lifestyle approach").check()
    page.get_by_label("A condition it is used for (optional)").select_option(label="Systemic lupus erythematosus")
    assert_accessible(page)
    page.get_by_role("button", name="Propose it").click()
    expect(page.get_by_text("Tai chi").first).to_be_visible()
    log_out(page)

    log_in_as(page, "admin@example.org")
    page.goto("/treatments/proposals/")
    assert_accessible(page)
    page.get_by_role("link", name="Decide").first.click()
    page.get_by_role("group", name="Your decision").get_by_label("Approve", exact=False).check()
    assert_accessible(page)
    page.get_by_role("button", name="Decide").click()
    assert Treatment.objects.get(name="Tai chi").proposed

    page.goto("/research/export/")
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/treatments/compare/{LUPUS}/?with=hydroxychloroquine")
    expect(page.get_by_role("button", name="Compare")).to_be_visible()
    assert_accessible(page)
