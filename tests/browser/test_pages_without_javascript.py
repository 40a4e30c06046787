"""Pages work without JavaScript, and htmx only makes them nicer (STYLE.md, rule 9).

Ellen's old phone, a hospital's locked-down browser or a screen reader with scripts off must be
able to join, log in and find a condition; with scripts on, the catalogue search answers as Maya
types, without reloading the page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.accessibility import assert_accessible
from tests.browser.mailbox import Mailbox
from tests.browser.problems import BrowserProblems
from tests.browser.steps import MAYA, confirm_email, expect_signed_in, log_in, sign_up

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Search by name, other name or ICD-10 code"
LUPUS = "Systemic lupus erythematosus"


def test_without_javascript_maya_signs_up_confirms_and_logs_in(page_without_js: Page, mailbox: Mailbox) -> None:
    page = page_without_js
    page.goto("/")

    # axe runs as a script, which this browser refuses; the pages are checked with scripts on elsewhere.
    sign_up(page, MAYA, check_accessible=False)
    confirm_email(page, mailbox, MAYA, check_accessible=False)
    log_in(page, MAYA, check_accessible=False)

    expect_signed_in(page, MAYA)


def test_without_javascript_the_search_form_finds_lupus(page_without_js: Page) -> None:
    page = page_without_js
    page.goto("/conditions/")

    page.get_by_label(SEARCH_LABEL).fill("lupus")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/conditions/\?q=lupus$"))
    expect(page.get_by_role("link", name=LUPUS)).to_be_visible()


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
