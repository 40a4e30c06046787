"""Priya turns on held first posts in Type 1 together. Lena, who has just joined, starts her first
thread: it waits for a moderator, listed and readable for Lena alone (Maya finds it nowhere: not
on the community's page, her feed, search or the API), until Ravi approves it; then everyone
reads it and Lena is told. Members who have posted before, and moderators, are not held.
Dismissing a held post approves it too; hiding it keeps it from others, and tells Lena why."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.models import Community, Membership
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Post, Thread
from hearth.moderation.actions import DecisionInput, do_decide, do_report_post
from hearth.moderation.models import Decision, Measure, MeasureKind, QueueItem, TargetType
from hearth.moderation.safeguards import HELD_FIRST_POST, WAITING
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1"
_TOKENS = itertools.count()


def api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, f'tests {next(_TOKENS)}').secret}"})


@pytest.fixture
def lena(diabetes: Diabetes) -> User:
    """Lives with type 1 since childhood; joined Type 1 together today."""
    lena = UserFactory.create(handle="lena_t1")
    Membership.objects.create(community=diabetes.community, user=lena)
    return lena


@pytest.fixture
def holding(diabetes: Diabetes) -> Community:
    Community.objects.filter(pk=diabetes.community.pk).update(hold_first_posts=True)
    diabetes.community.refresh_from_db()
    return diabetes.community


def _item_of(post: Post) -> QueueItem:
    return QueueItem.objects.get(target_type=TargetType.POST, target_id=post.pk, handled_at=None)


def _first(thread: Thread) -> Post:
    return Post.objects.get(thread=thread, is_first=True)


# --- The setting ------------------------------------------------------------------------------


def test_priya_turns_on_held_first_posts_in_the_settings(diabetes: Diabetes) -> None:
    community = diabetes.community
    client = client_of(diabetes.founder)
    url = reverse("community_settings", args=[community.slug])
    form = client.get(url).content.decode()
    data = {"name": community.name, "description": community.description, "rules": "", "entry_questions": ""}

    client.post(url, {**data, "hold_first_posts": "on", "wellbeing_checks": "on"})
    community.refresh_from_db()
    turned_on = (community.hold_first_posts, community.wellbeing_checks)
    client.post(url, data)
    community.refresh_from_db()

    assert "Hold new members&#x27; first posts" in form or "Hold new members' first posts" in form
    assert "waits for a moderator" in form
    assert "Well-being checks" in form
    assert turned_on == (True, True)
    assert (community.hold_first_posts, community.wellbeing_checks) == (False, False)


def test_starting_a_community_leaves_them_to_the_settings(maya: User) -> None:
    page = client_of(maya).get(reverse("community_create")).content.decode()

    assert "hold_first_posts" not in page
    assert "wellbeing_checks" not in page


# --- A new member's first thread ----------------------------------------------------------------


def test_lenas_first_thread_waits_for_ravi(
    holding: Community, lena: User, maya: User, ravi: User, django_capture_on_commit_callbacks: object
) -> None:
    as_lena = client_of(lena)
    created = as_lena.post(
        reverse("thread_create", args=[holding.slug]),
        {"title": "Zucchini and my sugars", "body": "Anyone else see a dip after zucchini?"},
        follow=True,
    )
    thread = Thread.objects.get(title="Zucchini and my sugars")
    as_maya, maya_api = client_of(maya), api(maya)

    assert thread.is_held
    assert WAITING in created.content.decode()
    assert "Waiting for a moderator" in created.content.decode()
    assert "Zucchini and my sugars" in as_lena.get(holding.get_absolute_url()).content.decode()
    item = _item_of(_first(thread))
    assert item.note == HELD_FIRST_POST
    # Maya finds it nowhere.
    assert "Zucchini" not in as_maya.get(holding.get_absolute_url()).content.decode()
    assert as_maya.get(thread.get_absolute_url()).status_code == 404
    assert "Zucchini" not in as_maya.get(reverse("home_feed")).content.decode()
    assert "Zucchini" not in as_maya.get(reverse("search"), {"q": "zucchini"}).content.decode()
    assert maya_api.get(f"{PREFIX}/threads/{thread.pk}").status_code == 404
    listed = maya_api.get(f"{PREFIX}/communities/{holding.slug}/threads").json()
    assert "Zucchini" not in str(listed)
    assert "Zucchini" not in str(maya_api.get(f"{PREFIX}/search", {"q": "zucchini"}).json())
    # Ravi finds it in his queue, and approves it.
    queue = client_of(ravi).get(reverse("moderation_queue", args=[holding.slug])).content.decode()
    assert "Anyone else see a dip after zucchini?" in queue
    assert HELD_FIRST_POST.replace("'", "&#x27;") in queue

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        done = api(ravi).post(
            f"{PREFIX}/moderation/items/{item.pk}/actions",
            {"action": "approve", "reason": "Welcome, Lena."},
            content_type="application/json",
        )

    assert done.status_code == 200, done.content
    assert done.json()["decision"] == "approve"
    assert Thread.objects.filter(pk=thread.pk, is_held=False).exists()
    assert "Zucchini and my sugars" in as_maya.get(holding.get_absolute_url()).content.decode()
    assert "dip after zucchini" in as_maya.get(thread.get_absolute_url()).content.decode()
    assert "Zucchini" in as_maya.get(reverse("home_feed")).content.decode()
    assert "zucchini" in str(maya_api.get(f"{PREFIX}/search", {"q": "zucchini"}).json()).lower()
    told = Notification.objects.get(recipient=lena, kind=Kind.POST_APPROVED)
    assert told.thread == thread
    notices = as_lena.get(reverse("notifications")).content.decode()
    assert "approved your post in" in notices
    assert "Zucchini and my sugars" in notices


def test_the_api_says_a_post_is_held(holding: Community, lena: User) -> None:
    created = api(lena).post(
        f"{PREFIX}/communities/{holding.slug}/threads",
        {"title": "Hello", "body": "First time here."},
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    assert created.json()["posts"]["items"][0]["held"] is True


def test_a_reply_as_a_first_post_is_held_too(holding: Community, diabetes: Diabetes, lena: User, maya: User) -> None:
    page = client_of(lena).post(
        reverse("thread_reply", args=[holding.slug, diabetes.post.thread.pk]),
        {"body": "Hi all, new here."},
        follow=True,
    )
    reply = Post.objects.get(source="Hi all, new here.")
    as_maya = client_of(maya).get(diabetes.post.thread.get_absolute_url()).content.decode()
    by_api = api(lena).get(f"{PREFIX}/threads/{diabetes.post.thread.pk}").json()

    assert WAITING in page.content.decode()
    assert _item_of(reply).note == HELD_FIRST_POST
    assert "new here" not in as_maya
    assert [p["held"] for p in by_api["posts"]["items"] if p["id"] == reply.pk] == [True]
    assert api(maya).get(f"{PREFIX}/threads/{diabetes.post.thread.pk}").json()["posts"]["items"][-1] == {
        "id": reply.pk,
        "deleted": True,
        "url": reply.get_absolute_url(),
    }


def test_a_second_post_waits_while_the_first_does(holding: Community, diabetes: Diabetes, lena: User) -> None:
    first = do_reply(lena, diabetes.post.thread, PostInput(source="Hello."))
    second = do_reply(lena, diabetes.post.thread, PostInput(source="Anyone?"))

    assert Measure.objects.filter(kind=MeasureKind.HOLD, target_id__in=[first.pk, second.pk]).count() == 2


def test_once_approved_the_next_post_goes_straight_through(
    holding: Community, diabetes: Diabetes, lena: User, ravi: User
) -> None:
    first = do_reply(lena, diabetes.post.thread, PostInput(source="Hello."))
    do_decide(ravi, _item_of(first), DecisionInput(Decision.APPROVE, "Welcome."))

    second = do_reply(lena, diabetes.post.thread, PostInput(source="Thanks for having me."))

    assert not QueueItem.objects.filter(target_id=second.pk).exists()


def test_members_who_posted_before_and_moderators_are_not_held(
    holding: Community, diabetes: Diabetes, ravi: User, maya: User
) -> None:
    omars = do_reply(diabetes.omar, diabetes.post.thread, PostInput(source="Me again."))  # he posted before
    ravis = do_create_thread(ravi, holding, "Welcome thread", PostInput(source="Say hello."))

    assert not QueueItem.objects.filter(target_id__in=[omars.pk, _first(ravis).pk]).exists()
    assert not ravis.is_held


def test_nothing_is_held_where_the_setting_is_off(diabetes: Diabetes, lena: User) -> None:
    thread = do_create_thread(lena, diabetes.community, "Hello", PostInput(source="New here."))

    assert not thread.is_held
    assert not QueueItem.objects.exists()


# --- Deciding a held post -----------------------------------------------------------------------


def test_dismissing_a_held_post_approves_it(
    holding: Community, lena: User, ravi: User, maya: User, django_capture_on_commit_callbacks: object
) -> None:
    thread = do_create_thread(lena, holding, "Hello", PostInput(source="New here."))
    item = _item_of(_first(thread))
    form = client_of(ravi).get(reverse("moderation_act", args=[item.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client_of(ravi).post(reverse("moderation_act", args=[item.pk]), {"decision": "dismiss", "reason": "Fine."})

    assert "Dismiss: this approves the post too" in form
    item.refresh_from_db()
    thread.refresh_from_db()
    assert (item.decision, thread.is_held) == (Decision.APPROVE, False)
    assert client_of(maya).get(thread.get_absolute_url()).status_code == 200
    assert Notification.objects.filter(recipient=lena, kind=Kind.POST_APPROVED).exists()


def test_hiding_a_held_post_keeps_it_from_others_and_tells_lena_why(
    holding: Community,
    diabetes: Diabetes,
    lena: User,
    ravi: User,
    maya: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    reply = do_reply(lena, diabetes.post.thread, PostInput(source="Buy my pills at example dot com."))

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        do_decide(ravi, _item_of(reply), DecisionInput(Decision.HIDE, "Advertising is not allowed here."))

    as_maya = client_of(maya).get(diabetes.post.thread.get_absolute_url()).content.decode()
    as_lena = client_of(lena).get(diabetes.post.thread.get_absolute_url()).content.decode()
    assert "Buy my pills" not in as_maya
    assert "Hidden by moderators: Advertising is not allowed here." in as_lena
    assert not Measure.objects.filter(kind=MeasureKind.HOLD, target_id=reply.pk, lifted_at=None).exists()
    told = Notification.objects.get(recipient=lena)
    assert told.kind == Kind.POST_HIDDEN
    # The post stays held against her next one: it was never let through.
    assert Measure.objects.filter(
        kind=MeasureKind.HOLD, target_id=do_reply(lena, diabetes.post.thread, PostInput(source="Sorry.")).pk
    ).exists()


def test_only_a_held_post_can_be_approved(diabetes: Diabetes, maya: User, ravi: User) -> None:
    item = do_report_post(maya, diabetes.post.pk, "spam").report.item
    assert item is not None

    with pytest.raises(ValidationError, match="Only a post waiting for approval can be approved"):
        do_decide(ravi, item, DecisionInput(Decision.APPROVE, "Fine."))
    by_api = api(ravi).post(
        f"{PREFIX}/moderation/items/{item.pk}/actions",
        {"action": "approve", "reason": "Fine."},
        content_type="application/json",
    )
    form = client_of(ravi).get(reverse("moderation_act", args=[item.pk])).content.decode()

    assert by_api.status_code == 409
    assert "Approve the post" not in form


def test_tiffany_cannot_approve_what_waits_in_ravis_queue(holding: Community, lena: User, tiffany: User) -> None:
    thread = do_create_thread(lena, holding, "Hello", PostInput(source="New here."))
    item = _item_of(_first(thread))
    body: dict[str, Any] = {"action": "approve", "reason": "Fine."}

    assert client_of(tiffany).get(reverse("moderation_act", args=[item.pk])).status_code == 404
    assert (
        api(tiffany).post(f"{PREFIX}/moderation/items/{item.pk}/actions", body, content_type="application/json")
    ).status_code == 404
    assert client_of(tiffany).get(thread.get_absolute_url()).status_code == 404
    thread.refresh_from_db()
    assert thread.is_held
