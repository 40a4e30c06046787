"""Journey 2, "lurk, then post": Maya reads a public thread without logging in, later posts her
first question under her handle with a content warning, gets a reply and a hug, and follows the
thread. She does it twice: with JavaScript on, and with it off, when the forms are plain HTML
posts and the reactions reload the page instead of being swapped in by htmx."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Reaction, Thread
from tests.browser.accessibility import assert_accessible
from tests.browser.test_find_my_community import log_in_as

pytestmark = pytest.mark.browser


def test_maya_lurks_then_asks_her_first_question(page_with_and_without_js: Page) -> None:
    lurk_then_post(page_with_and_without_js)


def lurk_then_post(browser_page: Page) -> None:
    tiffany = UserFactory.create(handle="tiffany")
    maya = UserFactory.create(handle="maya_r", email="maya@example.org")
    lupus = make_community(tiffany, "Living with lupus", members=[maya])
    welcome = do_create_thread(
        tiffany, lupus, "Welcome, newcomers", PostInput(source="Say *hello* when you are ready.")
    )

    browser_page.goto(welcome.get_absolute_url())
    expect(browser_page.get_by_text("Say hello when you are ready.")).to_be_visible()
    expect(browser_page.locator("main").get_by_role("link", name="Log in")).to_be_visible()
    assert_accessible(browser_page)

    log_in_as(browser_page, "maya@example.org")
    browser_page.goto(lupus.get_absolute_url())
    browser_page.get_by_role("link", name="Start a thread").click()
    browser_page.get_by_label("Title").fill("Is this level of fatigue normal?")
    browser_page.get_by_label("Your post").fill("Diagnosed last month. Some days I *cannot* get up.")
    browser_page.get_by_label("Content warning (optional)").fill("diagnosis")
    browser_page.get_by_role("button", name="Preview").click()
    expect(browser_page.get_by_role("heading", name="Preview")).to_be_visible()
    assert_accessible(browser_page)
    browser_page.get_by_role("button", name="Post thread").click()

    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Is this level of fatigue normal?")
    expect(browser_page.get_by_text("Content warning: diagnosis")).to_be_visible()
    expect(browser_page.get_by_text("You follow this thread.")).to_be_visible()
    assert_accessible(browser_page)
    thread = Thread.objects.get(title="Is this level of fatigue normal?")
    do_reply(tiffany, thread, PostInput(source="Very common early on, @maya_r. Pacing helps."))
    Reaction.objects.create(post=thread.posts.get(is_first=True), user=tiffany, kind="hug")

    browser_page.reload()
    expect(browser_page.get_by_text("Very common early on")).to_be_visible()
    expect(browser_page.get_by_role("button", name="Hug 1")).to_be_visible()
    browser_page.get_by_role("link", name="Notifications").first.click()
    expect(browser_page.get_by_role("link", name="Is this level of fatigue normal?")).to_be_visible()
    assert_accessible(browser_page)

    browser_page.goto(thread.get_absolute_url())
    browser_page.get_by_role("button", name="Me too").nth(1).click()
    expect(browser_page.get_by_role("button", name="Me too 1")).to_be_visible()
    assert Reaction.objects.filter(user=maya, kind="me_too").count() == 1
