"""Journey 1, "find my community": Maya searches "SLE", sees the lupus communities, joins a
public one at once; Sam asks to join a closed caregivers' group by answering its questions, and
its founder approves him. Every page passes the accessibility check. Each journey runs with
JavaScript on and again with it off: searching, joining and approving are plain HTML forms."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import PASSWORD, UserFactory
from hearth.communities.tests.factories import make_community
from hearth.conditions.models import Condition
from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def log_in_as(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()


def test_maya_finds_lupus_communities_by_sle_and_joins_one(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    tiffany = UserFactory.create(handle="tiffany")
    UserFactory.create(handle="maya_r", email="maya@example.org")
    lupus = make_community(
        tiffany,
        "Living with lupus",
        description="Support for lupus, every day of the week.",
        rules="Be kind. Share experiences, not prescriptions.",
        conditions=[Condition.objects.get(slug="systemic-lupus-erythematosus")],
    )
    make_community(tiffany, "Crohn's friends", conditions=[Condition.objects.get(slug="crohns-disease")])
    log_in_as(page, "maya@example.org")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Communities").click()
    assert_accessible(page)
    page.get_by_label("Find a community by condition, name or word").fill("SLE")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Living with lupus")).to_be_visible()
    expect(page.get_by_role("link", name="Crohn's friends")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Living with lupus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Living with lupus")
    assert_accessible(page)
    page.get_by_role("link", name="Join", exact=True).click()
    expect(page.get_by_text("Share experiences, not prescriptions.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I agree to the rules: join").click()

    expect(page.get_by_role("status")).to_contain_text("You joined Living with lupus")
    expect(page.get_by_role("link", name="Start a thread")).to_be_visible()
    assert_accessible(page)
    assert lupus.memberships.filter(user__handle="maya_r").exists()


def test_sam_asks_to_join_a_closed_group_and_tiffany_approves(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    tiffany = UserFactory.create(handle="tiffany", email="tiffany@example.org")
    UserFactory.create(handle="sam_cares", email="sam@example.org")
    make_community(
        tiffany,
        "Rare disease caregivers",
        visibility="closed",
        description="For parents and carers.",
        entry_questions=["Who do you care for?"],
    )
    log_in_as(page, "sam@example.org")

    page.goto("/communities/?q=caregivers")
    page.get_by_role("link", name="Rare disease caregivers").click()
    expect(page.get_by_text("Only members can read this community's threads.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ask to join").click()
    page.get_by_label("Who do you care for?").fill("My son, who is 7.")
    assert_accessible(page)
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("status")).to_contain_text("Your request was sent")
    expect(page.get_by_text("Your request to join is waiting")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
    log_in_as(page, "tiffany@example.org")
    page.goto("/c/rare-disease-caregivers/requests/")
    expect(page.get_by_text("My son, who is 7.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve sam_cares").click()
    expect(page.get_by_role("status")).to_contain_text("You approved sam_cares")
    assert_accessible(page)
