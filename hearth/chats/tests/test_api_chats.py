"""The chats API: Tiffany schedules #LupusChat, Maya answers in the room and reads what she missed,
and nobody outside a closed or private community learns that its chats exist.

Bad input gets 422, an over-long message 413, a session that is not live 409, haste 429 with when
to retry; a reader asking for what only hosts or managers may do gets 404.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.chats import actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatMessage, ChatSeries, LiveChat
from hearth.chats.schedule import zone
from hearth.chats.tests.factories import make_live_chat, make_series
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.communities.tests.test_api_communities import (
    PERSONAS,
    READ,
    VISIBILITIES,
    World,
    api_client,
    assert_hidden,
    build_world,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
HOSTS = {"moderator", "founder", "site_admin"}  # the founder hosts; moderators run any room of theirs
POSTERS = {"member", "moderator", "founder"}


def _send(client: Client, method: str, path: str, body: Any = None) -> Any:
    data = "" if body is None else json.dumps(body)
    return client.generic(method, API + path, data, content_type="application/json")


def _next_monday(after_days: int = 3) -> date:
    day = timezone.now().astimezone(zone("America/New_York")).date() + timedelta(days=after_days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


@pytest.fixture
def lupus(tiffany: User, maya: User, ravi: User) -> Community:
    return make_community(tiffany, "Living with lupus", members=[maya], moderators=[ravi])


@pytest.fixture
def live(tiffany: User, lupus: Community) -> LiveChat:
    """A session of #LupusChat that started ten minutes ago, with two topics written."""
    return make_live_chat(tiffany, lupus)


def _access(user: User, chat: LiveChat) -> Any:
    return chat_access(user, ChatSeries.objects.select_related("community").get(pk=chat.series_id))


def _release(tiffany: User, chat: LiveChat) -> None:
    actions.do_release_topic(tiffany, _access(tiffany, chat), chat)


# --- Scheduling -------------------------------------------------------------------------------


def test_tiffany_schedules_a_weekly_chat_and_members_find_its_sessions(
    tiffany: User, maya: User, lupus: Community
) -> None:
    monday = _next_monday()
    response = _send(
        api_client(tiffany),
        "POST",
        "/communities/living-with-lupus/chat-series",
        {
            "title": "Lupus chat",
            "tag": "#LupusChat",
            "time_zone": "America/New_York",
            "first_date": monday.isoformat(),
            "start_time": "21:00",
            "description": "Our weekly hour.",
            "hosts": ["tiffany", "@maya_r"],
        },
    )

    assert response.status_code == 201, response.content
    series = response.json()
    assert series["tag"] == "LupusChat"
    assert series["url"] == "/c/living-with-lupus/chats/lupuschat/"
    assert series["hosts"] == ["tiffany", "maya_r"]
    assert series["start_time"] == "21:00"
    assert series["frequency"] == "weekly"
    assert series["schedule"] == "Every Monday at 21:00 (America/New_York)"
    assert series["next_session"]["date"] == monday.isoformat()
    maya_api = api_client(maya)
    listed = maya_api.get(f"{API}/communities/living-with-lupus/chat-series").json()
    assert [item["id"] for item in listed["items"]] == [series["id"]]
    assert maya_api.get(f"{API}/chat-series/{series['id']}").json()["title"] == "Lupus chat"

    found = maya_api.get(
        f"{API}/chat-series/{series['id']}/sessions",
        {"after": monday.isoformat(), "before": (monday + timedelta(days=14)).isoformat()},
    ).json()

    assert [item["date"] for item in found] == [(monday + timedelta(days=7 * n)).isoformat() for n in range(3)]
    assert found[0]["state"] == "upcoming"
    assert found[0]["cancelled"] is False
    assert found[0]["live_chat"] is None
    assert found[0]["url"] == f"/c/living-with-lupus/chats/lupuschat/{monday.isoformat()}/"

    session = maya_api.get(f"{API}/chat-series/{series['id']}/sessions/{monday.isoformat()}").json()

    assert session["state"] == "upcoming"
    assert session["topics"] == []
    assert session["last_seq"] == 0
    assert session["url"] == found[0]["url"]
    assert LiveChat.objects.get(pk=session["id"]).date == monday  # saved on first use
    again = maya_api.get(f"{API}/chat-series/{series['id']}/sessions", {"after": monday.isoformat()}).json()
    assert again[0]["live_chat"] == session["id"]


def test_a_session_starts_at_nine_in_new_york_in_utc(tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus, starts=timezone.now() + timedelta(days=3))
    first = series.first_date

    found = api_client().get(f"{API}/chat-series/{series.pk}/sessions", {"after": first.isoformat()}).json()

    local = datetime.fromisoformat(found[0]["starts_at"]).astimezone(zone("America/New_York"))
    assert (local.date(), local.time()) == (first, series.start_time)
    assert found[0]["ends_at"] > found[0]["starts_at"]


def test_only_founders_and_moderators_schedule(maya: User, ravi: User, lupus: Community) -> None:
    body = {"title": "Maya's chat", "tag": "MayaChat", "time_zone": "UTC",
            "first_date": _next_monday().isoformat(), "start_time": "10:00"}  # fmt: skip

    assert_hidden(_send(api_client(maya), "POST", "/communities/living-with-lupus/chat-series", body))
    assert _send(api_client(ravi), "POST", "/communities/living-with-lupus/chat-series", body).status_code == 201
    assert _send(Client(), "POST", "/communities/living-with-lupus/chat-series", body).status_code == 401


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"time_zone": "Mars/Olympus"}, "Choose a time zone from the list"),
        ({"tag": "#2fast"}, "A tag is 2 to 50 letters"),
        ({"first_date": "1999-01-04"}, "Choose dates from 2000 to 2999"),
        (
            {"frequency": "once", "first_date": (_next_monday() - timedelta(days=21)).isoformat()},
            "no session still to come",
        ),
        ({"until": "3000-01-01"}, "Choose dates from 2000 to 2999"),
        ({"hosts": ["nobody_here"]}, "@nobody_here: not a member of this community"),
        ({"topic_interval_minutes": 90}, "within the chat's length"),
    ],
)
def test_a_schedule_the_action_refuses_gets_422_with_its_words(
    tiffany: User, lupus: Community, changes: dict[str, Any], said: str
) -> None:
    body = {"title": "Lupus chat", "tag": "LupusChat", "time_zone": "America/New_York",
            "first_date": _next_monday().isoformat(), "start_time": "21:00", **changes}  # fmt: skip

    response = _send(api_client(tiffany), "POST", "/communities/living-with-lupus/chat-series", body)

    assert response.status_code == 422, response.content
    assert said in str(response.json()["detail"])
    assert not ChatSeries.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"start_time": "21:00:00+02:00"},
        {"start_time": "25:00"},
        {"duration_minutes": 5},
        {"title": "   "},
        {"title": "Lupus\x00chat"},
        {"description": "a\x00b"},
        {"first_date": "someday"},
        {"first_date": 0},
        {"colour": "red"},
    ],
)
def test_malformed_schedules_get_422(tiffany: User, lupus: Community, changes: dict[str, Any]) -> None:
    body = {"title": "Lupus chat", "tag": "LupusChat", "time_zone": "America/New_York",
            "first_date": _next_monday().isoformat(), "start_time": "21:00", **changes}  # fmt: skip

    response = _send(api_client(tiffany), "POST", "/communities/living-with-lupus/chat-series", body)

    assert response.status_code == 422
    assert "detail" in response.json()


def test_a_tag_already_used_in_the_community_gets_409(tiffany: User, lupus: Community) -> None:
    make_series(tiffany, lupus, tag="LupusChat")
    body = {"title": "Another", "tag": "lupuschat", "time_zone": "UTC",
            "first_date": _next_monday().isoformat(), "start_time": "10:00"}  # fmt: skip

    response = _send(api_client(tiffany), "POST", "/communities/living-with-lupus/chat-series", body)

    assert response.status_code == 409
    assert "#lupuschat is already the tag" in response.json()["detail"]


def test_tiffany_changes_a_series_and_maya_may_not(tiffany: User, maya: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    make_series(tiffany, lupus, tag="BCSM")

    renamed = _send(api_client(tiffany), "PATCH", f"/chat-series/{series.pk}", {"title": "Lupus hour", "until": None})

    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["title"] == "Lupus hour"
    assert renamed.json()["tag"] == "LupusChat"  # left out: unchanged
    assert renamed.json()["hosts"] == ["tiffany"]
    assert_hidden(_send(api_client(maya), "PATCH", f"/chat-series/{series.pk}", {"title": "Mine"}))
    taken = _send(api_client(tiffany), "PATCH", f"/chat-series/{series.pk}", {"tag": "BCSM"})
    assert taken.status_code == 409
    ChatSeries.objects.get(pk=series.pk, title="Lupus hour")


# --- Sessions ---------------------------------------------------------------------------------


def test_a_range_of_sessions_is_bounded_and_shows_cancelled_ones(tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    first = series.first_date
    second = actions.live_chat_on(series, first + timedelta(days=7))
    assert second is not None
    actions.do_cancel_session(tiffany, chat_access(tiffany, series), second, "Holiday")
    anyone = api_client()
    path = f"{API}/chat-series/{series.pk}/sessions"

    found = anyone.get(path, {"after": first.isoformat(), "before": (first + timedelta(days=7)).isoformat()}).json()

    assert [(item["date"], item["cancelled"], item["state"]) for item in found] == [
        (first.isoformat(), False, "upcoming"),
        (second.date.isoformat(), True, "cancelled"),
    ]
    assert anyone.get(path, {"after": "2026-05-02", "before": "2026-05-01"}).json() == []
    assert anyone.get(path, {"after": "2026-01-01", "before": "2027-12-31"}).status_code == 422
    assert anyone.get(path, {"after": "not-a-date"}).status_code == 422
    assert anyone.get(path, {"after": "0"}).status_code == 422  # not seconds since 1970
    assert anyone.get(path, {"after": "9999-12-01", "before": "9999-12-31"}).json() == []
    assert anyone.get(path, {"after": "0001-01-01", "before": "0001-12-31"}).json() == []


def test_a_date_the_series_does_not_meet_gets_404(tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    anyone = api_client()
    path = f"{API}/chat-series/{series.pk}/sessions"

    assert_hidden(anyone.get(f"{path}/{(series.first_date + timedelta(days=1)).isoformat()}"))
    assert_hidden(anyone.get(f"{path}/{(series.first_date - timedelta(days=7)).isoformat()}"))
    assert_hidden(anyone.get(f"{path}/{(series.first_date + timedelta(days=7 * 100)).isoformat()}"))
    assert_hidden(anyone.get(f"{path}/9999-12-27"))
    assert anyone.get(f"{path}/31-12-2026").status_code == 422
    assert not LiveChat.objects.exists()


def test_unreleased_topics_are_for_hosts_until_the_days_before(tiffany: User, maya: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    chat = actions.live_chat_on(series, series.first_date)
    assert chat is not None
    written = _send(api_client(tiffany), "PUT", f"/live-chats/{chat.pk}/topics", {"titles": ["Fatigue", "Sleep"]})
    path = f"{API}/chat-series/{series.pk}/sessions/{series.first_date.isoformat()}"

    assert written.status_code == 200, written.content
    assert [(t["label"], t["title"]) for t in written.json()["topics"]] == [("T1", "Fatigue"), ("T2", "Sleep")]
    assert api_client(maya).get(path).json()["topics"] == []
    ChatSeries.objects.filter(pk=series.pk).update(topics_ahead_days=7)
    assert [t["title"] for t in api_client(maya).get(path).json()["topics"]] == ["Fatigue", "Sleep"]


# --- Topics in the room -----------------------------------------------------------------------


def test_tiffany_releases_topics_and_maya_may_not(tiffany: User, maya: User, live: LiveChat) -> None:
    tiffany_api = api_client(tiffany)

    assert_hidden(_send(api_client(maya), "POST", f"/live-chats/{live.pk}/topics/release"))
    assert_hidden(_send(api_client(maya), "PUT", f"/live-chats/{live.pk}/topics", {"titles": ["Mine"]}))
    first = _send(tiffany_api, "POST", f"/live-chats/{live.pk}/topics/release")
    second = _send(tiffany_api, "POST", f"/live-chats/{live.pk}/topics/release", {"number": 2})
    back = _send(tiffany_api, "POST", f"/live-chats/{live.pk}/topics/release", {"number": 1})
    missing = _send(tiffany_api, "POST", f"/live-chats/{live.pk}/topics/release", {"number": 9})

    assert first.status_code == 200, first.content
    assert first.json()["current_topic"]["label"] == "T1"
    assert second.json()["current_topic"]["label"] == "T2"
    assert back.json()["current_topic"]["label"] == "T1"
    assert missing.status_code == 409
    assert missing.json() == {"detail": "There is no such topic to release."}
    maya_view = api_client(maya).get(f"{API}/live-chats/{live.pk}").json()
    assert [t["label"] for t in maya_view["topics"]] == ["T1", "T2"]
    assert maya_view["state"] == "live"


def test_topics_are_not_released_before_the_chat(tiffany: User, lupus: Community) -> None:
    series = make_series(tiffany, lupus)
    chat = actions.live_chat_on(series, series.first_date)
    assert chat is not None
    _send(api_client(tiffany), "PUT", f"/live-chats/{chat.pk}/topics", {"titles": ["Fatigue"]})

    response = _send(api_client(tiffany), "POST", f"/live-chats/{chat.pk}/topics/release")

    assert response.status_code == 409
    assert response.json() == {"detail": "Topics are released while the chat is live."}


@pytest.mark.parametrize(
    "body", [{"titles": ["x" * 281]}, {"titles": ["ok"] * 13}, {"titles": ["a\x00b"]}, {"titles": "Fatigue"}, []]
)
def test_malformed_topics_get_422(tiffany: User, live: LiveChat, body: Any) -> None:
    assert _send(api_client(tiffany), "PUT", f"/live-chats/{live.pk}/topics", body).status_code == 422


# --- Messages ---------------------------------------------------------------------------------


def test_maya_answers_a_topic_and_reads_what_she_missed(tiffany: User, maya: User, live: LiveChat) -> None:
    _release(tiffany, live)
    maya_api = api_client(maya)

    sent = [
        _send(maya_api, "POST", f"/live-chats/{live.pk}/messages", {"body": f"Answer {n}", "client_id": f"m{n}"})
        for n in range(1, 4)
    ]

    assert [response.status_code for response in sent] == [201, 201, 201]
    first = sent[0].json()
    assert (first["seq"], first["author"], first["label"], first["topic"]) == (1, "maya_r", "A1", 1)
    assert first["html"].strip() == "<p>Answer 1</p>"
    assert first["url"] == f"{live.get_absolute_url()}#m1"
    later = maya_api.get(f"{API}/live-chats/{live.pk}/messages", {"since": 1}).json()
    assert [item["seq"] for item in later["items"]] == [2, 3]
    assert later["last_seq"] == 3
    assert later["url"] == live.get_absolute_url()
    assert [i["seq"] for i in maya_api.get(f"{API}/live-chats/{live.pk}/messages", {"limit": 2}).json()["items"]] == [
        1,
        2,
    ]
    assert maya_api.get(f"{API}/live-chats/{live.pk}/messages", {"since": 3}).json()["items"] == []


def test_the_same_client_id_twice_posts_once(maya: User, live: LiveChat) -> None:
    maya_api = api_client(maya)
    body = {"body": "Hello everyone", "client_id": "a3f1c0de-0001"}

    first = _send(maya_api, "POST", f"/live-chats/{live.pk}/messages", body)
    again = _send(maya_api, "POST", f"/live-chats/{live.pk}/messages", body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert ChatMessage.objects.filter(live_chat=live).count() == 1


def test_an_answer_can_name_a_released_topic_only(tiffany: User, maya: User, live: LiveChat) -> None:
    _release(tiffany, live)
    maya_api = api_client(maya)

    named = _send(maya_api, "POST", f"/live-chats/{live.pk}/messages", {"body": "Back to T1", "topic": 1})
    unreleased = _send(maya_api, "POST", f"/live-chats/{live.pk}/messages", {"body": "Early", "topic": 2})

    assert named.json()["label"] == "A1"
    assert unreleased.status_code == 409
    assert unreleased.json() == {"detail": "T2 has not been released."}


def test_a_hidden_message_keeps_its_number_without_its_words(tiffany: User, maya: User, live: LiveChat) -> None:
    actions.do_post_message(maya, _access(maya, live), live, "Something I regret")
    actions.do_hide_message(tiffany, _access(tiffany, live), live, 1)

    items = api_client(maya).get(f"{API}/live-chats/{live.pk}/messages").json()["items"]

    assert items == [
        {**items[0], "seq": 1, "hidden": True, "text": "", "html": "", "author": None, "author_name": None}
    ]
    assert "regret" not in json.dumps(items)


@pytest.mark.parametrize("body", [{"body": ""}, {"body": "   \n\t"}, {"body": "a\x00b"}, {}, {"body": 5},
                                  {"body": "hi", "client_id": "x" * 65}, {"body": "hi", "topic": 0},
                                  {"body": "hi", "extra": True}, ["hi"]])  # fmt: skip
def test_an_empty_or_malformed_message_gets_422(maya: User, live: LiveChat, body: Any) -> None:
    response = _send(api_client(maya), "POST", f"/live-chats/{live.pk}/messages", body)

    assert response.status_code == 422
    assert "detail" in response.json()
    assert not ChatMessage.objects.exists()


@pytest.mark.parametrize("raw", ["{", '{"body": "hi"', "\x00", "nonsense"])
def test_malformed_json_gets_a_4xx_not_a_500(maya: User, live: LiveChat, raw: str) -> None:
    response = api_client(maya).post(f"{API}/live-chats/{live.pk}/messages", raw, content_type="application/json")

    assert response.status_code in {400, 422}
    assert "detail" in response.json()


def test_a_message_over_2000_characters_gets_413_with_the_limit(maya: User, live: LiveChat) -> None:
    response = _send(api_client(maya), "POST", f"/live-chats/{live.pk}/messages", {"body": "x" * 2001})

    assert response.status_code == 413
    assert "2,000 characters" in response.json()["detail"]
    assert _send(api_client(maya), "POST", f"/live-chats/{live.pk}/messages", {"body": "x" * 2000}).status_code == 201


def test_posting_to_a_session_that_is_not_live_gets_409(tiffany: User, maya: User, lupus: Community) -> None:
    upcoming_series = make_series(tiffany, lupus, tag="Soon")
    upcoming = actions.live_chat_on(upcoming_series, upcoming_series.first_date)
    ended = make_live_chat(tiffany, lupus, tag="Ended", topics=())
    actions.do_end_chat(tiffany, _access(tiffany, ended), ended)
    cancelled = make_live_chat(tiffany, lupus, tag="Cancelled", topics=())
    actions.do_cancel_session(tiffany, _access(tiffany, cancelled), cancelled, "")
    assert upcoming is not None
    maya_api = api_client(maya)

    said = {
        chat.series.tag: _send(maya_api, "POST", f"/live-chats/{chat.pk}/messages", {"body": "Hello"})
        for chat in (upcoming, ended, cancelled)
    }

    assert {tag: response.status_code for tag, response in said.items()} == {
        "Soon": 409,
        "Ended": 409,
        "Cancelled": 409,
    }
    assert said["Soon"].json() == {"detail": "This chat has not started yet."}
    assert said["Ended"].json() == {"detail": "This chat has ended. Its transcript is on the chat's page."}
    assert said["Cancelled"].json() == {"detail": "This chat was cancelled."}


def test_a_muted_member_gets_409(tiffany: User, maya: User, live: LiveChat) -> None:
    actions.do_mute_participant(tiffany, _access(tiffany, live), live, "maya_r")

    response = _send(api_client(maya), "POST", f"/live-chats/{live.pk}/messages", {"body": "Hello"})

    assert response.status_code == 409
    assert response.json() == {"detail": "A host muted you for the rest of this chat."}


def test_a_reader_who_has_not_joined_is_asked_to_join(live: LiveChat) -> None:
    sam = User.objects.create_user("sam@example.org", "sam_cares")

    response = _send(api_client(sam), "POST", f"/live-chats/{live.pk}/messages", {"body": "Hello"})

    assert response.status_code == 409
    assert response.json() == {"detail": "Join the community to take part in its chats."}


def test_flooding_gets_429_with_when_to_retry(maya: User, live: LiveChat) -> None:
    maya_api = api_client(maya)
    statuses = [
        _send(maya_api, "POST", f"/live-chats/{live.pk}/messages", {"body": f"Message {n}"}).status_code
        for n in range(10)
    ]

    refused = _send(maya_api, "POST", f"/live-chats/{live.pk}/messages", {"body": "One more"})

    assert statuses == [201] * 10
    assert refused.status_code == 429
    assert 1 <= refused.json()["retry_after"] <= 10
    assert refused["Retry-After"] == str(refused.json()["retry_after"])
    assert "nothing was lost" in refused.json()["detail"]


def test_slow_mode_gets_429_with_the_seconds_left(tiffany: User, maya: User, live: LiveChat) -> None:
    actions.do_set_slow_mode(tiffany, _access(tiffany, live), live, 60)
    maya_api = api_client(maya)

    first = _send(maya_api, "POST", f"/live-chats/{live.pk}/messages", {"body": "First"})
    second = _send(maya_api, "POST", f"/live-chats/{live.pk}/messages", {"body": "Second"})

    assert first.status_code == 201
    assert second.status_code == 429
    assert 55 <= second.json()["retry_after"] <= 60
    assert second["Retry-After"] == str(second.json()["retry_after"])
    assert api_client(maya).get(f"{API}/live-chats/{live.pk}").json()["slow_mode_seconds"] == 60


# --- Transcripts ------------------------------------------------------------------------------


def test_the_transcript_is_published_when_the_chat_ends(tiffany: User, maya: User, live: LiveChat) -> None:
    maya_access = _access(maya, live)
    actions.do_post_message(maya, maya_access, live, "Before the topics")
    _release(tiffany, live)
    actions.do_post_message(maya, maya_access, live, "My answer to T1")
    actions.do_post_message(maya, maya_access, live, "Something I regret")
    actions.do_hide_message(tiffany, _access(tiffany, live), live, 3)
    path = f"{API}/live-chats/{live.pk}/transcript"

    assert_hidden(api_client(maya).get(path))
    actions.do_end_chat(tiffany, _access(tiffany, live), live)
    response = api_client().get(path)

    assert response.status_code == 200, response.content
    transcript = response.json()
    assert transcript["url"] == f"{live.get_absolute_url()}transcript/"
    assert [m["text"] for m in transcript["outside_topics"]] == ["Before the topics"]
    assert [(t["label"], [m["text"] for m in t["messages"]]) for t in transcript["topics"]] == [
        ("T1", ["My answer to T1"])
    ]
    assert "regret" not in response.content.decode()
    assert transcript["figures"]["messages"] == 2
    assert transcript["figures"]["participants"] is None  # one person: too few to count
    assert api_client(maya).get(f"{API}/live-chats/{live.pk}").json()["transcript_url"] == transcript["url"]


def test_a_cancelled_session_has_no_transcript(tiffany: User, live: LiveChat) -> None:
    actions.do_cancel_session(tiffany, _access(tiffany, live), live, "Unwell")

    assert_hidden(api_client(tiffany).get(f"{API}/live-chats/{live.pk}/transcript"))


# --- Who may see what -------------------------------------------------------------------------


@pytest.fixture
def world(db: None, request: pytest.FixtureRequest) -> World:
    return build_world(request.param)


def _chat_world(world: World) -> dict[str, Any]:
    founder = world.people["founder"]
    chat = make_live_chat(founder, world.community, title=f"Title-{world.visibility}-marker chat")
    ended = make_live_chat(founder, world.community, tag="PastChat", topics=())
    member_access = _access(world.people["member"], ended)
    actions.do_post_message(world.people["member"], member_access, ended, f"Reply-{world.visibility}-marker")
    actions.do_end_chat(founder, _access(founder, ended), ended)
    return {"slug": world.community.slug, "series": chat.series_id, "day": chat.date.isoformat(),
            "chat": chat.pk, "ended": ended.pk}  # fmt: skip


READS = [
    "/communities/{slug}/chat-series",
    "/chat-series/{series}",
    "/chat-series/{series}/sessions",
    "/chat-series/{series}/sessions/{day}",
    "/live-chats/{chat}",
    "/live-chats/{chat}/messages",
    "/live-chats/{ended}/transcript",
    "/live-chats/{ended}/messages",
]
HOST_WRITES = [
    ("PUT", "/live-chats/{chat}/topics", {"titles": ["New topic"]}),
    ("POST", "/live-chats/{chat}/topics/release", None),
    ("PATCH", "/chat-series/{series}", {"title": "Renamed"}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_chats_are_read_only_by_the_communitys_readers(persona: str, world: World) -> None:
    ids = _chat_world(world)
    client = world.client(persona)

    for path in READS:
        response = client.get(API + path.format(**ids))
        if persona in READ[world.visibility]:
            assert response.status_code == 200, (path, response.content)
        else:
            assert_hidden(response)
            assert "marker" not in response.content.decode().lower()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_only_members_post_and_only_hosts_run_the_room(persona: str, world: World) -> None:
    ids = _chat_world(world)
    client = world.client(persona)

    posted = _send(client, "POST", "/live-chats/{chat}/messages".format(**ids), {"body": "Hello"})
    written = [_send(client, method, path.format(**ids), body) for method, path, body in HOST_WRITES]

    if persona == "outsider":
        assert posted.status_code == 401
        assert {response.status_code for response in written} == {401}
        return
    if persona in POSTERS:
        assert posted.status_code == 201
    elif persona in READ[world.visibility]:
        assert posted.status_code == 409  # asked to join
    else:
        assert_hidden(posted)
    for response in written:
        if persona in HOSTS:
            assert response.status_code == 200, response.content
        else:
            assert_hidden(response)


@pytest.mark.parametrize("world", ["closed", "private"], indirect=True)
def test_an_outsider_cannot_schedule_in_a_community_they_cannot_read(world: World) -> None:
    body = {"title": "Mine", "tag": "Mine", "time_zone": "UTC", "first_date": _next_monday().isoformat(),
            "start_time": "10:00"}  # fmt: skip

    for persona in ("non_member", "member"):
        response = _send(world.client(persona), "POST", f"/communities/{world.community.slug}/chat-series", body)
        assert_hidden(response)
