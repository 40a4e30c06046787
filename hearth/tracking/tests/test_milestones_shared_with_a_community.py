"""Sharing a milestone: Maya shares "4 weeks in a row" with Living with lupus, a community she
belongs to, as a new thread started through the discussions' own action. Her values stay out
unless she ticks "Include my values". Sharing twice is refused with a link to her post; a
community she is not in is a form error, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.discussions.models import Post, Thread
from hearth.tracking import goals
from hearth.tracking.models import Milestone
from hearth.tracking.tests.test_milestones_celebrated_once import four_good_weeks

pytestmark = pytest.mark.django_db


@pytest.fixture
def lupus(tiffany: User, maya: User) -> Community:
    return make_community(tiffany, "Living with lupus", members=[maya])


@pytest.fixture
def streak(maya: User) -> Milestone:
    goal = four_good_weeks(maya)
    goals.check_milestones(maya)
    return Milestone.objects.get(goal=goal, kind="streak_4")


def share_url(milestone: Milestone) -> str:
    return reverse("milestone_share", args=[milestone.pk])


def test_the_form_is_prefilled_and_offers_her_communities(
    maya_client: Client, streak: Milestone, lupus: Community, ravi: User
) -> None:
    make_community(ravi, "Type 1 diabetes together")

    page = maya_client.get(share_url(streak)).content.decode()

    assert "I reached a milestone on my walking goal: 4 weeks in a row." in page
    assert f'<option value="{lupus.slug}">Living with lupus</option>' in page
    assert "Type 1 diabetes together" not in page
    assert 'name="include_values"' in page
    assert "checked" not in page.split('name="include_values"')[0].rsplit("<input", 1)[-1]


def test_maya_shares_without_her_values(maya: User, maya_client: Client, streak: Milestone, lupus: Community) -> None:
    message = goals.share_message(streak, goals.series_of_goals(maya, [streak.goal])[streak.goal.series])

    response = maya_client.post(
        share_url(streak),
        {"community": lupus.slug, "title": "A milestone reached: 4 weeks in a row", "message": message},
    )

    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert (post.author, post.community, post.is_first) == (maya, lupus, True)
    assert post.thread.title == "A milestone reached: 4 weeks in a row"
    assert post.source == "I reached a milestone on my walking goal: 4 weeks in a row."
    assert "30 minutes" not in post.source
    assert "20 minutes" not in post.source
    streak.refresh_from_db()
    assert streak.shared_post == post


def test_her_values_only_when_she_chooses(maya: User, maya_client: Client, streak: Milestone, lupus: Community) -> None:
    maya_client.post(
        share_url(streak),
        {"community": lupus.slug, "title": "Four weeks!", "message": "Small steps.", "include_values": "on"},
    )

    post = Post.objects.get()
    monday = goals.monday_of(streak.reached_on)
    assert post.source.startswith("Small steps.\n\nMy goal: Walking at least 20 minutes, 5 days a week.")
    assert f"The week of {monday:%A %-d %B %Y}: 5 of 5 days met." in post.source
    assert "- Monday: 30 minutes" in post.source
    assert "- Sunday: no value" in post.source


def test_sharing_twice_is_refused_with_a_link_to_her_post(
    maya: User, maya_client: Client, streak: Milestone, lupus: Community
) -> None:
    data = {"community": lupus.slug, "title": "Four weeks", "message": "Small steps."}
    maya_client.post(share_url(streak), data)
    post = Post.objects.get()

    again = maya_client.post(share_url(streak), data)
    page = maya_client.get(share_url(streak))

    assert again.status_code == 200
    for response in (again, page):
        text = response.content.decode()
        assert "You shared this milestone already." in text
        assert f'href="{post.get_absolute_url()}"' in text
    assert Thread.objects.count() == 1
    with pytest.raises(goals.AlreadyShared):
        goals.do_share_milestone(maya, streak, goals.ShareInput(community=lupus, title="Again", message="Again"))
    assert Thread.objects.count() == 1


def test_a_community_she_is_not_in_is_a_form_error(
    maya: User, maya_client: Client, streak: Milestone, lupus: Community, ravi: User
) -> None:
    diabetes = make_community(ravi, "Type 1 diabetes together")

    response = maya_client.post(
        share_url(streak), {"community": diabetes.slug, "title": "Four weeks", "message": "Small steps."}
    )

    assert response.status_code == 200
    assert "Choose one of the communities you belong to." in response.content.decode()
    assert not Post.objects.exists()
    # The action asks the access policy too, whatever a caller passes it.
    with pytest.raises(ValidationError):
        goals.do_share_milestone(maya, streak, goals.ShareInput(community=diabetes, title="Four", message="Steps"))
    assert not Post.objects.exists()
    streak.refresh_from_db()
    assert streak.shared_post_id is None


def test_bad_input_is_a_form_error(maya_client: Client, streak: Milestone, lupus: Community) -> None:
    for data in (
        {"community": lupus.slug, "title": "", "message": "Small steps."},
        {"community": lupus.slug, "title": "Four", "message": "x" * (goals.SHARE_MESSAGE_MAX + 1)},
        {"community": lupus.slug, "title": "Four", "message": "a\x00b"},
        {"community": "", "title": "Four", "message": "Small steps."},
    ):
        response = maya_client.post(share_url(streak), data)
        assert response.status_code == 200
        assert "Your milestone is not shared yet" in response.content.decode()
    assert not Post.objects.exists()


def test_without_a_community_she_is_pointed_to_the_directory(maya_client: Client, streak: Milestone) -> None:
    page = maya_client.get(share_url(streak)).content.decode()

    assert "You are not in a community yet." in page
    assert reverse("community_directory") in page


def test_a_deleted_post_can_be_shared_anew(maya: User, streak: Milestone, lupus: Community) -> None:
    post = goals.do_share_milestone(maya, streak, goals.ShareInput(community=lupus, title="Four", message="Steps"))
    Post.objects.filter(pk=post.pk).update(deleted_at=dt.datetime.now(tz=dt.UTC))
    streak.refresh_from_db()

    again = goals.do_share_milestone(maya, streak, goals.ShareInput(community=lupus, title="Four", message="Steps"))

    assert again.pk != post.pk
