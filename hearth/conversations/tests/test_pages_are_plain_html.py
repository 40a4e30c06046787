"""The direct message and connection pages are plain, accessible HTML: one h1, a language, every
form field labelled, every form with a CSRF token, and nothing loaded from another origin."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.actions import do_block, do_mute
from hearth.connections.tests.factories import connect
from hearth.conversations.actions import do_send

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.labels: set[str] = set()
        self.fields: list[str] = []
        self.forms = 0
        self.tokens = 0
        self.sources: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if tag == "h1":
            self.h1 += 1
        if tag == "label" and found.get("for"):
            self.labels.add(found["for"] or "")
        if tag in ("textarea", "select") or (tag == "input" and found.get("type") not in ("hidden", "submit")):
            self.fields.append(found.get("id") or "")
        if tag == "form" and (found.get("method") or "").lower() == "post":
            self.forms += 1
        if tag == "input" and found.get("name") == "csrfmiddlewaretoken":
            self.tokens += 1
        for name in ("src", "href", "action", "hx-get"):
            if found.get(name):
                self.sources.append(found[name] or "")


@pytest.fixture
def world(maya: User, tiffany: User, ravi: User) -> None:
    connect(maya, tiffany)
    connect(ravi, maya, accepted=False)
    do_send(tiffany, maya, "Hello [link](https://example.org) <script>alert(1)</script>")
    do_mute(maya, ravi)
    do_block(maya, User.objects.create_user("blocked@example.org", "someone"))


PAGES = [
    "/connections/",
    "/connections/blocked/",
    "/connections/tiffany/request/",
    "/messages/",
    "/messages/tiffany/",
]


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_plain_accessible_html(maya_client: Client, path: str) -> None:
    response = maya_client.get(path)
    page = Page()
    page.feed(response.content.decode())

    assert response.status_code == 200
    assert page.lang == "en"
    assert page.h1 == 1
    assert all(field and field in page.labels for field in page.fields), page.fields
    assert page.forms == page.tokens
    assert not [url for url in page.sources if re.match(r"^(https?:)?//", url) and "example.org" not in url]


@pytest.mark.usefixtures("world")
def test_member_text_is_rendered_safely(maya_client: Client) -> None:
    page = maya_client.get("/messages/tiffany/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert 'rel="nofollow noopener ugc"' in page


@pytest.mark.usefixtures("world")
def test_the_report_page_is_labelled(maya: User, maya_client: Client) -> None:
    message = do_send(maya, User.objects.get(handle="tiffany"), "Mine").message
    theirs = message.conversation.messages.exclude(sender=maya).get()

    page = Page()
    page.feed(maya_client.get(f"/messages/message/{theirs.pk}/report/").content.decode())

    assert page.h1 == 1
    assert all(field in page.labels for field in page.fields)
