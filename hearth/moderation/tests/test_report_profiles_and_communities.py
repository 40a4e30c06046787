"""Maya reports Omar's profile, and a community: both go to the site administrators' queue, not
to Ravi's, whose community they are not about. What she cannot see (a closed account, a private
community she is not in) answers 404. The queue shows each kind of report with what a moderator
needs, in the same number of queries however many there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.connections.tests.factories import connect
from hearth.conversations.actions import do_report_message, do_send
from hearth.discussions.actions import PostInput, do_reply
from hearth.moderation import queue
from hearth.moderation.actions import ALREADY, THANKS, do_report_post
from hearth.moderation.actions.reports import do_report_chat_message, do_report_community, do_report_profile
from hearth.moderation.models import QueueItem, Report, TargetType
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.moderation.tests.test_report_chat_messages import omar_says
from hearth.profiles.actions import ProfileInput, do_update_profile

pytestmark = pytest.mark.django_db

BIO = "Type 1 since 2004. Message me for my cinnamon plan."


def _profile_url(handle: str) -> str:
    return reverse("moderation_report_profile", args=[handle])


def _community_url(slug: str) -> str:
    return reverse("moderation_report_community", args=[slug])


@pytest.fixture
def omar(diabetes: Diabetes) -> User:
    do_update_profile(diabetes.omar, ProfileInput(bio=BIO))
    return diabetes.omar


# --- Profiles -----------------------------------------------------------------------------------


def test_maya_reports_omars_profile_to_the_site_administrators(
    maya: User, ravi: User, site_admin: User, omar: User, diabetes: Diabetes
) -> None:
    client = client_of(maya)
    form = client.get(_profile_url("omar"))

    first = client.post(_profile_url("omar"), {"reason": "spam", "note": "Selling a cure"}, follow=True)
    again = client.post(_profile_url("omar"), {"reason": "spam"}, follow=True)

    assert form.status_code == 200
    assert BIO in form.content.decode()
    assert "administrators will read the profile" in form.content.decode()
    assert THANKS in first.content.decode()
    assert ALREADY in again.content.decode()
    item = QueueItem.objects.get()
    assert (item.target_type, item.target_id, item.community) == (TargetType.PROFILE, omar.pk, None)
    assert Report.objects.get().source_url == omar.get_absolute_url()
    site_queue = client_of(site_admin).get(reverse("moderation_site_queue")).content.decode()
    assert "Profile" in site_queue
    assert "(@omar)" in site_queue
    assert BIO in site_queue
    assert "Selling a cure" in site_queue
    ravis_queue = client_of(ravi).get(reverse("moderation_queue", args=[diabetes.community.slug])).content.decode()
    assert "Selling a cure" not in ravis_queue
    assert client_of(ravi).get(reverse("moderation_act", args=[item.pk])).status_code == 404


def test_a_profile_report_can_only_be_dismissed(maya: User, site_admin: User, omar: User) -> None:
    do_report_profile(maya, "omar", "harassment")
    act = reverse("moderation_act", args=[QueueItem.objects.get().pk])

    page = client_of(site_admin).get(act).content.decode()
    hide = client_of(site_admin).post(act, {"decision": "hide", "reason": "No."})
    dismiss = client_of(site_admin).post(act, {"decision": "dismiss", "reason": "Nothing wrong."})

    assert "can only be dismissed here" in page
    assert 'value="hide"' not in page
    assert hide.status_code == 422
    assert dismiss.status_code == 302
    assert QueueItem.objects.get().decision == "dismiss"


def test_a_bio_nobody_else_sees_is_not_shown_to_administrators(maya: User, site_admin: User, omar: User) -> None:
    do_update_profile(omar, ProfileInput(visibility={"bio": "only_me"}))
    do_report_profile(maya, "omar", "spam")

    page = client_of(site_admin).get(reverse("moderation_site_queue")).content.decode()

    assert "(@omar)" in page
    assert BIO not in page
    assert "No bio that others can see." in page


def test_a_closed_account_or_an_unknown_handle_is_404(maya: User) -> None:
    UserFactory.create(handle="gone_now", is_active=False)

    for handle in ("gone_now", "nobody_here"):
        assert client_of(maya).get(_profile_url(handle)).status_code == 404
        assert client_of(maya).post(_profile_url(handle), {"reason": "spam"}).status_code == 404
        with pytest.raises(Http404):
            do_report_profile(maya, handle, "spam")
    assert not Report.objects.exists()


def test_nobody_reports_their_own_profile(maya: User) -> None:
    assert client_of(maya).get(_profile_url(maya.handle)).status_code == 404
    with pytest.raises(ValidationError, match="your own profile"):
        do_report_profile(maya, maya.handle, "spam")


@pytest.mark.parametrize(
    ("who", "status"),
    [("visitor", 302), ("maya", 200), ("tiffany", 200), ("ravi", 200), ("site_admin", 200), ("omar", 404)],
)
def test_who_may_open_the_report_page_of_omars_profile(
    request: pytest.FixtureRequest, client: Any, omar: User, who: str, status: int
) -> None:
    if who != "visitor":
        client = client_of(omar if who == "omar" else request.getfixturevalue(who))

    response = client.get(_profile_url("omar"))

    assert response.status_code == status


def test_a_profile_offers_report_to_others_only(maya: User, omar: User) -> None:
    assert _profile_url("omar") in client_of(maya).get(omar.get_absolute_url()).content.decode()
    assert _profile_url("omar") not in client_of(omar).get(omar.get_absolute_url()).content.decode()


# --- Communities --------------------------------------------------------------------------------


def test_maya_reports_a_community_to_the_site_administrators(
    maya: User, tiffany: User, site_admin: User, diabetes: Diabetes
) -> None:
    client = client_of(maya)
    slug = diabetes.lupus.slug
    form = client.get(_community_url(slug))

    done = client.post(_community_url(slug), {"reason": "misinformation", "note": "Sells supplements"}, follow=True)

    assert form.status_code == 200
    assert "I&#x27;m worried about this person" not in form.content.decode()  # a community is not a person
    assert THANKS in done.content.decode()
    item = QueueItem.objects.get()
    assert (item.target_type, item.target_id, item.community) == (TargetType.COMMUNITY, diabetes.lupus.pk, None)
    site_queue = client_of(site_admin).get(reverse("moderation_site_queue")).content.decode()
    assert "Living with lupus" in site_queue
    assert "Sells supplements" in site_queue
    # Tiffany founded it, and moderates it: the report is not hers to see.
    assert client_of(tiffany).get(reverse("moderation_act", args=[item.pk])).status_code == 404
    assert "Sells supplements" not in client_of(tiffany).get(reverse("moderation_queue", args=[slug])).content.decode()


def test_a_private_community_she_is_not_in_is_404(maya: User, tiffany: User) -> None:
    hidden = make_community(tiffany, "Lupus inner circle", visibility="private")

    assert client_of(maya).get(_community_url(hidden.slug)).status_code == 404
    assert client_of(maya).post(_community_url(hidden.slug), {"reason": "spam"}).status_code == 404
    with pytest.raises(Http404):
        do_report_community(maya, hidden.slug, "spam")
    assert client_of(maya).get(_community_url("no-such-place")).status_code == 404
    assert not Report.objects.exists()


def test_worried_is_for_people_not_communities(maya: User, diabetes: Diabetes) -> None:
    response = client_of(maya).post(_community_url(diabetes.lupus.slug), {"reason": "worried", "note": "Hm"})

    assert response.status_code == 422
    assert "Hm" in response.content.decode()
    with pytest.raises(ValidationError, match="not a person"):
        do_report_community(maya, diabetes.lupus.slug, "worried")
    assert not Report.objects.exists()


def test_a_community_page_offers_report_to_members_signed_in(maya: User, client: Any, diabetes: Diabetes) -> None:
    url = _community_url(diabetes.community.slug)

    assert url in client_of(maya).get(diabetes.community.get_absolute_url()).content.decode()
    assert url not in client.get(diabetes.community.get_absolute_url()).content.decode()


# --- The queue ----------------------------------------------------------------------------------


def _report_one_of_each(maya: User, diabetes: Diabetes, n: int) -> None:
    post = do_reply(diabetes.omar, diabetes.post.thread, PostInput(source=f"Another tip, number {n}."))
    do_report_post(maya, post.pk, "spam")
    do_report_chat_message(maya, omar_says(diabetes, f"Chat tip {n}", tag=f"T1Chat{n}").pk, "spam")
    do_report_message(maya, do_send(diabetes.omar, maya, f"Message {n}").message, "spam")
    do_report_profile(maya, UserFactory.create(handle=f"seller{n}").handle, "spam")
    do_report_community(maya, make_community(diabetes.founder, f"Cures {n}").slug, "spam")


def test_the_queue_shows_every_kind_in_a_fixed_number_of_queries(maya: User, diabetes: Diabetes) -> None:
    connect(maya, diabetes.omar)

    def counted() -> tuple[int, list[queue.Entry]]:
        with CaptureQueriesContext(connection) as queries:
            shown = queue.entries(queue.open_items(None))
        return len(queries), shown

    _report_one_of_each(maya, diabetes, 1)
    once, shown = counted()
    _report_one_of_each(maya, diabetes, 2)
    twice, shown = counted()

    assert once == twice
    assert sorted({entry.what for entry in shown}) == [
        "Community", "Direct message", "Live chat message", "Post", "Profile"
    ]  # fmt: skip
    assert not any(entry.gone for entry in shown)
    chat = next(entry for entry in shown if entry.what == "Live chat message")
    assert chat.place.startswith("#T1Chat")
    assert chat.author == "omar"
