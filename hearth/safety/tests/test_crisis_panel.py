"""Journey 7 on pages: Maya's crisis post, reply or direct message goes through unchanged, and
she alone, at once, sees a calm panel with the crisis lines of her country; Ravi, reading the
same thread, sees nothing of it; the panel shows once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.connections.tests.factories import connect
from hearth.discussions.actions import PostInput, do_create_thread
from hearth.discussions.models import Post, Thread
from hearth.profiles.models import Profile

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


def reply(client: Client, thread: Thread, body: str) -> str:
    url = reverse("thread_reply", args=[thread.community.slug, thread.pk])
    response = client.post(url, {"body": body}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_mayas_crisis_reply_posts_unchanged_and_shows_her_the_panel(thread: Thread, maya: User) -> None:
    page = reply(client_of(maya), thread, CRISIS)

    assert Post.objects.get(thread=thread, author=maya).source == CRISIS
    assert "<p>I can't do this anymore, I want to end it.</p>" in page  # on the page as written
    assert 'id="crisis-panel"' in page
    assert "It sounds like things are really hard right now" in page
    assert "You are not alone" in page
    assert 'role="status"' in page
    assert 'role="alert"' not in page


def test_ravi_reading_the_thread_sees_nothing_of_it(thread: Thread, maya: User, ravi: User) -> None:
    reply(client_of(maya), thread, CRISIS)

    page = client_of(ravi).get(thread.get_absolute_url()).content.decode()

    assert "I want to end it" in page
    assert "crisis-panel" not in page
    assert "not alone" not in page


def test_the_panel_shows_once(thread: Thread, maya: User) -> None:
    client = client_of(maya)
    reply(client, thread, CRISIS)

    again = client.get(thread.get_absolute_url()).content.decode()

    assert "crisis-panel" not in again


def test_an_ordinary_reply_shows_no_panel(thread: Thread, maya: User) -> None:
    page = reply(client_of(maya), thread, "Warm baths and an early night help me.")

    assert "crisis-panel" not in page


def test_the_crisis_lines_are_those_of_her_country(thread: Thread, maya: User) -> None:
    Profile.objects.update_or_create(user=maya, defaults={"country": "GB"})

    page = reply(client_of(maya), thread, CRISIS)

    assert "Samaritans" in page
    assert 'href="tel:116123"' in page
    assert 'href="tel:999"' in page
    # As a link, not a bare "988": a time on the page (01:38:58.709884) once held those digits.
    assert 'href="tel:988"' not in page


def test_without_a_country_she_gets_several_emergency_numbers(thread: Thread, maya: User) -> None:
    page = reply(client_of(maya), thread, CRISIS)

    for number in ("112", "911", "999"):
        assert f'href="tel:{number}"' in page
    assert reverse("profile_edit") in page


def test_a_medical_emergency_tells_her_to_call_now_and_her_doctor(thread: Thread, maya: User) -> None:
    Profile.objects.update_or_create(user=maya, defaults={"country": "ES"})

    page = reply(client_of(maya), thread, "Crushing chest pain right now and my left arm is numb")

    assert "If this is happening now, call 112 now" in page
    assert "call your doctor" in page
    assert 'href="tel:024"' not in page  # the crisis line is not for this


def test_a_new_thread_in_crisis_shows_the_panel(lupus: Community, maya: User) -> None:
    url = reverse("thread_create", args=[lupus.slug])

    response = client_of(maya).post(url, {"title": "Quiero morirme", "body": "Ya no aguanto más."}, follow=True)

    assert Thread.objects.filter(title="Quiero morirme").exists()
    assert "crisis-panel" in response.content.decode()


def test_a_direct_message_in_crisis_shows_the_panel_to_its_sender_only(maya: User, ravi: User) -> None:
    connect(maya, ravi)

    response = client_of(maya).post(reverse("conversation_with", args=[ravi.handle]), {"body": CRISIS}, follow=True)

    assert "crisis-panel" in response.content.decode()
    ravis_page = client_of(ravi).get(reverse("conversation_with", args=[maya.handle])).content.decode()
    assert "I want to end it" in ravis_page
    assert "crisis-panel" not in ravis_page


def test_a_visitor_sees_no_panel(thread: Thread) -> None:
    response = Client().get(thread.get_absolute_url())

    assert "crisis-panel" not in response.content.decode()


def test_a_fault_in_finding_help_never_fails_the_post(maya: User, monkeypatch: pytest.MonkeyPatch) -> None:
    from hearth.safety import actions
    from hearth.safety.models import CheckedContent

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a broken resources file")

    monkeypatch.setattr(actions, "crisis_for", broken)

    assert actions.do_notice_crisis(maya, "I want to end it all", what=CheckedContent.POST, object_id=1) is None
