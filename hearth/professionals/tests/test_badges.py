"""Ravi's badge, once verified: beside his name on his thread posts (never on his anonymous ones),
his chat messages and his profile, read out in words (not a colour alone); on the public list of
verified professionals. Pages of many posts ask no more queries for it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions as chat_actions
from hearth.chats.access import chat_access
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Thread
from hearth.professionals import actions
from hearth.professionals.badges import Badge, badge_of
from hearth.professionals.models import Verification
from hearth.professionals.tests.conftest import NURSE, client_of

BADGE = (
    '<span class="badge badge-verified" title="Rheumatology nurse"><span aria-hidden="true">✓ </span>'
    'Verified clinician<span class="visually-hidden">: Rheumatology nurse</span></span>'
)


@pytest.fixture
def lupus(tiffany: User, maya: User, ravi: User) -> Community:
    return make_community(tiffany, members=[maya, ravi], anonymous_posting=True)


@pytest.fixture
def thread(lupus: Community, maya: User) -> Thread:
    return do_create_thread(maya, lupus, "Hydroxychloroquine and eyes", PostInput(source="Do I need eye checks?"))


def test_the_badge_says_in_words_what_the_member_is(ravi: User, verified: Verification) -> None:
    ravi.refresh_from_db()

    assert render_to_string("professionals/_badge.html", {"member": ravi}) == BADGE
    full = render_to_string("professionals/_badge.html", {"member": ravi, "full": True})
    assert 'Verified clinician</span> <span class="badge-title">Rheumatology nurse</span>' in full


def test_no_badge_for_others_nor_for_nobody(maya: User) -> None:
    assert render_to_string("professionals/_badge.html", {"member": maya}) == ""
    assert render_to_string("professionals/_badge.html", {"member": None}) == ""
    assert badge_of(None) is None


def test_a_title_is_escaped(db: None) -> None:
    badge = Badge(kind="organisation", title="<script>x</script>")

    assert "&lt;script&gt;" in badge.__html__()
    assert "<script>" not in badge.in_full()
    assert badge.label == "Verified patient organisation"


def test_a_deactivated_member_shows_no_badge(ravi: User, verified: Verification) -> None:
    ravi.refresh_from_db()
    ravi.is_active = False

    assert badge_of(ravi) is None


def test_ravis_chat_messages_carry_his_badge_and_mayas_do_not(
    tiffany: User, maya: User, ravi: User, lupus: Community, verified: Verification
) -> None:
    ravi.refresh_from_db()
    chat = make_live_chat(tiffany, lupus)
    mine = chat_actions.do_post_message(ravi, chat_access(ravi, chat.series), chat, "Yes, once a year.").message
    hers = chat_actions.do_post_message(maya, chat_access(maya, chat.series), chat, "Thank you!").message
    args = [lupus.slug, chat.series.slug, chat.date.isoformat()]

    room = client_of(maya).get(reverse("chat_room", args=args)).content.decode()
    his_page = client_of(maya).get(reverse("chat_message", args=[*args, mine.seq])).content.decode()
    her_page = client_of(ravi).get(reverse("chat_message", args=[*args, hers.seq])).content.decode()

    assert BADGE in room
    assert room.count("Verified clinician") == 1
    assert BADGE in his_page
    assert "Verified clinician" not in her_page


def test_ravis_profile_shows_his_badge_with_its_title(maya: User, ravi: User, verified: Verification) -> None:
    page = client_of(maya).get(reverse("member_detail", args=[ravi.handle])).content.decode()

    assert "Verified clinician" in page
    assert '<span class="badge-title">Rheumatology nurse</span>' in page


def test_after_a_withdrawal_the_badge_is_gone_everywhere(
    site_admin: User, maya: User, ravi: User, verified: Verification
) -> None:
    actions.do_withdraw(site_admin, verified, reason="No longer registered.")

    profile = client_of(maya).get(reverse("member_detail", args=[ravi.handle])).content.decode()
    assert "Verified clinician" not in profile
    assert "@ravi" not in client_of(None).get(reverse("professional_list")).content.decode()


def test_thread_posts_mark_ravi_but_not_his_anonymous_post(
    maya: User, ravi: User, thread: Thread, verified: Verification
) -> None:
    named = do_reply(ravi, thread, PostInput(source="Yes: a baseline exam, then yearly after five years."))
    anonymous = do_reply(ravi, thread, PostInput(source="I worried about it too.", anonymous=True))

    page = client_of(maya).get(thread.get_absolute_url()).content.decode()

    named_post = page[page.index(f'id="post-{named.pk}"') : page.index(f'id="post-{anonymous.pk}"')]
    anonymous_post = page[page.index(f'id="post-{anonymous.pk}"') :]
    assert "Verified clinician" in named_post
    assert ": Rheumatology nurse</span>" in named_post
    assert "Anonymous member" in anonymous_post
    assert "Verified clinician" not in anonymous_post
    assert "Rheumatology nurse" not in anonymous_post


def test_badges_add_no_query_per_post(site_admin: User, maya: User, lupus: Community, thread: Thread) -> None:
    def verified_member(n: int) -> User:
        member = UserFactory.create(handle=f"clinician{n}")
        lupus.memberships.create(user=member)
        application = actions.do_apply(member, NURSE)
        actions.do_decide(site_admin, application, verify=True, reason="Checked.")
        return member

    def queries() -> int:
        client = client_of(maya)
        client.get(thread.get_absolute_url())  # the first visit warms caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(thread.get_absolute_url()).status_code == 200
        return len(captured)

    for n in range(2):
        do_reply(verified_member(n), thread, PostInput(source=f"Answer {n}"))
    few = queries()
    for n in range(2, 8):
        do_reply(verified_member(n), thread, PostInput(source=f"Answer {n}"))
    many = queries()

    assert many == few


def test_the_public_list_shows_verified_professionals_only(
    maya: User, ravi: User, verified: Verification, site_admin: User
) -> None:
    pending = actions.do_apply(UserFactory.create(handle="waiting_doc"), NURSE)
    gone = UserFactory.create(handle="gone_doc")
    actions.do_decide(site_admin, actions.do_apply(gone, NURSE), verify=True, reason="Checked.")
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    page = client_of(None).get(reverse("professional_list")).content.decode()

    assert f'href="{reverse("member_detail", args=["ravi"])}"' in page
    assert "Rheumatology nurse" in page
    assert "waiting_doc" not in page
    assert "gone_doc" not in page
    assert "maya" not in page
    assert "NMC PIN" not in page  # what administrators check is never shown
    assert pending.pk
