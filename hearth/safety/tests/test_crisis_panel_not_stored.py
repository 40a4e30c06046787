"""The crisis panel is Maya's alone: the page that shows it to her is stored by no shared cache
and no back-forward cache (Cache-Control: no-store), so it does not come back for someone else
at the same computer, nor with the back button. Pages without the panel are left as they were."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import PostInput, do_create_thread
from hearth.discussions.models import Thread

pytestmark = pytest.mark.django_db

CRISIS = "I can't do this anymore, I want to end it."


@pytest.fixture
def lupus(tiffany: User, maya: User, ravi: User) -> Community:
    return make_community(tiffany, members=[maya], moderators=[ravi])


@pytest.fixture
def thread(lupus: Community, tiffany: User) -> Thread:
    return do_create_thread(tiffany, lupus, "Bad days", PostInput(source="How do you get through the bad days?"))


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reply_url(thread: Thread) -> str:
    return reverse("thread_reply", args=[thread.community.slug, thread.pk])


def _cache_control(response: object) -> str:
    return str(response.get("Cache-Control", ""))  # type: ignore[attr-defined]


def test_the_page_showing_mayas_panel_is_not_stored(thread: Thread, maya: User) -> None:
    client = client_of(maya)

    posted = client.post(_reply_url(thread), {"body": CRISIS})
    shown = client.get(posted["Location"], follow=True)

    assert 'id="crisis-panel"' in shown.content.decode()
    assert "no-store" in _cache_control(shown)
    assert "private" in _cache_control(shown)


def test_the_next_page_without_the_panel_is_as_before(thread: Thread, maya: User) -> None:
    client = client_of(maya)
    before = client.get(thread.get_absolute_url())
    client.post(_reply_url(thread), {"body": CRISIS}, follow=True)

    after = client.get(thread.get_absolute_url())

    assert "crisis-panel" not in after.content.decode()
    assert "no-store" not in _cache_control(after)
    assert _cache_control(after) == _cache_control(before)


def test_an_ordinary_reply_leaves_the_page_storable(thread: Thread, maya: User) -> None:
    response = client_of(maya).post(_reply_url(thread), {"body": "Warm baths help me."}, follow=True)

    assert "crisis-panel" not in response.content.decode()
    assert "no-store" not in _cache_control(response)


def test_a_medical_emergency_panel_is_not_stored_either(lupus: Community, maya: User) -> None:
    url = reverse("thread_create", args=[lupus.slug])

    response = client_of(maya).post(
        url, {"title": "Help", "body": "Crushing chest pain right now and my left arm is numb"}, follow=True
    )

    assert "crisis-panel" in response.content.decode()
    assert "no-store" in _cache_control(response)


def test_ravi_reading_the_thread_gets_an_ordinary_page(thread: Thread, maya: User, ravi: User) -> None:
    client_of(maya).post(_reply_url(thread), {"body": CRISIS})

    response = client_of(ravi).get(thread.get_absolute_url())

    assert "I want to end it" in response.content.decode()
    assert "no-store" not in _cache_control(response)
