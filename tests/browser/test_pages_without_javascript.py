"""Pages work without JavaScript, and htmx only makes them nicer (STYLE.md, rule 9).

Ellen's old phone, a hospital's locked-down browser or a screen reader with scripts off must be
able to join, log in, find a condition and, for a founder, change the community's settings; with
scripts on, the catalogue search answers as Maya types, without reloading the page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from hearth.accounts.tests.factories import PASSWORD, UserFactory
from hearth.communities.tests.factories import make_community
from tests.browser.accessibility import assert_accessible
from tests.browser.mailbox import Mailbox
from tests.browser.problems import BrowserProblems
from tests.browser.steps import MAYA, Newcomer, confirm_email, expect_signed_in, log_in, sign_up

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Search by name, other name or ICD-10 code"
LUPUS = "Systemic lupus erythematosus"
TIFFANY = Newcomer(email="tiffany@example.org", handle="tiffany", password=PASSWORD)


def test_without_javascript_maya_signs_up_confirms_and_logs_in(page_without_js: Page, mailbox: Mailbox) -> None:
    page = page_without_js
    page.goto("/")

    sign_up(page, MAYA)
    confirm_email(page, mailbox, MAYA)
    log_in(page, MAYA)

    expect_signed_in(page, MAYA)


def test_without_javascript_the_search_form_finds_lupus(page_without_js: Page) -> None:
    page = page_without_js
    page.goto("/conditions/")

    page.get_by_label(SEARCH_LABEL).fill("lupus")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/conditions/\?q=lupus$"))
    expect(page.get_by_role("link", name=LUPUS)).to_be_visible()


def open_community_settings_as_tiffany(page: Page) -> None:
    """Tiffany founded "Living with lupus"; she logs in and follows the link on its page."""
    tiffany = UserFactory.create(handle=TIFFANY.handle, email=TIFFANY.email)
    lupus = make_community(tiffany, "Living with lupus", rules="Be kind.")
    page.goto("/accounts/login/")
    log_in(page, TIFFANY)
    page.goto(lupus.get_absolute_url())
    page.get_by_role("link", name="Community settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community settings")


def test_without_javascript_tiffany_rewrites_her_communitys_rules_in_its_settings(page_without_js: Page) -> None:
    page = page_without_js
    open_community_settings_as_tiffany(page)
    rules = "Be kind. Share experiences, not prescriptions."

    page.get_by_label("Name", exact=True).fill("Lu")
    page.get_by_label("Rules").fill(rules)
    page.get_by_role("button", name="Save settings").click()
    # The mistake is explained and nothing she typed is lost.
    expect(page.get_by_text("Ensure this value has at least 3 characters")).to_be_visible()
    expect(page.get_by_label("Rules")).to_have_value(rules)
    page.get_by_label("Name", exact=True).fill("Lupus together")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("status")).to_contain_text("settings are saved")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lupus together")
    expect(page.get_by_text("Share experiences, not prescriptions.")).to_be_visible()


def test_the_community_settings_page_is_accessible_with_and_without_errors(page: Page) -> None:
    open_community_settings_as_tiffany(page)
    assert_accessible(page)

    page.get_by_label("Description").fill("")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_text("This field is required.")).to_be_visible()
    assert_accessible(page)


def test_with_javascript_the_results_follow_typing_without_reloading_the_page(page: Page) -> None:
    page.goto("/conditions/")
    # A full page load would start a fresh window object and lose this mark.
    page.evaluate("() => { window.hearthSamePage = true }")
    search = page.get_by_label(SEARCH_LABEL)

    search.press_sequentially("lupus")

    expect(page.get_by_role("link", name=LUPUS)).to_be_visible()
    # The address follows the search, so the results can be bookmarked, shared or reloaded.
    expect(page).to_have_url(re.compile(r"/conditions/\?q=lupus$"))
    assert page.evaluate("() => window.hearthSamePage") is True
    expect(search).to_be_focused()
    expect(search).to_have_value("lupus")
    assert_accessible(page)


def test_with_javascript_back_from_a_result_returns_to_the_whole_search_page(
    page: Page, live_server: LiveServer, browser_problems: BrowserProblems
) -> None:
    # The bare partial has no <link rel="icon">, so chromium asks for /favicon.ico, which is missing.
    browser_problems.expect_failed_load(live_server.url + "/favicon.ico")
    page.goto("/conditions/")
    page.get_by_label(SEARCH_LABEL).fill("lupus")
    expect(page).to_have_url(re.compile(r"/conditions/\?q=lupus$"))
    page.get_by_role("link", name=LUPUS).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LUPUS)

    page.go_back()

    expect_whole_search_page(page, "lupus")


def test_with_javascript_back_to_an_earlier_search_returns_the_whole_search_page(page: Page) -> None:
    page.goto("/conditions/")
    search = page.get_by_label(SEARCH_LABEL)
    search.fill("lupus")
    expect(page).to_have_url(re.compile(r"/conditions/\?q=lupus$"))
    search.fill("lupus nephritis")
    expect(page).to_have_url(re.compile(r"/conditions/\?q=lupus(\+|%20)nephritis$"))

    page.go_back()

    expect_whole_search_page(page, "lupus")


def expect_whole_search_page(page: Page, query: str) -> None:
    expect(page).to_have_url(re.compile(rf"/conditions/\?q={query}$"))
    # The search box first: until the earlier page is back, the old box shows the later search.
    # Short timeouts: the page is either there at once or broken for good.
    expect(page.get_by_label(SEARCH_LABEL)).to_have_value(query, timeout=2_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Conditions", timeout=2_000)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible(timeout=2_000)
    expect(page.get_by_role("link", name=LUPUS)).to_be_visible()
