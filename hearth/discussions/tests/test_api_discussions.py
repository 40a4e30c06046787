"""The discussions API: threads, posts and reactions, for every persona and kind of community.
Whoever may not read gets 404; bad input gets 422, repeats 409 and haste 429, and nothing is lost."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
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
from hearth.discussions.actions import PostInput, do_create_thread, do_delete_post, do_react, do_reply
from hearth.discussions.models import Post, PostRevision, Reaction, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None, request: pytest.FixtureRequest) -> World:
    return build_world(request.param)


# --- The persona matrix -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_a_communitys_threads_are_listed_only_for_its_readers(persona: str, world: World) -> None:
    response = world.client(persona).get(f"/api/v1/communities/{world.community.slug}/threads")

    if persona in READ[world.visibility]:
        assert response.status_code == 200
        assert [item["title"] for item in response.json()["items"]] == [f"Title-{world.visibility}-marker"]
    else:
        assert_hidden(response)
        assert "marker" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_a_thread_is_shown_only_to_its_readers(persona: str, world: World) -> None:
    response = world.client(persona).get(f"/api/v1/threads/{world.thread.pk}")

    if persona in READ[world.visibility]:
        assert response.status_code == 200
        assert f"Reply-{world.visibility}-marker" in response.content.decode()
    else:
        assert_hidden(response)
        assert "marker" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("world", ["public"], indirect=True)
def test_a_members_only_post_is_shown_only_to_members(persona: str, world: World) -> None:
    body = world.client(persona).get(f"/api/v1/threads/{world.thread.pk}").content.decode()

    assert ("MembersOnly-marker" in body) == (persona in {"member", "moderator", "founder", "site_admin"})


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/communities/{slug}/threads"),
        ("post", "/api/v1/threads/{thread}/posts"),
        ("patch", "/api/v1/posts/{post}"),
        ("delete", "/api/v1/posts/{post}"),
        ("put", "/api/v1/posts/{post}/reactions/hug"),
    ],
)
@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_writes_need_a_member_and_are_hidden_from_non_readers(method: str, path: str, world: World) -> None:
    url = path.format(slug=world.community.slug, thread=world.thread.pk, post=world.reply.pk)
    body = {"title": "Hello", "body": "Hi"} if path.endswith("/threads") else {"body": "Hi"}

    anonymous = getattr(world.client("outsider"), method)(url, body, content_type="application/json")
    non_member = getattr(world.client("non_member"), method)(url, body, content_type="application/json")

    assert anonymous.status_code == 401
    if world.visibility == "public":
        assert non_member.status_code == 403
    else:
        assert_hidden(non_member)
    assert Post.objects.count() == (3 if world.visibility == "public" else 2)


# --- Reading a thread -------------------------------------------------------------------------


@pytest.fixture
def lupus(tiffany: User, maya: User, ravi: User) -> Community:
    return make_community(tiffany, "Living with lupus", members=[maya], moderators=[ravi], anonymous_posting=True)


@pytest.fixture
def thread(lupus: Community, tiffany: User) -> Thread:
    return do_create_thread(
        tiffany, lupus, "Fatigue", PostInput(source="How do you cope?", content_warning="tiredness")
    )


def test_a_thread_carries_its_posts_urls_and_content_warning(thread: Thread, maya: User) -> None:
    reply = do_reply(maya, thread, PostInput(source="Naps, *lots* of naps."))

    body = api_client().get(f"/api/v1/threads/{thread.pk}").json()

    assert body["url"] == f"/c/living-with-lupus/t/{thread.pk}/"
    assert body["content_warning"] == "tiredness"
    assert body["author"] == "tiffany"
    assert body["posts"]["count"] == 2
    first, second = body["posts"]["items"]
    assert first["is_first"] is True
    assert second["id"] == reply.pk
    assert second["author"] == "maya_r"
    assert second["url"] == f"/posts/{reply.pk}/"
    assert second["html"].strip() == "<p>Naps, <em>lots</em> of naps.</p>"
    assert second["source"] == "Naps, *lots* of naps."


def test_a_deleted_post_keeps_its_place_without_its_words_or_author(thread: Thread, maya: User) -> None:
    reply = do_reply(maya, thread, PostInput(source="Something I regret"))
    do_delete_post(maya, reply)

    body = api_client().get(f"/api/v1/threads/{thread.pk}").json()

    assert body["posts"]["items"][1] == {
        "id": reply.pk,
        "deleted": True,
        "url": f"/posts/{reply.pk}/",
    }
    assert "regret" not in str(body)


def test_an_anonymous_post_names_nobody(thread: Thread, maya: User) -> None:
    do_reply(maya, thread, PostInput(source="I hide this from my employer", anonymous=True))

    post = api_client().get(f"/api/v1/threads/{thread.pk}").json()["posts"]["items"][1]

    assert post["author"] is None
    assert post["anonymous"] is True
    assert post["yours"] is False
    assert "maya" not in str(post)


def test_the_author_of_an_anonymous_post_is_told_it_is_theirs(thread: Thread, maya: User) -> None:
    do_reply(maya, thread, PostInput(source="Mine, quietly", anonymous=True))

    post = api_client(maya).get(f"/api/v1/threads/{thread.pk}").json()["posts"]["items"][1]

    assert (post["author"], post["yours"]) == (None, True)


def test_a_deleted_thread_is_gone(thread: Thread, tiffany: User) -> None:
    do_delete_post(tiffany, thread.posts.get(is_first=True))

    assert_hidden(api_client(tiffany).get(f"/api/v1/threads/{thread.pk}"))


def test_a_thread_pages_its_posts(thread: Thread, maya: User) -> None:
    for n in range(3):
        do_reply(maya, thread, PostInput(source=f"Reply {n}"))

    body = api_client().get(f"/api/v1/threads/{thread.pk}", {"limit": 2, "offset": 2}).json()

    assert body["posts"]["count"] == 4
    assert [post["source"] for post in body["posts"]["items"]] == ["Reply 1", "Reply 2"]


@pytest.mark.parametrize("thread_id", ["0", "-1", "abc", str(2**64)])
def test_a_malformed_thread_id_gets_422(thread_id: str) -> None:
    assert api_client().get(f"/api/v1/threads/{thread_id}").status_code == 422


def test_an_unknown_thread_gets_404() -> None:
    assert_hidden(api_client().get("/api/v1/threads/999999"))


def test_reading_a_thread_takes_the_same_number_of_queries_however_long(thread: Thread, maya: User) -> None:
    maya_api = api_client(maya)
    maya_api.get("/api/v1/me")  # the token's first use is recorded once
    do_react(maya, thread.posts.get(), "hug")
    with CaptureQueriesContext(connection) as few:
        maya_api.get(f"/api/v1/threads/{thread.pk}")
    for n in range(6):
        reply = do_reply(maya, thread, PostInput(source=f"Reply {n}", anonymous=n % 2 == 0))
        do_react(maya, reply, "me_too")
    do_delete_post(maya, reply)

    with CaptureQueriesContext(connection) as many:
        response = maya_api.get(f"/api/v1/threads/{thread.pk}")

    assert response.json()["posts"]["count"] == 7
    assert len(many) == len(few)


def test_listing_threads_takes_the_same_number_of_queries_however_many(lupus: Community, maya: User) -> None:
    maya_api = api_client(maya)
    maya_api.get("/api/v1/me")
    do_create_thread(maya, lupus, "First", PostInput(source="One"))
    with CaptureQueriesContext(connection) as few:
        maya_api.get("/api/v1/communities/living-with-lupus/threads")
    for n in range(5):
        do_create_thread(maya, lupus, f"Thread {n}", PostInput(source="More", content_warning="cw"))

    with CaptureQueriesContext(connection) as many:
        response = maya_api.get("/api/v1/communities/living-with-lupus/threads")

    assert response.json()["count"] == 6
    assert response.json()["items"][0]["content_warning"] == "cw"
    assert len(many) == len(few)


def test_unanswered_threads_can_be_listed_alone(lupus: Community, tiffany: User, maya: User) -> None:
    answered = do_create_thread(tiffany, lupus, "Answered", PostInput(source="?"))
    do_reply(maya, answered, PostInput(source="!"))
    do_create_thread(tiffany, lupus, "Waiting", PostInput(source="?"))

    body = api_client().get("/api/v1/communities/living-with-lupus/threads", {"unanswered": "true"}).json()

    assert [item["title"] for item in body["items"]] == ["Waiting"]


# --- Starting threads and replying ------------------------------------------------------------


def start(client: Client, slug: str = "living-with-lupus", headers: dict[str, str] | None = None, **data: Any) -> Any:
    payload = {"title": "First question", "body": "Is fatigue normal?"} | data
    return client.post(
        f"/api/v1/communities/{slug}/threads", payload, content_type="application/json", headers=headers or {}
    )


def test_maya_starts_a_thread_with_a_content_warning(lupus: Community, maya: User) -> None:
    response = start(api_client(maya), content_warning="diagnosis details")

    assert response.status_code == 201
    body = response.json()
    thread = Thread.objects.get()
    assert body["url"] == thread.get_absolute_url()
    assert body["content_warning"] == "diagnosis details"
    assert body["your_subscription"] == "follow"
    assert body["posts"]["items"][0]["yours"] is True


def test_a_script_in_a_post_comes_back_escaped(lupus: Community, maya: User) -> None:
    response = start(api_client(maya), body='<script>alert("x")</script> <img src=x onerror=alert(1)>')

    html = response.json()["posts"]["items"][0]["html"]
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"body": "x" * 20_001}, "body", "String should have at most 20000 characters"),
        ({"title": "t" * 201}, "title", "String should have at most 200 characters"),
        ({"body": " \n "}, "body", "Write something besides spaces."),
        ({"title": " "}, "title", "Write something besides spaces."),
        ({"content_warning": "w" * 201}, "content_warning", "String should have at most 200 characters"),
    ],
)
def test_bad_text_gets_422_saying_what_is_wrong_where(
    lupus: Community, maya: User, data: dict[str, Any], field: str, message: str
) -> None:
    response = start(api_client(maya), **data)

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert (error["loc"][-1], error["msg"]) == (field, message)
    assert not Thread.objects.exists()


@pytest.mark.parametrize("body", ["", "{}", "[]", '{"title": "x", "body": "y", "extra": 1}', "{not json"])
def test_a_malformed_body_gets_a_4xx(lupus: Community, maya: User, body: str) -> None:
    response = api_client(maya).generic(
        "POST", "/api/v1/communities/living-with-lupus/threads", body, content_type="application/json"
    )

    assert response.status_code in {400, 422}
    assert "detail" in response.json()
    assert not Thread.objects.exists()


def test_a_too_long_refusal_from_an_action_is_answered_422_like_any_other() -> None:
    # Ninja finds a handler by the exception's class hierarchy, so TooLong (a ValidationError)
    # needs none of its own. The API's input limits usually refuse such text before any action.
    from django.test import RequestFactory

    from hearth.api.api import api
    from hearth.discussions.actions import TooLong

    response = api.on_exception(RequestFactory().post("/api/v1/"), TooLong("A title has at most 200 characters."))

    assert response.status_code == 422
    assert json.loads(response.content) == {"detail": ["A title has at most 200 characters."]}


def test_anonymous_posting_where_the_community_does_not_allow_it_gets_409(tiffany: User, maya: User) -> None:
    make_community(tiffany, "Named only", members=[maya])

    response = start(api_client(maya), "named-only", anonymous=True)

    assert response.status_code == 409
    assert response.json() == {"detail": "This community does not allow anonymous posts."}


def test_the_same_idempotency_key_twice_makes_one_thread_and_gets_409(lupus: Community, maya: User) -> None:
    maya_api = api_client(maya)

    first = start(maya_api, headers={"Idempotency-Key": "c0ffee-1"})
    second = start(maya_api, headers={"Idempotency-Key": "c0ffee-1"})
    other = start(maya_api, headers={"Idempotency-Key": "c0ffee-2"})

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json() == {"detail": "This was already submitted."}
    assert other.status_code == 201
    assert Thread.objects.count() == 2


def test_posting_too_quickly_gets_429_with_retry_after(thread: Thread, maya: User) -> None:
    maya_api = api_client(maya)
    responses = [
        maya_api.post(f"/api/v1/threads/{thread.pk}/posts", {"body": f"Reply {n}"}, content_type="application/json")
        for n in range(9)
    ]

    assert [r.status_code for r in responses] == [201] * 8 + [429]
    assert 1 <= int(responses[-1]["Retry-After"]) <= 60
    assert "Please wait" in responses[-1].json()["detail"]
    assert thread.posts.count() == 9


def test_maya_replies_and_the_thread_counts_it(thread: Thread, maya: User) -> None:
    response = api_client(maya).post(
        f"/api/v1/threads/{thread.pk}/posts", {"body": "Me too."}, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["author"] == "maya_r"
    assert response.json()["url"] == f"/posts/{response.json()['id']}/"
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_a_non_member_is_told_to_join_before_replying(thread: Thread) -> None:
    sam = UserFactory.create(handle="sam_cares")

    response = api_client(sam).post(
        f"/api/v1/threads/{thread.pk}/posts", {"body": "Hello"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Join the community to post in it."}


# --- Editing and deleting ---------------------------------------------------------------------


@pytest.fixture
def mayas_reply(thread: Thread, maya: User) -> Post:
    return do_reply(maya, thread, PostInput(source="First draft", content_warning="meds"))


def test_maya_edits_her_post_and_the_old_text_is_kept_for_moderators(mayas_reply: Post, maya: User) -> None:
    response = api_client(maya).patch(
        f"/api/v1/posts/{mayas_reply.pk}", {"body": "Second **draft**"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["html"].strip() == "<p>Second <strong>draft</strong></p>"
    assert response.json()["content_warning"] == "meds"
    assert response.json()["edited_at"] is not None
    assert PostRevision.objects.get(post=mayas_reply).source == "First draft"


def test_someone_else_cannot_edit_it(mayas_reply: Post, ravi: User) -> None:
    response = api_client(ravi).patch(
        f"/api/v1/posts/{mayas_reply.pk}", {"body": "Changed"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "You can only edit your own posts."}
    mayas_reply.refresh_from_db()
    assert mayas_reply.source == "First draft"


def test_an_edit_over_the_limit_gets_422(mayas_reply: Post, maya: User) -> None:
    response = api_client(maya).patch(
        f"/api/v1/posts/{mayas_reply.pk}", {"body": "x" * 20_001}, content_type="application/json"
    )

    assert response.status_code == 422


def test_maya_deletes_her_post(mayas_reply: Post, maya: User) -> None:
    maya_api = api_client(maya)

    response = maya_api.delete(f"/api/v1/posts/{mayas_reply.pk}")
    again = maya_api.delete(f"/api/v1/posts/{mayas_reply.pk}")

    assert response.status_code == 204
    assert_hidden(again)
    mayas_reply.refresh_from_db()
    assert mayas_reply.is_deleted


def test_another_member_cannot_delete_it_but_a_moderator_can(mayas_reply: Post, lupus: Community, ravi: User) -> None:
    sam = UserFactory.create(handle="sam_cares")
    api_client(sam).post("/api/v1/communities/living-with-lupus/join", content_type="application/json")

    refused = api_client(sam).delete(f"/api/v1/posts/{mayas_reply.pk}")
    removed = api_client(ravi).delete(f"/api/v1/posts/{mayas_reply.pk}")

    assert refused.status_code == 403
    assert refused.json() == {"detail": "You can only delete your own posts."}
    assert removed.status_code == 204


# --- Reactions --------------------------------------------------------------------------------


def test_reactions_are_counted_and_the_viewers_own_are_marked(mayas_reply: Post, tiffany: User, ravi: User) -> None:
    do_react(ravi, mayas_reply, "hug")

    first = api_client(tiffany).put(f"/api/v1/posts/{mayas_reply.pk}/reactions/hug")
    twice = api_client(tiffany).put(f"/api/v1/posts/{mayas_reply.pk}/reactions/hug")
    me_too = api_client(tiffany).put(f"/api/v1/posts/{mayas_reply.pk}/reactions/me_too")

    assert first.status_code == 200
    assert first.json()["reactions"] == {"hug": 2}
    assert twice.json()["reactions"] == {"hug": 2}
    assert me_too.json()["reactions"] == {"hug": 2, "me_too": 1}
    assert me_too.json()["your_reactions"] == ["hug", "me_too"]


@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_taking_back_a_reaction_needs_a_member_and_is_hidden_from_non_readers(world: World) -> None:
    url = f"/api/v1/posts/{world.reply.pk}/reactions/hug"

    assert world.client("outsider").delete(url).status_code == 401
    # Someone who left may still take back what they gave; for anyone else it changes nothing.
    assert world.client("non_member").delete(url).status_code == (200 if world.visibility == "public" else 404)


def test_a_reaction_can_be_taken_back(mayas_reply: Post, tiffany: User) -> None:
    do_react(tiffany, mayas_reply, "hug")

    response = api_client(tiffany).delete(f"/api/v1/posts/{mayas_reply.pk}/reactions/hug")

    assert response.status_code == 200
    assert response.json()["reactions"] == {}
    assert not Reaction.objects.exists()


def test_a_member_who_hides_counts_sees_reactions_without_numbers(mayas_reply: Post, tiffany: User, maya: User) -> None:
    do_react(tiffany, mayas_reply, "hug")
    User.objects.filter(pk=maya.pk).update(hide_reaction_counts=True)

    post = api_client(maya).get(f"/api/v1/threads/{mayas_reply.thread_id}").json()["posts"]["items"][1]

    assert post["reactions"] == {"hug": None}


def test_an_unknown_reaction_gets_422(mayas_reply: Post, tiffany: User) -> None:
    assert api_client(tiffany).put(f"/api/v1/posts/{mayas_reply.pk}/reactions/angry").status_code == 422


def test_reacting_quickly_gets_429(mayas_reply: Post, tiffany: User) -> None:
    tiffany_api = api_client(tiffany)
    statuses = [tiffany_api.put(f"/api/v1/posts/{mayas_reply.pk}/reactions/hug").status_code for _ in range(61)]

    assert statuses[-1] == 429
    assert statuses[:-1] == [200] * 60
