"""Who reaches the chat pages. In closed and private communities Sam (not a member) and visitors
find nothing at any address, downloads included, and change nothing by posting; members read;
only founders and moderators schedule, edit and cancel, not a plain member nor a host who is
not a moderator. In a public community anyone reads the series page and its transcripts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatSeries, LiveChat
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.tests.factories import PersonaWorld, make_persona_world

SECRET_WORDS = ("Chat-title-marker", "Chat-answer-marker", "LupusChat", "PastChat")


@dataclass(frozen=True)
class ChatWorld:
    world: PersonaWorld
    series: ChatSeries  # upcoming, hosted by the member
    past: LiveChat  # over, with the member's answer in its transcript

    def person(self, who: str) -> User | None:
        return None if who == "visitor" else self.world.people[who]


def make_chat_world(visibility: str) -> ChatWorld:
    world = make_persona_world(visibility)
    founder, member = world.people["founder"], world.people["member"]
    series = make_series(
        founder,
        world.community,
        tag="LupusChat",
        title="Chat-title-marker",
        starts=timezone.now() + timedelta(days=2),
        hosts=("maya_r",),
    )
    past = make_live_chat(founder, world.community, tag="PastChat")
    actions.do_post_message(member, chat_access(member, past.series), past, "Chat-answer-marker")
    past.starts_at -= timedelta(minutes=90)
    past.ends_at -= timedelta(minutes=90)
    past.save(update_fields=["starts_at", "ends_at"])
    actions.finish_chat(past)
    return ChatWorld(world, series, past)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def reading_pages(chats: ChatWorld) -> list[str]:
    slug, past = chats.world.community.slug, chats.past
    day = past.date.isoformat()
    return [
        reverse("community_chats", args=[slug]),
        reverse("chat_series", args=[slug, chats.series.slug]),
        reverse("chat_series", args=[slug, past.series.slug]),
        reverse("chat_transcript", args=[slug, past.series.slug, day]),
        reverse("chat_transcript_md", args=[slug, past.series.slug, day]),
        reverse("chat_transcript_json", args=[slug, past.series.slug, day]),
    ]


def managing_pages(chats: ChatWorld) -> list[str]:
    slug, series = chats.world.community.slug, chats.series
    return [
        reverse("chat_series_create", args=[slug]),
        reverse("chat_series_edit", args=[slug, series.slug]),
        reverse("chat_series_cancel", args=[slug, series.slug]),
        reverse("chat_session_cancel", args=[slug, series.slug, series.first_date.isoformat()]),
    ]


def managing_posts(chats: ChatWorld) -> list[tuple[str, dict[str, str]]]:
    """Each scheduling page with a form that would change something if it were taken."""
    create, edit, cancel_series, cancel_session = managing_pages(chats)
    schedule = {
        "title": "Hijacked",
        "tag": "Hijacked",
        "time_zone": "UTC",
        "first_date": (timezone.now() + timedelta(days=9)).date().isoformat(),
        "start_time": "20:00",
        "duration_minutes": "60",
        "frequency": "weekly",
        "interval": "1",
    }
    return [
        (create, schedule),
        (edit, schedule),
        (cancel_series, {"reason": "Hijacked"}),
        (cancel_session, {"reason": "Hijacked"}),
        (cancel_session, {"restore": "1"}),
    ]


def assert_nothing_changed(chats: ChatWorld) -> None:
    series = ChatSeries.objects.get(pk=chats.series.pk)
    assert (series.title, series.tag, series.cancelled_at) == ("Chat-title-marker", "LupusChat", None)
    assert not ChatSeries.objects.filter(tag="Hijacked").exists()
    assert not LiveChat.objects.filter(cancelled_at__isnull=False).exists()


@pytest.mark.parametrize("visibility", ["closed", "private"])
@pytest.mark.parametrize("who", ["visitor", "non_member"])
def test_outsiders_find_nothing_at_any_chat_page(db: None, visibility: str, who: str) -> None:
    chats = make_chat_world(visibility)
    client = client_for(chats.person(who))

    for address in [*reading_pages(chats), *managing_pages(chats)]:
        response = client.get(address)
        assert response.status_code == 404, (address, response.status_code)
        for words in SECRET_WORDS:
            assert words.encode() not in response.content, (address, words)
    for address, form in managing_posts(chats):
        assert client.post(address, form).status_code == 404, address
    assert_nothing_changed(chats)


@pytest.mark.parametrize("visibility", ["closed", "private"])
@pytest.mark.parametrize("who", ["visitor", "non_member"])
def test_outsiders_do_not_see_members_only_chats_in_the_directory(db: None, visibility: str, who: str) -> None:
    chats = make_chat_world(visibility)

    page = client_for(chats.person(who)).get(reverse("upcoming_chats"))

    assert page.status_code == 200
    for words in SECRET_WORDS:
        assert words.encode() not in page.content


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
@pytest.mark.parametrize("who", ["member", "moderator", "founder", "site_admin"])
def test_members_read_every_chat_page(db: None, visibility: str, who: str) -> None:
    chats = make_chat_world(visibility)
    client = client_for(chats.person(who))

    for address in reading_pages(chats):
        assert client.get(address).status_code == 200, address
    series_page = client.get(chats.series.get_absolute_url()).content.decode()
    assert "Chat-title-marker" in series_page
    transcript = client.get(reading_pages(chats)[3]).content.decode()
    assert "Chat-answer-marker" in transcript


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
@pytest.mark.parametrize("who", ["moderator", "founder", "site_admin"])
def test_founders_and_moderators_open_the_scheduling_pages(db: None, visibility: str, who: str) -> None:
    chats = make_chat_world(visibility)
    client = client_for(chats.person(who))

    for address in managing_pages(chats):
        assert client.get(address).status_code == 200, address
    assert b"Schedule a chat" in client.get(reading_pages(chats)[0]).content
    assert b"Edit the chat" in client.get(chats.series.get_absolute_url()).content


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
@pytest.mark.parametrize("who", ["member", "non_member"])
def test_a_member_even_the_chats_host_cannot_schedule_edit_or_cancel(db: None, visibility: str, who: str) -> None:
    chats = make_chat_world(visibility)
    assert list(chats.series.hosts.all()) == [chats.world.people["member"]]
    client = client_for(chats.person(who))

    for address in managing_pages(chats):
        assert client.get(address).status_code == 404, address
    for address, form in managing_posts(chats):
        assert client.post(address, form).status_code == 404, address
    assert_nothing_changed(chats)
    if who == "member":
        assert b"Schedule a chat" not in client.get(reading_pages(chats)[0]).content
        assert b"Edit the chat" not in client.get(chats.series.get_absolute_url()).content


def test_in_a_public_community_visitors_read_the_series_and_its_transcripts(db: None) -> None:
    chats = make_chat_world("public")
    visitor = Client()

    for address in reading_pages(chats):
        assert visitor.get(address).status_code == 200, address
    assert b"Chat-title-marker" in visitor.get(chats.series.get_absolute_url()).content
    assert b"Chat-answer-marker" in visitor.get(reading_pages(chats)[4]).content
    assert b"#LupusChat" in visitor.get(reverse("upcoming_chats")).content


def test_in_a_public_community_a_visitor_is_asked_to_log_in_to_schedule(db: None) -> None:
    chats = make_chat_world("public")
    visitor = Client()

    for address in managing_pages(chats):
        response = visitor.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("account_login")), address
    for address, form in managing_posts(chats):
        assert visitor.post(address, form).status_code == 302, address
    assert_nothing_changed(chats)
