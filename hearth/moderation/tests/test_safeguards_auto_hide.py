"""Omar's "Stop your insulin" reply is reported by three established members of Type 1 together
(accounts a few weeks old, with a verified email and posts of their own): it is hidden from
Maya at once, until Ravi looks. Ravi dismissing the reports shows it again; Ravi hiding it keeps
it hidden, now by his decision. Reports from accounts made yesterday, unverified, suspended or
without posts of their own do not count towards it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.communities.models import Membership
from hearth.discussions.models import Post
from hearth.moderation.actions import DecisionInput, do_decide, do_report_post
from hearth.moderation.actions.measures import do_lift
from hearth.moderation.models import Decision, Measure, MeasureKind, QueueItem, TargetType
from hearth.moderation.safeguards import AUTO_HIDDEN, ESTABLISHED_DAYS, ESTABLISHED_POSTS, established
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def _member(diabetes: Diabetes, handle: str, *, days: int = 30, posts: int = ESTABLISHED_POSTS, **traits: bool) -> User:
    """A member of Type 1 together whose account is `days` old, with `posts` replies of their own."""
    person = UserFactory.create(handle=handle, **traits)
    Membership.objects.create(community=diabetes.community, user=person)
    for n in range(posts):
        Post.objects.create(
            thread=diabetes.post.thread, community=diabetes.community, author=person, source=f"{n}", html=f"<p>{n}</p>"
        )
    User.objects.filter(pk=person.pk).update(date_joined=timezone.now() - timedelta(days=days))
    person.refresh_from_db()
    return person


def _hidden_for_maya(maya: User, diabetes: Diabetes) -> bool:
    page = client_of(maya).get(diabetes.post.thread.get_absolute_url()).content.decode()
    return "Stop your insulin" not in page


def _item(diabetes: Diabetes) -> QueueItem:
    return QueueItem.objects.get(target_type=TargetType.POST, target_id=diabetes.post.pk, handled_at=None)


def test_three_established_members_hide_it_until_ravi_dismisses(diabetes: Diabetes, maya: User, ravi: User) -> None:
    reporters = [_member(diabetes, f"regular{n}") for n in range(3)]

    do_report_post(reporters[0], diabetes.post.pk, "misinformation")
    do_report_post(reporters[1], diabetes.post.pk, "misinformation")
    after_two = _hidden_for_maya(maya, diabetes)
    do_report_post(reporters[2], diabetes.post.pk, "misinformation")

    assert not after_two
    assert _hidden_for_maya(maya, diabetes)
    hide = Measure.objects.get(kind=MeasureKind.HIDE, target_id=diabetes.post.pk)
    assert (hide.created_by, hide.reason, hide.member) == (None, AUTO_HIDDEN, diabetes.omar)
    assert _item(diabetes).note == AUTO_HIDDEN
    event = AuditEvent.objects.get(action="post:hide")
    assert (event.actor, event.target_id, event.reason) == (None, diabetes.post.pk, AUTO_HIDDEN)
    as_omar = client_of(diabetes.omar).get(diabetes.post.thread.get_absolute_url()).content.decode()
    assert "Stop your insulin" in as_omar
    assert "several members reported it" in as_omar
    assert "Hidden by moderators" not in as_omar  # no moderator has looked yet
    as_maya = client_of(maya).get(diabetes.post.thread.get_absolute_url()).content.decode()
    assert "Hidden for now while moderators look at it." in as_maya
    assert Notification.objects.filter(recipient=diabetes.omar).count() == 0  # a moderator decides first

    do_decide(ravi, _item(diabetes), DecisionInput(Decision.DISMISS, "It is a question of dosing, not advice."))

    assert not _hidden_for_maya(maya, diabetes)
    hide.refresh_from_db()
    assert (hide.lifted_at is not None, hide.lifted_by) == (True, ravi)


def test_a_fourth_reporter_finds_it_gone_and_nothing_is_hidden_twice(diabetes: Diabetes) -> None:
    for n in range(3):
        do_report_post(_member(diabetes, f"regular{n}"), diabetes.post.pk, "spam")
    with pytest.raises(Http404):  # hidden from everyone but Omar and the moderators now
        do_report_post(_member(diabetes, "regular3"), diabetes.post.pk, "spam")

    assert Measure.objects.filter(kind=MeasureKind.HIDE, target_id=diabetes.post.pk).count() == 1


def test_once_lifted_more_reports_wait_for_a_moderator(diabetes: Diabetes, maya: User, ravi: User) -> None:
    for n in range(3):
        do_report_post(_member(diabetes, f"regular{n}"), diabetes.post.pk, "misinformation")
    hide = Measure.objects.get(kind=MeasureKind.HIDE, target_id=diabetes.post.pk)
    do_lift(ravi, hide, reason="Omar's appeal: it was a question about dosing.")  # the item stays open

    do_report_post(_member(diabetes, "regular3"), diabetes.post.pk, "misinformation")

    assert not _hidden_for_maya(maya, diabetes)
    assert Measure.objects.filter(kind=MeasureKind.HIDE, target_id=diabetes.post.pk).count() == 1
    assert _item(diabetes).reports.count() == 4


def test_ravi_hiding_it_keeps_it_hidden_by_his_decision(
    diabetes: Diabetes, maya: User, ravi: User, django_capture_on_commit_callbacks: object
) -> None:
    for n in range(3):
        do_report_post(_member(diabetes, f"regular{n}"), diabetes.post.pk, "misinformation")

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        do_decide(ravi, _item(diabetes), DecisionInput(Decision.HIDE, "Stopping insulin is dangerous."))

    assert _hidden_for_maya(maya, diabetes)
    standing = Measure.objects.get(kind=MeasureKind.HIDE, target_id=diabetes.post.pk, lifted_at=None)
    assert (standing.created_by, standing.reason) == (ravi, "Stopping insulin is dangerous.")
    assert Notification.objects.get(recipient=diabetes.omar).kind == Kind.POST_HIDDEN


def test_two_established_and_five_brand_new_accounts_hide_nothing(diabetes: Diabetes, maya: User) -> None:
    for n in range(2):
        do_report_post(_member(diabetes, f"regular{n}"), diabetes.post.pk, "spam")
    for n in range(5):
        do_report_post(_member(diabetes, f"newcomer{n}", days=0), diabetes.post.pk, "spam")

    assert not _hidden_for_maya(maya, diabetes)
    assert not Measure.objects.filter(kind=MeasureKind.HIDE).exists()
    assert _item(diabetes).reports.count() == 7


def test_who_counts_as_established(diabetes: Diabetes) -> None:
    regular = _member(diabetes, "regular")
    young = _member(diabetes, "young", days=ESTABLISHED_DAYS - 1)
    quiet = _member(diabetes, "quiet", posts=ESTABLISHED_POSTS - 1)
    unverified = _member(diabetes, "unverified", unverified=True)
    suspended = _member(diabetes, "suspended")
    User.objects.filter(pk=suspended.pk).update(suspended_until=timezone.now() + timedelta(days=3))
    deleted_posts = _member(diabetes, "deleter")
    Post.objects.filter(author=deleted_posts).update(deleted_at=timezone.now())
    held_posts = _member(diabetes, "held")
    for post in Post.objects.filter(author=held_posts):
        Measure.objects.create(
            kind=MeasureKind.HOLD, member=held_posts, target_type=TargetType.POST, target_id=post.pk, reason="Held."
        )
    people = [regular, young, quiet, unverified, suspended, deleted_posts, held_posts]

    assert established(person.pk for person in people) == {regular.pk}
    assert EmailAddress.objects.filter(user=unverified, verified=False).exists()
