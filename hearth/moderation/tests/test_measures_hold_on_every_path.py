"""Measures hold whatever the path: a held thread's post cannot be read through the report page or
the API; a mute outlives leaving and joining again; deleting a reply does not skip slow mode; a
held thread that Ravi hides stays unlisted; a moderator cannot overturn, by an appeal, a measure
they could not lift; a suspended moderator moderates nothing; an anonymous author stays unnamed
in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.communities.access import access_for
from hearth.communities.actions import do_join, do_leave
from hearth.communities.models import Community, Membership, Role
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import PostInput, do_create_thread, do_delete_post, do_reply
from hearth.discussions.models import Post, Thread
from hearth.moderation.actions import DecisionInput, do_decide
from hearth.moderation.actions.appeals import do_appeal, do_decide_appeal, judge_refusal
from hearth.moderation.actions.measures import do_mute, do_suspend
from hearth.moderation.models import Decision, QueueItem, TargetType
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.moderation.tests.test_moderation_api import api, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_thread(diabetes: Diabetes) -> Thread:
    Community.objects.filter(pk=diabetes.community.pk).update(hold_first_posts=True)
    diabetes.community.refresh_from_db()
    newcomer = UserFactory.create(handle="newcomer")
    Membership.objects.create(community=diabetes.community, user=newcomer)
    thread = do_create_thread(newcomer, diabetes.community, "Buy miracle strips here", PostInput(source="Cheap!"))
    assert thread.is_held
    return thread


def test_maya_cannot_read_a_held_post_through_the_report_page_or_the_api(
    maya: User, diabetes: Diabetes, held_thread: Thread
) -> None:
    first = Post.objects.get(thread=held_thread, is_first=True)

    assert client_of(maya).get(reverse("moderation_report_post", args=[first.pk])).status_code == 404
    assert post(api(maya), f"/posts/{first.pk}/reports", {"reason": "spam"}).status_code == 404
    assert client_of(maya).get(reverse("post_link", args=[first.pk])).status_code == 404


def test_a_held_thread_ravi_hides_stays_unlisted(
    maya: User, ravi: User, diabetes: Diabetes, held_thread: Thread
) -> None:
    first = Post.objects.get(thread=held_thread, is_first=True)
    item = QueueItem.objects.get(target_type=TargetType.POST, target_id=first.pk, handled_at=None)

    do_decide(ravi, item, DecisionInput(Decision.HIDE, "Advertising."))

    held_thread.refresh_from_db()
    assert held_thread.is_held
    page = client_of(maya).get(diabetes.community.get_absolute_url()).content.decode()
    assert "Buy miracle strips here" not in page


def test_a_mute_outlives_leaving_and_joining_again(ravi: User, diabetes: Diabetes) -> None:
    community = Community.objects.get(pk=diabetes.community.pk)
    Community.objects.filter(pk=community.pk).update(visibility="public")
    community.refresh_from_db()
    do_mute(ravi, community, diabetes.omar, 3, "Please take a few days.")

    do_leave(diabetes.omar, community)
    do_join(diabetes.omar, community)

    assert not access_for(diabetes.omar, community).can_post
    with pytest.raises(ValidationError) as refused:
        do_reply(diabetes.omar, diabetes.post.thread, PostInput(source="I'm back."))
    assert refused.value.code == "paused"


def test_deleting_a_reply_does_not_skip_slow_mode(maya: User, diabetes: Diabetes) -> None:
    thread = diabetes.post.thread
    Thread.objects.filter(pk=thread.pk).update(slow_mode_seconds=600)
    thread.refresh_from_db()
    reply = do_reply(maya, thread, PostInput(source="First thought."))
    do_delete_post(maya, reply)

    with pytest.raises(ValidationError) as refused:
        do_reply(maya, thread, PostInput(source="Second thought, at once."))
    assert refused.value.code == "slow_mode"


def test_a_moderator_cannot_overturn_a_founders_mute_of_another_moderator(ravi: User, diabetes: Diabetes) -> None:
    kim = UserFactory.create(handle="kim")
    Membership.objects.create(community=diabetes.community, user=kim, role=Role.MODERATOR)
    mute = do_mute(diabetes.founder, diabetes.community, ravi, 7, "Cool off, please.")
    appeal = do_appeal(ravi, mute, "It was a misunderstanding.")

    assert judge_refusal(kim, mute)  # shown to Kim instead of the buttons
    with pytest.raises(ValidationError):
        do_decide_appeal(kim, appeal, uphold=False, answer="Fine by me.")
    assert not access_for(ravi, diabetes.community).can_post  # the mute stands


def test_a_suspended_moderator_moderates_nothing(site_admin: User, ravi: User, diabetes: Diabetes) -> None:
    do_suspend(site_admin, ravi, 7, "Harassing members in messages.")
    ravi.refresh_from_db()

    assert not access_for(ravi, diabetes.community).can_moderate
    assert client_of(ravi).get(reverse("moderation_queue", args=[diabetes.community.slug])).status_code == 404
    User.objects.filter(pk=ravi.pk).update(suspended_until=timezone.now() - timedelta(seconds=1))
    ravi.refresh_from_db()
    assert access_for(ravi, diabetes.community).can_moderate


def test_an_anonymous_authors_name_stays_out_of_the_audit_log(maya: User, ravi: User, tiffany: User) -> None:
    circle = make_community(tiffany, "Breast cancer circle", members=[maya], moderators=[ravi], anonymous_posting=True)
    thread = do_create_thread(maya, circle, "Scared", PostInput(source="Scan tomorrow.", anonymous=True))
    first = Post.objects.get(thread=thread, is_first=True)
    from hearth.moderation.actions import do_report_post

    item = do_report_post(tiffany, first.pk, "spam").report.item
    assert item is not None
    do_decide(ravi, item, DecisionInput(Decision.HIDE, "Off topic."))

    event = AuditEvent.objects.get(action="post:hide", target_id=first.pk)
    assert event.subject is None
    log = client_of(ravi).get(reverse("moderation_community_audit", args=[circle.slug])).content.decode()
    assert "maya" not in log
