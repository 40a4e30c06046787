"""Visitors who are not signed in are served public pages from the cache; nobody else is, and
nothing taken down is served from it."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from hearth.accounts.models import User
from hearth.communities.tests.factories import make_community
from hearth.discussions import actions
from hearth.discussions.models import Post, Thread
from hearth.search.tests.factories import make_reply, make_thread

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'<script [^>]*nonce="([^"]+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def thread(tiffany: User, maya: User) -> Thread:
    community = make_community(tiffany, "Living with lupus", members=[maya])
    return make_thread(tiffany, community, "Pacing on bad days", "What helps you pace yourself?")


def _reply_quietly(author: User, thread: Thread, text: str) -> Post:
    """A reply written straight into the database, as if by another worker a moment ago: the
    cache is not told."""
    with mock.patch("hearth.discussions.actions.forget_visitor_pages"):
        return make_reply(author, thread, text)


def test_a_visitor_is_served_the_page_from_the_cache_for_a_while(thread: Thread, maya: User) -> None:
    visitor = Client()
    visitor.get(thread.get_absolute_url())
    _reply_quietly(maya, thread, "Spoon theory changed my life")

    page = visitor.get(thread.get_absolute_url())

    assert page.status_code == 200
    assert "Spoon theory" not in page.content.decode()


def test_a_member_always_gets_a_fresh_page(thread: Thread, maya: User) -> None:
    Client().get(thread.get_absolute_url())
    _reply_quietly(maya, thread, "Spoon theory changed my life")
    member = Client()
    member.force_login(maya)

    assert "Spoon theory" in member.get(thread.get_absolute_url()).content.decode()


def test_a_deleted_post_is_gone_for_visitors_at_once(
    thread: Thread, maya: User, django_capture_on_commit_callbacks: Any
) -> None:
    reply = make_reply(maya, thread, "My neighbour Jo at 12 Elm Street has lupus too")
    visitor = Client()
    assert "Elm Street" in visitor.get(thread.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        actions.do_delete_post(maya, reply)

    assert "Elm Street" not in visitor.get(thread.get_absolute_url()).content.decode()


def test_an_edited_post_reads_as_edited_for_visitors_at_once(
    thread: Thread, maya: User, django_capture_on_commit_callbacks: Any
) -> None:
    reply = make_reply(maya, thread, "My neighbour Jo at 12 Elm Street has lupus too")
    visitor = Client()
    visitor.get(thread.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        actions.do_edit_post(maya, reply, "Someone I know has lupus too")

    page = visitor.get(thread.get_absolute_url()).content.decode()
    assert "Elm Street" not in page
    assert "Someone I know" in page


def test_each_cached_page_has_its_own_nonce_matching_its_header(thread: Thread) -> None:
    first, second = Client().get(thread.get_absolute_url()), Client().get(thread.get_absolute_url())

    nonces = [set(NONCE.findall(page.content.decode())) for page in (first, second)]
    assert all(len(found) == 1 for found in nonces)
    assert nonces[0] != nonces[1]
    for page, found in zip((first, second), nonces, strict=True):
        assert f"'nonce-{next(iter(found))}'" in page["Content-Security-Policy"]


def test_the_text_size_form_on_a_cached_page_works_for_its_visitor(thread: Thread) -> None:
    Client().get(thread.get_absolute_url())  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(thread.get_absolute_url()).content.decode()

    response = visitor.post(reverse("text_size"), {"text_size": "large", "csrfmiddlewaretoken": TOKEN.findall(page)[0]})

    assert response.status_code == 302
    assert response.cookies["text_size"].value == "large"


def test_pages_are_kept_apart_by_text_size(thread: Thread) -> None:
    Client().get(thread.get_absolute_url())
    visitor = Client()
    visitor.cookies["text_size"] = "larger"

    assert 'class="text-larger"' in visitor.get(thread.get_absolute_url()).content.decode()


def test_a_private_community_is_not_cached_into_anyone_s_view(tiffany: User, maya: User) -> None:
    secret = make_community(tiffany, "Caregivers circle", visibility="private", members=[maya])
    private_thread = make_thread(maya, secret, "Respite care", "Who covers for you?")
    member = Client()
    member.force_login(maya)
    assert member.get(private_thread.get_absolute_url()).status_code == 200

    assert Client().get(private_thread.get_absolute_url()).status_code == 404


def test_pages_are_served_fresh_when_the_cache_is_down(thread: Thread, maya: User) -> None:
    visitor = Client()
    visitor.get(thread.get_absolute_url())
    _reply_quietly(maya, thread, "Spoon theory changed my life")

    with mock.patch("hearth.web.page_cache.cache.get", side_effect=RedisConnectionError("down")):
        page = visitor.get(thread.get_absolute_url())

    assert page.status_code == 200
    assert "Spoon theory" in page.content.decode()
