"""The notifications API: following and muting, and a member's notifications. A member follows
only what they may read, and is never told about what they can no longer read."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.actions import do_join, do_remove_member
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.communities.tests.test_api_communities import api_client, assert_hidden
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Thread
from hearth.notifications.actions import do_subscribe
from hearth.notifications.models import Level, Notification, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def lupus(tiffany: User, maya: User, ravi: User) -> Community:
    return make_community(tiffany, "Living with lupus", members=[maya], moderators=[ravi], anonymous_posting=True)


@pytest.fixture
def thread(lupus: Community, maya: User) -> Thread:
    return do_create_thread(maya, lupus, "First question", PostInput(source="Is fatigue normal?"))


@pytest.fixture
def caregivers(tiffany: User) -> Community:
    return make_community(tiffany, "Caregivers", visibility="closed")


def put(client: Client, **body: Any) -> Any:
    return client.put("/api/v1/subscriptions", body, content_type="application/json")


# --- Following and muting ---------------------------------------------------------------------


def test_maya_follows_a_thread_and_sees_it_in_her_list(thread: Thread, ravi: User) -> None:
    ravi_api = api_client(ravi)

    response = put(ravi_api, level="follow", thread=thread.pk)
    listed = ravi_api.get("/api/v1/subscriptions").json()

    assert response.status_code == 200
    assert response.json()["url"] == thread.get_absolute_url()
    assert [(s["level"], s["thread"]) for s in listed["items"]] == [("follow", thread.pk)]


def test_following_again_changes_the_level_rather_than_adding_one(thread: Thread, ravi: User) -> None:
    ravi_api = api_client(ravi)
    put(ravi_api, level="follow", thread=thread.pk)

    response = put(ravi_api, level="mute", thread=thread.pk)

    assert response.json()["level"] == "mute"
    assert Subscription.objects.filter(user=ravi).count() == 1


def test_a_tag_is_followed_without_its_hash_and_in_lower_case(maya: User) -> None:
    response = put(api_client(maya), level="follow", tag="#LupusChat")

    assert response.json()["tag"] == "lupuschat"
    assert response.json()["url"] == "/tags/lupuschat/"


def test_a_community_can_be_muted(lupus: Community, maya: User) -> None:
    response = put(api_client(maya), level="mute", community="living-with-lupus")

    assert response.json()["community"] == "living-with-lupus"
    assert response.json()["url"] == "/c/living-with-lupus/"


def test_a_closed_community_or_its_thread_cannot_be_followed_by_an_outsider(
    caregivers: Community, tiffany: User, maya: User
) -> None:
    closed_thread = do_create_thread(tiffany, caregivers, "Respite care", PostInput(source="Who helps you?"))
    maya_api = api_client(maya)

    assert_hidden(put(maya_api, level="follow", community="caregivers"))
    assert_hidden(put(maya_api, level="follow", thread=closed_thread.pk))
    assert not Subscription.objects.filter(user=maya).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"level": "follow"},
        {"level": "follow", "community": "living-with-lupus", "tag": "lupus"},
        {"community": "living-with-lupus"},
        {"level": "loud", "tag": "lupus"},
        {"level": "follow", "tag": ""},
        {"level": "follow", "thread": 0},
    ],
)
def test_a_subscription_names_one_valid_target_or_gets_422(lupus: Community, maya: User, body: dict[str, Any]) -> None:
    response = put(api_client(maya), **body)

    assert response.status_code == 422
    assert "detail" in response.json()


@pytest.mark.parametrize("tag", ["#", "42", "#a", "not a tag"])
def test_what_cannot_be_a_tag_gets_404(maya: User, tag: str) -> None:
    assert_hidden(put(api_client(maya), level="follow", tag=tag))


def test_a_tag_in_any_script_can_be_followed(maya: User) -> None:
    assert put(api_client(maya), level="follow", tag="#Café").json()["tag"] == "café"


def test_maya_stops_following(thread: Thread, maya: User) -> None:
    maya_api = api_client(maya)  # she follows the thread she started

    response = maya_api.delete("/api/v1/subscriptions", {"thread": thread.pk}, content_type="application/json")

    assert response.status_code == 204
    assert not Subscription.objects.filter(user=maya).exists()


def test_stopping_only_removes_what_was_named(thread: Thread, lupus: Community, maya: User) -> None:
    do_subscribe(maya, Level.MUTE, community=lupus)

    api_client(maya).delete("/api/v1/subscriptions", {"tag": "lupuschat"}, content_type="application/json")

    assert Subscription.objects.filter(user=maya).count() == 2


def test_stopping_says_nothing_about_communities_one_may_not_see(tiffany: User, maya: User) -> None:
    make_community(tiffany, "Invitation only", visibility="private")

    hidden = api_client(maya).delete(
        "/api/v1/subscriptions", {"community": "invitation-only"}, content_type="application/json"
    )
    unknown = api_client(maya).delete(
        "/api/v1/subscriptions", {"community": "no-such-place"}, content_type="application/json"
    )

    assert hidden.status_code == unknown.status_code == 204


@pytest.mark.parametrize("body", [{}, {"thread": 1, "tag": "lupus"}, {"level": "mute", "tag": "lupus"}])
def test_stopping_names_one_target(maya: User, body: dict[str, Any]) -> None:
    response = api_client(maya).delete("/api/v1/subscriptions", body, content_type="application/json")

    assert response.status_code == 422


def test_a_community_one_was_removed_from_drops_out_of_the_list(tiffany: User, maya: User) -> None:
    private = make_community(tiffany, "Invitation only", visibility="private", members=[maya])
    do_subscribe(maya, Level.FOLLOW, community=private)
    do_remove_member(tiffany, private, maya)

    assert api_client(maya).get("/api/v1/subscriptions").json() == {"count": 0, "items": []}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/subscriptions"),
        ("put", "/api/v1/subscriptions"),
        ("delete", "/api/v1/subscriptions"),
        ("get", "/api/v1/notifications"),
        ("post", "/api/v1/notifications/read"),
    ],
)
def test_an_outsider_gets_401(client: Client, method: str, path: str) -> None:
    response = getattr(client, method)(path, {"level": "follow", "tag": "lupus"}, content_type="application/json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


# --- Notifications ----------------------------------------------------------------------------


def test_maya_is_told_of_a_reply_with_who_and_where(thread: Thread, maya: User, ravi: User) -> None:
    reply = do_reply(ravi, thread, PostInput(source="Yes, very."))

    body = api_client(maya).get("/api/v1/notifications").json()

    assert body["unread"] == 1
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["kind"] == "reply"
    assert item["actor"] == "ravi"
    assert item["community"] == "living-with-lupus"
    assert (item["thread"], item["post"]) == (thread.pk, reply.pk)
    assert item["url"] == reply.get_absolute_url()
    assert item["read"] is False


def test_an_anonymous_reply_does_not_name_its_author(thread: Thread, maya: User, ravi: User) -> None:
    do_reply(ravi, thread, PostInput(source="Quietly: yes.", anonymous=True))

    item = api_client(maya).get("/api/v1/notifications").json()["items"][0]

    assert item["actor"] is None
    assert "ravi" not in str(item)


def test_a_join_approval_points_to_the_community(tiffany: User, maya: User, caregivers: Community) -> None:
    from hearth.communities.actions import do_decide_request, do_request_to_join

    do_decide_request(tiffany, do_request_to_join(maya, caregivers, []), approve=True)

    item = api_client(maya).get("/api/v1/notifications").json()["items"][0]

    assert (item["kind"], item["actor"], item["url"]) == ("join_approved", None, "/c/caregivers/")


def test_maya_marks_some_or_all_read(thread: Thread, maya: User, ravi: User, tiffany: User) -> None:
    do_reply(ravi, thread, PostInput(source="One"))
    do_reply(tiffany, thread, PostInput(source="Two"))
    first = Notification.objects.filter(recipient=maya).order_by("pk").first()
    assert first is not None
    maya_api = api_client(maya)

    some = maya_api.post("/api/v1/notifications/read", {"ids": [first.pk]}, content_type="application/json")
    unread_only = maya_api.get("/api/v1/notifications", {"unread": "true"}).json()
    everything = maya_api.post("/api/v1/notifications/read", {}, content_type="application/json")

    assert some.json() == {"marked": 1, "unread": 1}
    assert unread_only["count"] == 1
    assert unread_only["items"][0]["id"] != first.pk
    assert everything.json() == {"marked": 1, "unread": 0}


def test_marking_read_cannot_touch_someone_elses(thread: Thread, maya: User, ravi: User) -> None:
    do_reply(ravi, thread, PostInput(source="One"))
    mayas = Notification.objects.get(recipient=maya)

    response = api_client(ravi).post("/api/v1/notifications/read", {"ids": [mayas.pk]}, content_type="application/json")

    assert response.json()["marked"] == 0
    mayas.refresh_from_db()
    assert mayas.read_at is None


def test_notifications_about_a_closed_community_vanish_after_removal(tiffany: User, maya: User) -> None:
    group = make_community(tiffany, "Caregivers", visibility="closed", members=[maya])
    closed_thread = do_create_thread(maya, group, "Respite", PostInput(source="Anyone?"))
    do_reply(tiffany, closed_thread, PostInput(source="Yes"))
    do_remove_member(tiffany, group, maya)

    body = api_client(maya).get("/api/v1/notifications").json()

    assert body == {"count": 0, "unread": 0, "items": []}


def test_the_list_pages(thread: Thread, maya: User) -> None:
    for n in range(3):
        helper = UserFactory.create(handle=f"helper{n}")
        do_join(helper, thread.community)
        do_reply(helper, thread, PostInput(source=f"Hi {n}"))

    page = api_client(maya).get("/api/v1/notifications", {"limit": 2}).json()

    assert page["count"] == 3
    assert [item["actor"] for item in page["items"]] == ["helper2", "helper1"]


def test_listing_notifications_takes_the_same_number_of_queries_however_many(thread: Thread, maya: User) -> None:
    maya_api = api_client(maya)
    maya_api.get("/api/v1/me")  # the token's first use is recorded once
    helpers = [UserFactory.create(handle=f"helper{n}") for n in range(5)]
    for helper in helpers:
        do_join(helper, thread.community)
    do_reply(helpers[0], thread, PostInput(source="First"))
    with CaptureQueriesContext(connection) as few:
        maya_api.get("/api/v1/notifications")
    for helper in helpers[1:]:
        do_reply(helper, thread, PostInput(source="More", anonymous=True))

    with CaptureQueriesContext(connection) as many:
        response = maya_api.get("/api/v1/notifications")

    assert response.json()["count"] == 5
    assert len(many) == len(few)


@pytest.mark.django_db
@pytest.mark.parametrize("ids", [[True], ["12"], [0]], ids=["true", "a string", "zero"])
def test_ids_to_mark_read_are_numbers_as_the_document_says(maya_client: Client, ids: list[object]) -> None:
    response = maya_client.post("/api/v1/notifications/read", {"ids": ids}, content_type="application/json")

    assert response.status_code == 422


@pytest.mark.django_db
def test_ids_written_as_whole_floats_are_numbers_too(maya_client: Client) -> None:
    response = maya_client.post("/api/v1/notifications/read", {"ids": [12.0]}, content_type="application/json")

    assert response.status_code == 200
