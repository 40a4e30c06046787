"""Journey 10, "my data": Maya sees her profile as a stranger sees it, exports everything she
ever entered, and deletes her account (with a grace period she could undo)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import PASSWORD, UserFactory
from hearth.profiles.actions import ProfileInput, do_add_condition, do_update_profile
from tests.browser.accessibility import assert_accessible
from tests.browser.test_find_my_community import log_in_as

pytestmark = pytest.mark.browser


def test_maya_sees_her_profile_as_a_stranger_exports_and_deletes(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    maya = UserFactory.create(handle="maya_r", email="maya@example.org")
    do_update_profile(maya, ProfileInput(bio="Night owl, newly diagnosed.", visibility={"interests": "public"}))
    do_add_condition(maya, "breast-cancer", 2026)

    log_in_as(page, "maya@example.org")
    page.goto("/members/maya_r/")
    expect(page.get_by_text("Breast cancer")).to_be_visible()
    page.get_by_role("link", name="As a stranger").click()
    expect(page.get_by_text("This is how a stranger sees your profile.")).to_be_visible()
    expect(page.get_by_text("Breast cancer")).to_have_count(0)
    expect(page.get_by_text("Night owl")).to_have_count(0)
    assert_accessible(page)

    page.goto("/my-data/")
    assert_accessible(page)
    page.get_by_role("button", name="Prepare a copy of my data").click()
    download_link = page.get_by_role("link", name="Download your data")
    expect(download_link).to_be_visible()
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".zip")

    page.goto("/my-data/delete/")
    assert_accessible(page)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("password", exact=False).first).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account will be deleted on").first).to_be_visible()
    expect(page.get_by_role("button", name="Keep my account")).to_be_visible()
    assert_accessible(page)
