"""The page of #LupusChat: its schedule, hosts and next sessions, cancelled ones with their reason,
the posts that used the tag during the week (as the viewer may read them), past transcripts and
the calendar and reminder panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatSeries
from hearth.chats.schedule import upcoming
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import PostInput, do_create_thread, do_delete_post, do_reply


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, members=[maya], anonymous_posting=True)


@pytest.fixture
def lupus_chat(tiffany: User, maya: User, lupus: Community) -> ChatSeries:
    return make_series(
        tiffany,
        lupus,
        title="Monday lupus chat",
        description="An hour together for anyone living with lupus.",
        starts=timezone.now() + timedelta(days=2),
        guests=("maya_r",),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page_of(user: User | None, series: ChatSeries) -> str:
    response = client_for(user).get(series.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_series_page_shows_the_schedule_hosts_and_next_sessions(
    tiffany: User, maya: User, lupus_chat: ChatSeries
) -> None:
    page = page_of(maya, lupus_chat)

    assert "Monday lupus chat" in page
    assert "#LupusChat" in page
    weekday = lupus_chat.first_date.strftime("%A")
    assert f"Every {weekday} at {lupus_chat.start_time:%H:%M} (America/New_York)" in page
    assert "60 minutes" in page
    assert "An hour together for anyone living with lupus." in page
    assert f'href="{tiffany.get_absolute_url()}"' in page
    assert "with guest expert" in page
    for session in upcoming(lupus_chat, timezone.now(), count=6):
        assert f'href="{session.get_absolute_url()}"' in page
    assert "Edit the chat" not in page  # Maya is a member, not a moderator
    assert "No transcript yet." in page


def test_the_founder_sees_edit_and_cancel_links(tiffany: User, lupus_chat: ChatSeries) -> None:
    page = page_of(tiffany, lupus_chat)

    assert reverse("chat_series_edit", args=[lupus_chat.community.slug, lupus_chat.slug]) in page
    first = lupus_chat.first_date.isoformat()
    assert reverse("chat_session_cancel", args=[lupus_chat.community.slug, lupus_chat.slug, first]) in page


def test_a_cancelled_session_is_listed_with_its_reason_and_not_among_the_next(
    tiffany: User, maya: User, lupus_chat: ChatSeries
) -> None:
    chat = actions.live_chat_on(lupus_chat, lupus_chat.first_date)
    assert chat is not None
    actions.do_cancel_session(tiffany, chat_access(tiffany, lupus_chat), chat, "Host unwell; back next week")

    page = page_of(maya, lupus_chat)

    cancelled_part = page.split("Cancelled:", 1)[1].split("</p>", 1)[0]
    assert chat.get_absolute_url() in cancelled_part
    assert "(Host unwell; back next week)" in cancelled_part
    next_part = page.split("Next chats", 1)[1].split("Cancelled:", 1)[0]
    assert chat.get_absolute_url() not in next_part


def test_a_cancelled_series_says_so_with_its_reason(tiffany: User, maya: User, lupus_chat: ChatSeries) -> None:
    actions.do_cancel_series(tiffany, chat_access(tiffany, lupus_chat), "We meet in the forum now")

    page = page_of(maya, lupus_chat)

    assert "This chat series is cancelled." in page
    assert "We meet in the forum now" in page
    assert "Next chats" not in page
    assert "Remind me" not in page


def test_posts_with_the_tag_show_all_week_as_the_viewer_may_read_them(
    tiffany: User, maya: User, ravi: User, lupus: Community, lupus_chat: ChatSeries
) -> None:
    thread = do_create_thread(
        maya, lupus, "Fatigue after the chat", PostInput(source="Still thinking about #LupusChat")
    )
    do_reply(tiffany, thread, PostInput(source="Members-only words about #lupuschat", members_only=True))
    do_reply(maya, thread, PostInput(source="Anonymous words about #LupusChat", anonymous=True))
    gone = do_reply(maya, thread, PostInput(source="Deleted words about #LupusChat"))
    do_delete_post(maya, gone)
    do_reply(maya, thread, PostInput(source="Untagged words about LupusChat"))
    elsewhere = make_community(ravi, "Type 1 diabetes")
    other = do_create_thread(ravi, elsewhere, "Another place", PostInput(source="Other-community words #LupusChat"))
    assert other.pk

    for member in (maya, tiffany):
        page = page_of(member, lupus_chat)
        assert "Still thinking about #LupusChat" in page
        assert "Fatigue after the chat" in page
        assert "Members-only words about #lupuschat" in page
        assert "Anonymous words about #LupusChat" in page
    for outsider in (None, ravi):
        page = page_of(outsider, lupus_chat)
        assert "Still thinking about #LupusChat" in page
        assert "Members-only words" not in page
    for anyone in (None, ravi, maya):
        page = page_of(anyone, lupus_chat)
        assert "Deleted words" not in page
        assert "Untagged words" not in page
        assert "Other-community words" not in page
        anonymous = page.split("Anonymous words about #LupusChat", 1)[1].split("</li>", 1)[0]
        assert "Anonymous member" in anonymous
        assert maya.public_name not in anonymous


def test_without_a_tagged_post_the_page_invites_members_to_use_the_tag(maya: User, lupus_chat: ChatSeries) -> None:
    assert "No post with #LupusChat yet." in page_of(maya, lupus_chat)


def test_transcripts_of_past_sessions_are_listed_with_their_figures(
    tiffany: User, maya: User, lupus: Community
) -> None:
    chat = make_live_chat(tiffany, lupus, tag="PastChat")
    actions.do_post_message(maya, chat_access(maya, chat.series), chat, "Hello everyone")
    chat.starts_at -= timedelta(minutes=90)
    chat.ends_at -= timedelta(minutes=90)
    chat.save(update_fields=["starts_at", "ends_at"])
    actions.finish_chat(chat)

    page = page_of(None, chat.series)

    address = reverse("chat_transcript", args=[lupus.slug, chat.series.slug, chat.date.isoformat()])
    assert f'href="{address}"' in page
    assert "fewer than 10 participants, 1 message" in page


def test_the_calendar_panel_offers_the_feed_and_a_reminder_to_members(maya: User, lupus_chat: ChatSeries) -> None:
    feed = reverse("series_calendar", args=[lupus_chat.community.slug, lupus_chat.slug])

    member_page = page_of(maya, lupus_chat)
    visitor_page = page_of(None, lupus_chat)

    assert f'href="http://testserver{feed}"' in member_page
    assert f'href="webcal://testserver{feed}"' in member_page
    assert 'for="reminder-minutes"' in member_page
    assert "Remind me" in member_page
    assert f'href="http://testserver{feed}"' in visitor_page
    assert "to add this chat to your calendar" not in visitor_page  # a public feed needs no login
    assert 'id="reminder-minutes"' not in visitor_page


def test_in_a_closed_community_the_panel_points_members_to_their_private_address(tiffany: User, maya: User) -> None:
    closed = make_community(tiffany, "Lupus circle", visibility="closed", members=[maya])
    series = make_series(tiffany, closed)

    page = page_of(maya, series)

    assert reverse("series_calendar", args=[closed.slug, series.slug]) not in page
    assert reverse("calendar_settings") in page


def test_times_are_shown_in_the_viewers_time_zone(lupus_chat: ChatSeries) -> None:
    paris = UserFactory.create(handle="amelie", time_zone="Europe/Paris")

    page = page_of(paris, lupus_chat)

    assert "Times in Europe/Paris" in page
    first = upcoming(lupus_chat, timezone.now(), count=1)[0]
    from hearth.chats.schedule import zone

    assert first.starts_at.astimezone(zone("Europe/Paris")).strftime("%H:%M") in page
    assert f"{lupus_chat.start_time:%H:%M} America/New_York" in page


def test_an_unknown_series_or_a_doctored_address_is_404(maya: User, lupus: Community, lupus_chat: ChatSeries) -> None:
    client = client_for(maya)
    for series in ("nochat", "LupusChat", "lupus%00chat", "x" * 60):
        address = reverse("chat_series", args=[lupus.slug, "SERIES"]).replace("SERIES", series)
        assert client.get(address).status_code == 404, series
