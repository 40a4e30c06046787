"""A post's address opens the page of its thread that shows it, for whoever may read it."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.communities.tests.factories import make_community
from hearth.lib.ratelimit import posting_limits_lifted
from hearth.search.tests.factories import make_reply, make_thread

pytestmark = pytest.mark.django_db


def test_a_reply_in_a_long_thread_opens_on_the_page_that_shows_it(tiffany: User, maya: User) -> None:
    community = make_community(tiffany, "Living with lupus", members=[maya])
    thread = make_thread(tiffany, community, "Introduce yourself", "Say hello!")
    with posting_limits_lifted():
        for n in range(49):
            make_reply(tiffany, thread, f"Welcome number {n}")
        on_page_two = make_reply(maya, thread, "Hello from Maya, diagnosed last spring")
    member = Client()
    member.force_login(maya)

    response = member.get(on_page_two.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{on_page_two.pk}"
    assert "Hello from Maya" in member.get(response["Location"]).content.decode()


def test_replying_brings_the_member_to_their_reply(tiffany: User, maya: User) -> None:
    community = make_community(tiffany, "Living with lupus", members=[maya])
    thread = make_thread(tiffany, community, "Introduce yourself", "Say hello!")
    with posting_limits_lifted():
        for n in range(50):
            make_reply(tiffany, thread, f"Welcome number {n}")
    member = Client()
    member.force_login(maya)
    page = member.get(thread.get_absolute_url()).content.decode()
    token = page.split('name="submission" value="')[1].split('"')[0]

    response = member.post(
        f"{thread.get_absolute_url()}reply/", {"body": "Hello from Maya", "submission": token}, follow=True
    )

    assert response.redirect_chain[-1][0].startswith(f"{thread.get_absolute_url()}?page=2#post-")
    assert "Hello from Maya" in response.content.decode()


def test_an_outsider_cannot_follow_a_link_to_a_closed_community_s_post(tiffany: User, maya: User) -> None:
    closed = make_community(tiffany, "Caregivers circle", visibility="closed", members=[maya])
    post = make_thread(maya, closed, "Respite care", "Who covers for you?").posts.get()

    assert Client().get(post.get_absolute_url()).status_code == 404
