"""The API of Ellen's well-being controls: she reads and sets her muted words, quiet hours and
reaction counts, takes and ends a break, and lists everything she muted. It is all about the
caller: Maya, asking the same addresses, gets her own (empty) settings and cannot end Ellen's
break; a visitor without a token gets 401. Refusals the document cannot foresee answer 409."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.communities.tests.test_api_communities import api_client
from hearth.connections.actions import do_mute
from hearth.notifications.actions import do_subscribe
from hearth.search.tests.factories import make_thread
from hearth.wellbeing.breaks import on_a_break
from hearth.wellbeing.models import MutedWord

pytestmark = pytest.mark.django_db

SETTINGS = {
    "muted_words": ["metastasis", "Metástasis", "chemo  brain"],
    "quiet_hours_start": "21:00",
    "quiet_hours_end": "08:00",
    "hide_reaction_counts": True,
}


def test_ellen_sets_and_reads_her_settings(ellen: User) -> None:
    client = api_client(ellen)

    put = client.put("/api/v1/well-being", SETTINGS, content_type="application/json")
    got = client.get("/api/v1/well-being").json()

    assert put.status_code == 200
    assert got["muted_words"] == ["chemo brain", "metastasis"]  # the same word twice counts once
    assert (got["quiet_hours_start"], got["quiet_hours_end"]) == ("21:00", "08:00")
    assert got["hide_reaction_counts"] is True
    assert got["taking_a_break"] is None
    assert got["url"] == "/well-being/"


@pytest.mark.parametrize(
    "change",
    [
        {"muted_words": ["   "]},
        {"muted_words": ["!!!"]},
        {"quiet_hours_end": None},
        {"quiet_hours_end": "21:00"},
    ],
)
def test_refusals_answer_409_and_change_nothing(ellen: User, change: dict[str, Any]) -> None:
    client = api_client(ellen)
    client.put("/api/v1/well-being", SETTINGS, content_type="application/json")

    response = client.put("/api/v1/well-being", SETTINGS | change, content_type="application/json")

    assert response.status_code == 409
    assert MutedWord.objects.filter(user=ellen).count() == 2


def test_invalid_input_is_422(ellen: User) -> None:
    client = api_client(ellen)
    too_many = SETTINGS | {"muted_words": [f"w{n}" for n in range(51)]}
    too_long = SETTINGS | {"muted_words": ["x" * 61]}
    bad_time = SETTINGS | {"quiet_hours_start": "25:00"}
    extra = SETTINGS | {"always": True}

    for body in (too_many, too_long, bad_time, extra):
        assert client.put("/api/v1/well-being", body, content_type="application/json").status_code == 422


def test_ellen_takes_and_ends_a_break(ellen: User) -> None:
    client = api_client(ellen)

    taken = client.post("/api/v1/well-being/break", {"period": "2w"}, content_type="application/json")
    shown = client.get("/api/v1/well-being").json()["taking_a_break"]
    ended = client.delete("/api/v1/well-being/break")
    again = client.delete("/api/v1/well-being/break")

    assert taken.status_code == 201
    ends_at = dt.datetime.fromisoformat(taken.json()["ends_at"])
    assert dt.timedelta(days=13, hours=23) < ends_at - timezone.now() <= dt.timedelta(days=14)
    assert shown["ends_at"] == taken.json()["ends_at"]
    assert ended.status_code == 204
    assert not on_a_break(ellen)
    assert again.status_code == 404


@pytest.mark.parametrize("body", [{}, {"period": "1w", "until": "2030-01-01"}, {"until": "2000-01-01"}])
def test_a_break_must_say_how_long_and_stay_within_ninety_days(ellen: User, body: dict[str, Any]) -> None:
    response = api_client(ellen).post("/api/v1/well-being/break", body, content_type="application/json")

    assert response.status_code == 409
    assert not on_a_break(ellen)


def test_ellen_lists_everything_she_muted(ellen: User, maya: User, tiffany: User, circle: Community) -> None:
    thread = make_thread(maya, circle, "Scan results", "Waiting.")
    other = make_community(tiffany, "Lupus friends")
    secret = make_community(tiffany, "Secret circle", visibility="private", members=[ellen])
    do_mute(ellen, maya)
    do_subscribe(ellen, "mute", thread=thread)
    do_subscribe(ellen, "mute", community=other)
    do_subscribe(ellen, "mute", community=secret)
    secret.memberships.filter(user=ellen).delete()  # she left: its name is no longer hers to see
    client = api_client(ellen)
    client.put("/api/v1/well-being", SETTINGS, content_type="application/json")

    mutes = client.get("/api/v1/well-being/mutes").json()

    assert [word["phrase"] for word in mutes["words"]] == ["chemo brain", "metastasis"]
    assert [member["handle"] for member in mutes["members"]] == ["maya_r"]
    assert [t["title"] for t in mutes["threads"]] == ["Scan results"]
    assert [c["slug"] for c in mutes["communities"]] == [other.slug]


def test_the_page_lists_every_mute_with_an_unmute_button(
    ellen: User, ellen_client: Any, maya: User, tiffany: User, circle: Community
) -> None:
    thread = make_thread(maya, circle, "Scan results", "Waiting.")
    do_mute(ellen, maya)
    do_subscribe(ellen, "mute", thread=thread)
    do_subscribe(ellen, "mute", community=circle)
    api_client(ellen).put("/api/v1/well-being", SETTINGS, content_type="application/json")

    page = ellen_client.get("/well-being/").content.decode()

    assert page.count(">Unmute<") == 5  # two words, Maya, the thread, the community
    assert f'action="/connections/{maya.handle}/unmute/"' in page
    assert f'name="thread" value="{thread.pk}"' in page
    assert f'name="community" value="{circle.slug}"' in page


def test_nobody_else_sees_or_changes_ellens_settings(ellen: User, maya: User) -> None:
    api_client(ellen).put("/api/v1/well-being", SETTINGS, content_type="application/json")
    api_client(ellen).post("/api/v1/well-being/break", {"period": "1w"}, content_type="application/json")
    mayas = api_client(maya)

    assert mayas.get("/api/v1/well-being").json()["muted_words"] == []
    assert mayas.get("/api/v1/well-being/mutes").json()["words"] == []
    assert mayas.delete("/api/v1/well-being/break").status_code == 404
    assert on_a_break(ellen)
    visitor = api_client(None)
    for method, path in [("get", "/api/v1/well-being"), ("get", "/api/v1/well-being/mutes")]:
        assert getattr(visitor, method)(path).status_code == 401
    assert visitor.delete("/api/v1/well-being/break").status_code == 401
    assert (
        visitor.post("/api/v1/well-being/break", {"period": "1w"}, content_type="application/json").status_code == 401
    )
    assert visitor.put("/api/v1/well-being", SETTINGS, content_type="application/json").status_code == 401


def test_the_page_asks_visitors_to_log_in(client: Any) -> None:
    for path in ["/well-being/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    for path in ["/well-being/words/", "/well-being/settings/", "/well-being/break/", "/well-being/break/end/"]:
        assert client.post(path).status_code == 302
