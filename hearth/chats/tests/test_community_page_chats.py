"""A community's page shows its next three live chats and leads to all of them, for whoever may
read the community; the closed community's outsiders see no chat at all. The chats cost the page
one query, however many series there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.schedule import upcoming, zone
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, members=[maya])


def community_page(user: User | None, community: Community, **query: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(community.get_absolute_url(), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_next_three_chats_show_with_links_and_a_link_to_all_chats(tiffany: User, lupus: Community) -> None:
    weekly = make_series(tiffany, lupus, tag="LupusChat", title="Monday lupus chat")
    make_series(tiffany, lupus, tag="LaterChat", starts=timezone.now() + timedelta(days=50), frequency="once")

    page = community_page(None, lupus)

    chats = page.split('id="chats-title"', 1)[1].split("</section>", 1)[0]
    assert f'href="{weekly.get_absolute_url()}"' in chats
    assert "#LupusChat</strong>: Monday lupus chat" in chats
    for session in upcoming(weekly, timezone.now(), count=3):
        assert f'href="{session.get_absolute_url()}"' in chats
    assert chats.count("<li>") == 3
    assert "LaterChat" not in chats  # the fourth session to come
    assert f'href="{reverse("community_chats", args=[lupus.slug])}"' in chats


def test_a_live_chat_is_marked_and_cancelled_ones_are_left_out(tiffany: User, lupus: Community) -> None:
    make_live_chat(tiffany, lupus, tag="LiveChat")
    called_off = make_series(tiffany, lupus, tag="CalledOff", frequency="once")
    chat = actions.live_chat_on(called_off, called_off.first_date)
    assert chat is not None
    actions.do_cancel_session(tiffany, chat_access(tiffany, called_off), chat, "Host unwell")

    chats = community_page(None, lupus).split('id="chats-title"', 1)[1].split("</section>", 1)[0]

    assert "#LiveChat" in chats
    assert "Live now" in chats
    assert "CalledOff" not in chats


def test_without_a_chat_to_come_the_page_still_leads_to_the_chats(lupus: Community) -> None:
    page = community_page(None, lupus)

    assert "No chat coming up." in page
    assert reverse("community_chats", args=[lupus.slug]) in page


def test_times_are_in_the_viewers_zone(tiffany: User, maya: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    maya.time_zone = "Asia/Tokyo"
    maya.save(update_fields=["time_zone"])
    first = upcoming(series, timezone.now(), count=1)[0]

    page = community_page(maya, lupus)

    assert f'datetime="{first.starts_at.isoformat()}"' in page
    assert f"{first.starts_at.astimezone(zone('Asia/Tokyo')):%H:%M}</time>" in page
    assert "America/New_York)" in page  # the series' own time, next to Maya's


@pytest.mark.parametrize("visibility", ["closed", "private"])
def test_outsiders_see_no_chat_and_members_do(tiffany: User, maya: User, ravi: User, visibility: str) -> None:
    circle = make_community(tiffany, "Lupus circle", visibility=visibility, members=[maya])
    make_series(tiffany, circle, tag="SecretChat", title="Secret-title-marker")

    assert "Secret-title-marker" in community_page(maya, circle)
    outsider = Client()
    outsider.force_login(ravi)
    for client in (Client(), outsider):
        response = client.get(circle.get_absolute_url())
        assert response.status_code == (200 if visibility == "closed" else 404)
        assert b"Secret-title-marker" not in response.content
        assert b"SecretChat" not in response.content
        assert reverse("community_chats", args=[circle.slug]).encode() not in response.content


def test_the_chats_cost_one_query_however_many_series(tiffany: User, maya: User, lupus: Community) -> None:
    client = Client()
    client.force_login(maya)
    with CaptureQueriesContext(connection) as without_chats:
        client.get(lupus.get_absolute_url())

    for index in range(6):
        series = make_series(tiffany, lupus, tag=f"Chat{index}", starts=timezone.now() + timedelta(days=1, hours=index))
        actions.live_chat_on(series, series.first_date)  # a saved session, as when topics are written ahead
    with CaptureQueriesContext(connection) as with_chats:
        page = client.get(lupus.get_absolute_url())

    assert page.content.decode().split('id="chats-title"', 1)[1].split("</section>", 1)[0].count("<li>") == 3
    assert len(with_chats) == len(without_chats), [query["sql"] for query in with_chats.captured_queries]
