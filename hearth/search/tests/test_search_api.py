"""GET /api/v1/search: the search page's results as JSON, for members (session or token) and
outsiders, with 422 for a query that is empty or too long."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils.dateparse import parse_datetime

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.search.tests.factories import first_post, make_thread

pytestmark = pytest.mark.django_db

URL = "/api/v1/search"


def test_an_outsider_finds_public_posts_and_communities(client: Client, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Lupus fog", "Brain fog with <b>lupus</b>.", content_warning="")
    post = first_post(thread)

    response = client.get(URL, {"q": "lupus"})

    assert response.status_code == 200
    body = response.json()
    created_at = parse_datetime(body["posts"][0].pop("created_at"))
    assert created_at is not None
    assert abs(created_at - post.created_at) < dt.timedelta(milliseconds=1)
    assert body == {
        "posts": [
            {
                "id": post.pk,
                "thread_title": "Lupus fog",
                "community": "Living with lupus",
                "content_warning": "",
                "snippet_html": "Brain fog with &lt;b&gt;<mark>lupus</mark>&lt;/b&gt;.",
                "url": post.get_absolute_url(),
            }
        ],
        "communities": [{"slug": lupus.slug, "name": "Living with lupus", "url": lupus.get_absolute_url()}],
        "has_more": False,
    }


def test_a_token_finds_what_its_member_may_read(
    client: Client, maya_token: str, sam: User, rare_parents: Community, moderators_room: Community
) -> None:
    thread = make_thread(sam, rare_parents, "Respite", "Respite care at last.")

    as_maya = client.get(URL, {"q": "respite"}, headers={"Authorization": f"Bearer {maya_token}"}).json()
    as_outsider = client.get(URL, {"q": "respite"}).json()

    assert [post["id"] for post in as_maya["posts"]] == [first_post(thread).pk]
    assert as_outsider["posts"] == []
    assert client.get(URL, {"q": "moderators"}).json()["communities"] == []
    headers = {"Authorization": f"Bearer {maya_token}"}
    assert [c["name"] for c in client.get(URL, {"q": "moderators"}, headers=headers).json()["communities"]] == [
        "Quiet moderators room"
    ]


def test_the_session_finds_what_its_member_may_read(maya_client: Client, sam: User, rare_parents: Community) -> None:
    thread = make_thread(sam, rare_parents, "Respite", "Respite care at last.")

    response = maya_client.get(URL, {"q": "respite"})

    assert [post["id"] for post in response.json()["posts"]] == [first_post(thread).pk]


def test_a_wrong_token_is_refused_rather_than_treated_as_an_outsider(client: Client) -> None:
    response = client.get(URL, {"q": "lupus"}, headers={"Authorization": "Bearer not-a-token"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("q", ["", "   ", "x" * 201])
def test_an_empty_or_long_query_is_refused(client: Client, q: str) -> None:
    response = client.get(URL, {"q": q})

    assert response.status_code == 422
    assert "detail" in response.json()


def test_a_missing_query_is_refused(client: Client) -> None:
    assert client.get(URL).status_code == 422


def test_punctuation_finds_nothing(client: Client, lupus: Community) -> None:
    response = client.get(URL, {"q": '"*()'})

    assert response.status_code == 200
    assert response.json() == {"posts": [], "communities": [], "has_more": False}


def test_limit_and_offset_page_through_posts(client: Client, tiffany: User, maya: User, lupus: Community) -> None:
    make_thread(tiffany, lupus, "Walk one", "A walk.")
    make_thread(maya, lupus, "Walk two", "A walk.")

    first = client.get(URL, {"q": "walk", "limit": "1"}).json()
    second = client.get(URL, {"q": "walk", "limit": "1", "offset": "1"}).json()

    assert first["has_more"]
    assert not second["has_more"]
    assert first["posts"][0]["id"] != second["posts"][0]["id"]
    assert client.get(URL, {"q": "walk", "limit": "51"}).status_code == 422
