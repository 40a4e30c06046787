"""Journey 4, "patients like me": Maya fills in her condition and treatment, choosing who sees
each, lets others find her, sees June among her matches with the reasons, connects, and the two
exchange messages. Once with JavaScript and once without: every step is a plain form."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.profiles.actions import ProfileInput, do_add_condition, do_add_treatment, do_update_profile
from tests.browser.accessibility import assert_accessible
from tests.browser.test_find_my_community import log_in_as

pytestmark = pytest.mark.browser


def test_maya_finds_someone_like_her_and_they_talk(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    dr_attai = UserFactory.create(handle="dr_attai")
    maya = UserFactory.create(handle="maya_r", email="maya@example.org")
    june = UserFactory.create(handle="june_b", email="june@example.org", display_name="June")
    make_community(dr_attai, "Breast cancer support", members=[maya, june])
    do_update_profile(
        june,
        ProfileInput(
            discoverable=True,
            messages_from="communities",
            visibility={"conditions": "communities", "treatments": "communities"},
        ),
    )
    do_add_condition(june, "breast-cancer", 2024)
    do_add_treatment(june, "tamoxifen")

    log_in_as(page, "maya@example.org")
    page.goto("/profile/conditions/")
    page.get_by_label("Condition").select_option("breast-cancer")
    page.get_by_label("Year of diagnosis (optional)").fill("2026")
    page.get_by_role("button", name="Add the condition").click()
    expect(page.get_by_text("diagnosed in 2026")).to_be_visible()
    assert_accessible(page)
    page.goto("/profile/treatments/")
    page.get_by_label("Treatment", exact=True).select_option("tamoxifen")
    page.get_by_role("button", name="Add the treatment").click()
    expect(page.get_by_text("Your treatments are saved.")).to_be_visible()

    page.goto("/profile/edit/")
    page.get_by_label("Who sees your conditions").select_option("communities")
    page.get_by_label("Who sees your treatments").select_option("connections")
    page.get_by_label("Let members who share a condition find me").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save your profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    page.goto("/profile/like-me/")
    match = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="June"))
    expect(match).to_contain_text("breast cancer")
    expect(match).to_contain_text("tamoxifen")
    assert_accessible(page)

    match.get_by_role("link", name="June").click()
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_text("You asked to connect.")).to_be_visible()
    page.get_by_role("link", name="Send a message").click()
    page.get_by_label("Your message").fill("Hi June, how did you find the first months on tamoxifen?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("how did you find the first months")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in_as(page, "june@example.org")
    page.goto("/connections/")
    page.get_by_role("button", name="Accept").first.click()
    page.goto("/messages/")
    page.get_by_role("link", name="maya_r").first.click()
    expect(page.get_by_text("how did you find the first months")).to_be_visible()
    page.get_by_label("Your message").fill("Hot flashes at first, easier after three months.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("easier after three months")).to_be_visible()
    assert_accessible(page)
