"""The community directory shows each listed community's next live chat, for whoever may read the
community; a closed community's chats stay out of outsiders' sight. The chats cost the whole
page one query, however many communities and series are listed."""

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
from hearth.communities.tests.factories import make_community

pytestmark = pytest.mark.django_db


def directory(user: User | None = None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("community_directory"))
    assert response.status_code == 200
    return response.content.decode()


def card_of(page: str, name: str) -> str:
    return page.split(f"<strong>{name}</strong>", 1)[1].split("</li>\n  \n", 1)[0].split('class="community-card"')[0]


def test_maya_sees_the_next_lupuschat_beside_the_lupus_community(tiffany: User, maya: User) -> None:
    lupus = make_community(tiffany, "Living with lupus", members=[maya])
    weekly = make_series(tiffany, lupus, tag="LupusChat")
    make_series(tiffany, lupus, tag="LaterChat", starts=timezone.now() + timedelta(days=30), frequency="once")
    maya.time_zone = "Asia/Tokyo"
    maya.save(update_fields=["time_zone"])
    first = upcoming(weekly, timezone.now(), count=1)[0]

    card = card_of(directory(maya), "Living with lupus")

    assert "Next chat:" in card
    assert f'href="{weekly.get_absolute_url()}">#LupusChat</a>' in card
    assert f'href="{first.get_absolute_url()}"' in card
    assert f"{first.starts_at.astimezone(zone('Asia/Tokyo')):%H:%M}</time>" in card
    assert "LaterChat" not in card  # one chat per community: the next one


def test_a_community_without_a_chat_to_come_shows_none(tiffany: User) -> None:
    quiet = make_community(tiffany, "Quiet circle")
    called_off = make_series(tiffany, quiet, tag="CalledOff", frequency="once")
    chat = actions.live_chat_on(called_off, called_off.first_date)
    assert chat is not None
    actions.do_cancel_session(tiffany, chat_access(tiffany, called_off), chat, "Host unwell")

    card = card_of(directory(), "Quiet circle")

    assert "Next chat:" not in card
    assert "CalledOff" not in card


def test_a_live_chat_is_marked(tiffany: User) -> None:
    lupus = make_community(tiffany, "Living with lupus")
    make_live_chat(tiffany, lupus, tag="LiveChat")

    card = card_of(directory(), "Living with lupus")

    assert "#LiveChat" in card
    assert "Live now" in card


def test_a_closed_communitys_chat_shows_to_its_members_only(tiffany: User, maya: User, ravi: User) -> None:
    circle = make_community(tiffany, "Lupus circle", visibility="closed", members=[maya])
    make_series(tiffany, circle, tag="SecretChat")

    assert "#SecretChat" in card_of(directory(maya), "Lupus circle")
    for outsider in (None, ravi):
        page = directory(outsider)
        assert "Lupus circle" in page  # a closed community is listed…
        assert "SecretChat" not in page  # …its chats are not


def test_the_chats_cost_the_page_one_query(tiffany: User, maya: User) -> None:
    for index in range(2):
        make_community(tiffany, f"Circle {index}")
    with CaptureQueriesContext(connection) as few:
        directory(maya)

    for index in range(2, 8):
        circle = make_community(tiffany, f"Circle {index}")
        series = make_series(
            tiffany, circle, tag=f"Chat{index}", starts=timezone.now() + timedelta(days=1, hours=index)
        )
        actions.live_chat_on(series, series.first_date)  # a saved session, as when topics are written ahead
    with CaptureQueriesContext(connection) as many:
        page = directory(maya)

    assert page.count("Next chat:") == 6
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
