"""The layout holds for Ellen (old small phone, large text), keyboard users and dark-mode readers."""

from __future__ import annotations

from typing import Literal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.accessibility import assert_accessible
from tests.browser.problems import BrowserProblems

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/conditions/",
    "/conditions/systemic-lupus-erythematosus/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
MISSING_PAGE = "/no-such-page/"
# WCAG 1.4.10 (reflow): content must fit 320 CSS pixels without scrolling sideways.
NARROWEST = 320


def choose_text_size(page: Page, size: str) -> None:
    """Press a "Text size" button in the footer; the form posts and the page comes back."""
    page.get_by_role("group", name="Text size").get_by_role("button", name=size).click()
    expect(page.get_by_role("group", name="Text size").get_by_role("button", name=size)).to_have_attribute(
        "aria-pressed", "true"
    )
    page.wait_for_load_state("load")  # measurements need the stylesheet


def root_font_size(page: Page) -> float:
    size: str = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
    return float(size.removesuffix("px"))


@pytest.mark.parametrize("text_size", ["Normal", "Larger"])
def test_ellen_reads_the_home_page_on_a_320px_phone_without_scrolling_sideways(page: Page, text_size: str) -> None:
    page.set_viewport_size({"width": NARROWEST, "height": 640})
    page.goto("/")
    choose_text_size(page, text_size)

    scroll_width: int = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= NARROWEST


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(page: Page) -> None:
    page.goto("/")
    skip_link = page.get_by_role("link", name="Skip to main content")

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    # It is hidden off screen until focused; a sighted keyboard user must see where focus is.
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_ellen_turns_on_larger_text_in_the_footer_and_it_stays_on(page: Page) -> None:
    page.goto("/")
    normal = root_font_size(page)

    choose_text_size(page, "Larger")

    larger = root_font_size(page)
    assert larger >= normal * 1.4
    # She is not signed in: the choice is kept in a cookie for the next page too.
    page.goto("/conditions/")
    assert root_font_size(page) == larger

    choose_text_size(page, "Normal")
    assert root_font_size(page) == normal


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_accessible_in_light_and_dark(page: Page, path: str, scheme: Literal["light", "dark"]) -> None:
    page.emulate_media(color_scheme=scheme)
    response = page.goto(path)

    assert response is not None
    assert response.status == 200
    assert page.evaluate(f"() => matchMedia('(prefers-color-scheme: {scheme})').matches")
    assert_accessible(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_not_found_page_is_accessible_in_light_and_dark(
    page: Page, live_server: LiveServer, browser_problems: BrowserProblems, scheme: Literal["light", "dark"]
) -> None:
    browser_problems.expect_failed_load(live_server.url + MISSING_PAGE)
    page.emulate_media(color_scheme=scheme)
    response = page.goto(MISSING_PAGE)

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
