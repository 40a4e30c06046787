"""Ravi, a moderator of Type 1 together, takes measures on Omar: a private warning, a mute for some
days, a removal, and lifts them early. Omar is told each time, with the reason, and never who;
every measure goes to the audit log. A muted Omar reads but cannot reply, react or chat there; a
removed Omar cannot join again until the removal is lifted. Tiffany, who moderates the lupus
community next door, gets 404 here, as Ravi does there; so do Maya and strangers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.chats.access import chat_access
from hearth.chats.actions import ChatClosed, do_post_message
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.actions import REMOVED, do_accept_invite, do_create_invite, do_request_to_join
from hearth.communities.models import JoinRequest, Membership, Role
from hearth.discussions.actions import PostInput, do_react, do_reply
from hearth.discussions.models import Post
from hearth.moderation.actions import do_report_post
from hearth.moderation.actions.measures import AlreadyLifted, do_lift_early, do_mute, do_warn
from hearth.moderation.models import Measure, MeasureKind, QueueItem
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def _page(diabetes: Diabetes, handle: str = "omar", name: str = "moderation_member") -> str:
    return reverse(name, args=[diabetes.community.slug, handle])


def _act(client: Client, diabetes: Diabetes, name: str, data: dict[str, Any], handle: str = "omar") -> Any:
    return client.post(_page(diabetes, handle, f"moderation_{name}"), {f"{name}-{k}": v for k, v in data.items()})


def _reply_page(client: Client, diabetes: Diabetes, text: str) -> Any:
    thread = diabetes.post.thread
    return client.post(reverse("thread_reply", args=[diabetes.community.slug, thread.pk]), {"body": text})


def _notices(user: User) -> str:
    return client_of(user).get(reverse("notifications")).content.decode()


# --- A private warning ------------------------------------------------------------------------


def test_ravi_warns_omar_privately(
    ravi: User, maya: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_of(ravi)
    thread_url = diabetes.post.thread.get_absolute_url()
    before = client_of(maya).get(thread_url).content.decode()

    page = client.get(_page(diabetes))
    with django_capture_on_commit_callbacks(execute=True):
        done = _act(client, diabetes, "warn", {"reason": "Please do not tell people to stop insulin."})

    assert page.status_code == 200
    assert "@omar in Type 1 together" in page.content.decode()
    assert done.status_code == 302
    assert done["Location"] == _page(diabetes)
    warning = Measure.objects.get(kind=MeasureKind.WARN)
    assert (warning.member, warning.community, warning.created_by) == (diabetes.omar, diabetes.community, ravi)
    event = AuditEvent.objects.get(action="measure:warn")
    assert (event.actor, event.subject, event.community, event.reason) == (
        ravi, diabetes.omar, diabetes.community, "Please do not tell people to stop insulin."
    )  # fmt: skip
    told = Notification.objects.get(recipient=diabetes.omar)
    assert (told.kind, told.measure, told.actor) == (Kind.MEASURE, warning, None)
    notice = _notices(diabetes.omar)
    assert "The moderators of" in notice
    assert "warned you privately" in notice
    assert "Please do not tell people to stop insulin." in notice
    assert "ravi" not in notice.lower().replace("private", "")
    # Nothing public changes: Maya sees the same thread, and Omar still replies.
    assert client_of(maya).get(thread_url).content.decode().count("Stop your insulin") == before.count(
        "Stop your insulin"
    )
    assert "Please do not tell people" not in client_of(maya).get(thread_url).content.decode()
    do_reply(diabetes.omar, diabetes.post.thread, PostInput(source="Sorry, I got carried away."))


def test_two_warnings_at_once_are_two_warnings(ravi: User, diabetes: Diabetes) -> None:
    do_warn(ravi, diabetes.community, diabetes.omar, "First.")
    do_warn(diabetes.founder, diabetes.community, diabetes.omar, "Second.")

    assert Measure.objects.filter(kind=MeasureKind.WARN, member=diabetes.omar).count() == 2


# --- A mute -----------------------------------------------------------------------------------


def test_ravi_mutes_omar_for_three_days(ravi: User, diabetes: Diabetes) -> None:
    omar = client_of(diabetes.omar)
    chat = make_live_chat(diabetes.founder, diabetes.community)

    done = _act(client_of(ravi), diabetes, "mute", {"days": "3", "reason": "Time to cool down."})

    assert done.status_code == 302
    membership = Membership.objects.get(community=diabetes.community, user=diabetes.omar)
    assert membership.muted_until is not None
    assert timedelta(days=2, hours=23) < membership.muted_until - timezone.now() <= timedelta(days=3)
    assert AuditEvent.objects.get(action="measure:mute").subject == diabetes.omar
    # The thread page tells him why instead of the form, and a reply is refused with the reason.
    thread_page = omar.get(diabetes.post.thread.get_absolute_url()).content.decode()
    assert "Moderators paused your posting here until" in thread_page
    assert "to reply" not in thread_page
    refused = _reply_page(omar, diabetes, "But cinnamon!")
    assert refused.status_code == 422
    assert "Moderators paused your posting here until" in refused.content.decode()
    assert not Post.objects.filter(source="But cinnamon!").exists()
    with pytest.raises(ValidationError, match="paused your posting") as reacting:
        do_react(diabetes.omar, diabetes.post, "hug")
    assert reacting.value.code == "paused"
    with pytest.raises(ChatClosed, match="paused your posting"):
        do_post_message(diabetes.omar, chat_access(diabetes.omar, chat.series), chat, "Hello all")
    # He still reads: the thread and the chat room.
    assert omar.get(diabetes.post.thread.get_absolute_url()).status_code == 200
    room = omar.get(chat.get_absolute_url()).content.decode()
    assert "Moderators paused your posting here until" in room

    # Three days later the mute has run out, and he posts again.
    past = timezone.now() - timedelta(minutes=1)
    Measure.objects.filter(kind=MeasureKind.MUTE).update(ends_at=past)
    Membership.objects.filter(pk=membership.pk).update(muted_until=past)
    assert _reply_page(omar, diabetes, "Back, and calmer.").status_code == 302
    do_react(diabetes.omar, diabetes.post, "hug")


def test_a_mute_lasts_one_to_ninety_days_and_bad_input_keeps_what_was_typed(ravi: User, diabetes: Diabetes) -> None:
    client = client_of(ravi)

    for days in ("0", "91", "three", ""):
        page = _act(client, diabetes, "mute", {"days": days, "reason": "Kept reason words"})
        assert page.status_code == 422, days
        assert "Kept reason words" in page.content.decode()
        assert 'role="alert"' in page.content.decode()
    empty = _act(client, diabetes, "mute", {"days": "3", "reason": "   "})
    long = _act(client, diabetes, "warn", {"reason": "x" * 301})

    assert empty.status_code == 422
    assert long.status_code == 422
    assert "x" * 301 in long.content.decode()
    assert not Measure.objects.exists()
    with pytest.raises(ValidationError, match="from 1 to 90 days"):
        do_mute(ravi, diabetes.community, diabetes.omar, 120, "Too long.")


def test_ravi_lifts_the_mute_early(ravi: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any) -> None:
    client = client_of(ravi)
    mute = do_mute(ravi, diabetes.community, diabetes.omar, 3, "Time to cool down.")
    lift_url = reverse("moderation_lift", args=[mute.pk])

    page = client.get(_page(diabetes)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(lift_url, {f"lift-{mute.pk}-reason": "We talked it through."})
    again = client.post(lift_url, {f"lift-{mute.pk}-reason": "Again."}, follow=True)

    assert "Time to cool down." in page
    assert lift_url in page
    assert done.status_code == 302
    assert Membership.objects.get(community=diabetes.community, user=diabetes.omar).muted_until is None
    assert _reply_page(client_of(diabetes.omar), diabetes, "Thank you.").status_code == 302
    assert "lifted your mute" in _notices(diabetes.omar)
    assert "This measure was already lifted." in again.content.decode()
    assert AuditEvent.objects.filter(action="measure:lift").count() == 1
    with pytest.raises(AlreadyLifted):
        do_lift_early(ravi, mute, "Once more.")


def test_lifting_needs_a_reason(ravi: User, diabetes: Diabetes) -> None:
    mute = do_mute(ravi, diabetes.community, diabetes.omar, 3, "Time to cool down.")

    page = client_of(ravi).post(reverse("moderation_lift", args=[mute.pk]), {f"lift-{mute.pk}-reason": ""})

    assert page.status_code == 422
    mute.refresh_from_db()
    assert mute.lifted_at is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway")
def test_lifting_the_same_measure_twice_at_once_lifts_it_once(ravi: User, diabetes: Diabetes) -> None:
    mute = do_mute(ravi, diabetes.community, diabetes.omar, 3, "Time to cool down.")

    def lift(n: int) -> str:
        try:
            do_lift_early(ravi if n % 2 else diabetes.founder, mute, f"Lift {n}")
        except AlreadyLifted:
            return "already"
        finally:
            connections.close_all()
        return "lifted"

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lift, range(8)))

    assert answers.count("lifted") == 1
    assert AuditEvent.objects.filter(action="measure:lift").count() == 1


# --- A removal --------------------------------------------------------------------------------


def test_ravi_removes_omar_who_cannot_come_back_until_it_is_lifted(
    ravi: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_of(ravi)
    invite = do_create_invite(diabetes.founder, diabetes.community)

    with django_capture_on_commit_callbacks(execute=True):
        done = _act(client, diabetes, "remove", {"reason": "Dangerous advice, again and again."})

    assert done.status_code == 302
    assert not Membership.objects.filter(community=diabetes.community, user=diabetes.omar).exists()
    removal = Measure.objects.get(kind=MeasureKind.REMOVE)
    assert AuditEvent.objects.get(action="measure:remove").subject == diabetes.omar
    assert not AuditEvent.objects.filter(action="membership:remove").exists()  # one action, one event
    assert "removed you from the community" in _notices(diabetes.omar)
    # He cannot ask to join again, nor use an invitation.
    omar = client_of(diabetes.omar)
    asked = omar.post(reverse("community_join", args=[diabetes.community.slug]), {}).content.decode()
    assert "Moderators removed you from this community." in asked
    with pytest.raises(ValidationError, match="Moderators removed you") as refused:
        do_accept_invite(diabetes.omar, invite.secret)
    assert refused.value.code == "removed"
    assert not JoinRequest.objects.exists()
    # Ravi still finds him, to lift the removal; then he may come back.
    page = client.get(_page(diabetes)).content.decode()
    assert "Removed from Type 1 together" in page
    assert "Warn privately" not in page
    client.post(reverse("moderation_lift", args=[removal.pk]), {f"lift-{removal.pk}-reason": "A second chance."})
    do_request_to_join(diabetes.omar, diabetes.community, [])
    do_accept_invite(diabetes.omar, invite.secret)
    assert Membership.objects.filter(community=diabetes.community, user=diabetes.omar).exists()


def test_removed_message_is_plain(diabetes: Diabetes) -> None:
    assert REMOVED.startswith("Moderators removed you from this community.")


# --- Who may act on whom ----------------------------------------------------------------------


def test_ravi_cannot_act_on_the_founder_himself_or_another_moderator(ravi: User, diabetes: Diabetes) -> None:
    dana = UserFactory.create(handle="dana")
    Membership.objects.create(community=diabetes.community, user=dana, role=Role.MODERATOR)
    client = client_of(ravi)

    on_founder = _act(client, diabetes, "warn", {"reason": "Hm."}, handle="priya")
    on_himself = _act(client, diabetes, "mute", {"days": "2", "reason": "Hm."}, handle="ravi")
    on_moderator = _act(client, diabetes, "remove", {"reason": "Hm."}, handle="dana")
    by_founder = _act(client_of(diabetes.founder), diabetes, "warn", {"reason": "Please be gentler."}, handle="dana")

    assert on_founder.status_code == 422
    assert "Only a site administrator can act on a founder" in on_founder.content.decode()
    assert on_himself.status_code == 422
    assert "concerning yourself" in on_himself.content.decode()
    assert on_moderator.status_code == 422
    assert "Only the community&#x27;s founders can act on one of its moderators" in on_moderator.content.decode()
    assert by_founder.status_code == 302
    assert list(Measure.objects.values_list("member__handle", flat=True)) == ["dana"]


def test_ravi_and_tiffany_each_get_404_in_the_others_community(
    ravi: User, tiffany: User, maya: User, diabetes: Diabetes
) -> None:
    Membership.objects.create(community=diabetes.lupus, user=maya)
    lupus_page = reverse("moderation_member", args=[diabetes.lupus.slug, "maya_r"])
    warning = do_warn(ravi, diabetes.community, diabetes.omar, "Please be careful.")
    as_ravi, as_tiffany = client_of(ravi), client_of(tiffany)

    assert as_ravi.get(lupus_page).status_code == 404
    assert as_ravi.post(lupus_page.replace("/members/maya_r/", "/members/maya_r/warn/"), {}).status_code == 404
    assert as_tiffany.get(_page(diabetes)).status_code == 404
    for name in ("warn", "mute", "remove", "suspend"):
        assert _act(as_tiffany, diabetes, name, {"reason": "x", "days": "2"}).status_code == 404
    lift = as_tiffany.post(reverse("moderation_lift", args=[warning.pk]), {f"lift-{warning.pk}-reason": "x"})
    assert lift.status_code == 404
    assert Measure.objects.count() == 1


def test_maya_and_strangers_get_404_and_visitors_the_login_page(maya: User, diabetes: Diabetes) -> None:
    warning = Measure.objects.create(kind=MeasureKind.WARN, member=diabetes.omar, community=diabetes.community)
    sam = UserFactory.create(handle="sam_cares")

    for client in (client_of(maya), client_of(sam)):
        assert client.get(_page(diabetes)).status_code == 404
        assert _act(client, diabetes, "warn", {"reason": "x"}).status_code == 404
        assert client.post(reverse("moderation_lift", args=[warning.pk]), {}).status_code == 404
    visitor = Client().get(_page(diabetes))
    assert visitor.status_code == 302
    assert "/accounts/login/" in visitor["Location"]


def test_handles_of_nobody_and_of_non_members_get_404(ravi: User, diabetes: Diabetes) -> None:
    UserFactory.create(handle="sam_cares")
    client = client_of(ravi)

    assert client.get(_page(diabetes, "sam_cares")).status_code == 404
    assert client.get(_page(diabetes, "nobody_here")).status_code == 404
    assert _act(client, diabetes, "warn", {"reason": "x"}, handle="sam_cares").status_code == 404
    assert client.get(reverse("moderation_lift", args=[999])).status_code == 405


# --- From the queue and the member list -------------------------------------------------------


def test_from_a_report_ravi_warns_the_author_and_decides_the_report_separately(
    ravi: User, maya: User, diabetes: Diabetes
) -> None:
    item = do_report_post(maya, diabetes.post.pk, "misinformation", "Dangerous").report.item
    assert item is not None
    client = client_of(ravi)

    decide = client.get(reverse("moderation_act", args=[item.pk])).content.decode()
    member_url = f"{_page(diabetes)}?item={item.pk}"
    page = client.get(member_url).content.decode()
    _act(client, diabetes, "warn", {"reason": "Insulin is life-saving.", "item": str(item.pk)})

    assert "Warn, mute or remove the author" in decide
    assert member_url in decide
    assert "a report in the queue" in page
    warning = Measure.objects.get(kind=MeasureKind.WARN)
    assert warning.item == item
    item.refresh_from_db()
    assert not item.is_handled
    assert "maya" not in client_of(diabetes.omar).get(reverse("notifications")).content.decode()


def test_an_item_about_someone_else_is_not_linked(ravi: User, maya: User, diabetes: Diabetes) -> None:
    item = QueueItem.objects.create(community=diabetes.community, target_type="post", target_id=diabetes.post.pk)
    mayas = do_reply(maya, diabetes.post.thread, PostInput(source="Please see a doctor."))
    other = QueueItem.objects.create(community=diabetes.community, target_type="post", target_id=mayas.pk)

    refused = _act(client_of(ravi), diabetes, "warn", {"reason": "x", "item": str(other.pk)})

    assert refused.status_code == 422
    assert "not about something this member wrote" in refused.content.decode()
    assert item.measures.count() == 0


def test_the_member_list_links_moderators_to_each_member(ravi: User, maya: User, diabetes: Diabetes) -> None:
    as_ravi = client_of(ravi).get(reverse("community_members", args=[diabetes.community.slug])).content.decode()
    as_maya = client_of(maya).get(reverse("community_members", args=[diabetes.community.slug])).content.decode()

    assert _page(diabetes) in as_ravi
    assert _page(diabetes) not in as_maya
