"""The weekly chat without JavaScript: the room is a page with a form. Tiffany releases a topic
and answers it, Maya's answer shows after a refresh, the chat ends and the transcript is there;
every page passes the accessibility check."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.tests.factories import make_community
from tests.browser.accessibility import assert_accessible
from tests.browser.test_find_my_community import log_in_as

pytestmark = pytest.mark.browser


def test_without_javascript_tiffany_hosts_the_chat(page_without_js: Page) -> None:
    page = page_without_js
    tiffany = UserFactory.create(handle="tiffany", email="tiffany@example.org")
    maya = UserFactory.create(handle="maya_r", email="maya@example.org")
    lupus = make_community(tiffany, "Living with lupus", members=[maya])
    chat = make_live_chat(tiffany, lupus)

    page.goto("/chats/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming live chats")
    expect(page.get_by_text("Live now")).to_be_visible()
    assert_accessible(page)

    log_in_as(page, "tiffany@example.org")
    page.goto(chat.get_absolute_url())
    expect(page.get_by_text("Live now").first).to_be_visible()
    page.get_by_role("button", name="Release T1").click()
    expect(page.locator("#chat-topics [aria-current=true]")).to_contain_text("How did you learn you had lupus?")
    page.get_by_role("textbox", name="Message").fill("Welcome! **T1** is up.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#chat-messages li").first).to_contain_text("A1")
    assert_accessible(page)

    actions.do_post_message(maya, chat_access(maya, chat.series), chat, "A rash that would not go away.")
    page.get_by_role("link", name="refresh the page").click()
    expect(page.get_by_text("A rash that would not go away.")).to_be_visible()

    page.get_by_text("End the chat early").click()
    page.get_by_role("button", name="End the chat now").click()
    expect(page.get_by_text("This chat has ended.").first).to_be_visible()
    page.get_by_role("link", name="Read the transcript").first.click()
    expect(page.get_by_role("heading", name="T1: How did you learn you had lupus?")).to_be_visible()
    expect(page.get_by_text("A rash that would not go away.")).to_be_visible()
    assert_accessible(page)
    page.goto(chat.series.get_absolute_url())
    expect(page.get_by_role("heading", name="Transcripts")).to_be_visible()
    assert_accessible(page)
