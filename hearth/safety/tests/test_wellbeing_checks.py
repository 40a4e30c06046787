"""A crisis post or chat message in a community puts a quiet well-being check in its moderators'
queue, after the commit, once per piece of content; none when the community turned the setting
off, none for an ordinary post, and none for a direct message (no community, no moderators)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from hearth.accounts.models import User
from hearth.chats.access import chat_access
from hearth.chats.actions import do_post_message
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.connections.tests.factories import connect
from hearth.conversations.actions import do_send
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Thread
from hearth.privacy.export import REGISTRY, Exported, rows_of
from hearth.safety.actions import do_notice_crisis
from hearth.safety.models import CheckedContent, WellbeingCheck

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
CRISIS = "I want to end it, I can't do this anymore"


@pytest.fixture
def lupus(tiffany: User, maya: User, ravi: User) -> Community:
    return make_community(tiffany, members=[maya], moderators=[ravi])


@pytest.fixture
def thread(lupus: Community, tiffany: User) -> Thread:
    return do_create_thread(tiffany, lupus, "Bad days", PostInput(source="How do you cope?"))


def notice_reply(maya: User, thread: Thread, text: str) -> int:
    post = do_reply(maya, thread, PostInput(source=text))
    do_notice_crisis(maya, text, what=CheckedContent.POST, object_id=post.pk, community=thread.community)
    return post.pk


def test_a_crisis_reply_puts_a_check_in_the_communitys_queue(
    thread: Thread, maya: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_id = notice_reply(maya, thread, CRISIS)

    check = WellbeingCheck.objects.get()
    assert (check.community, check.member, check.kind) == (thread.community, maya, "self_harm")
    assert (check.what, check.object_id) == ("post", post_id)
    assert check.handled_at is None
    assert check.handled_by is None


def test_nothing_is_written_before_the_commit(thread: Thread, maya: User) -> None:
    notice_reply(maya, thread, CRISIS)  # the test's transaction never commits

    assert not WellbeingCheck.objects.exists()


def test_no_check_when_the_community_turned_them_off(
    thread: Thread, maya: User, django_capture_on_commit_callbacks: Capture
) -> None:
    Community.objects.filter(pk=thread.community.pk).update(wellbeing_checks=False)

    with django_capture_on_commit_callbacks(execute=True):
        found = do_notice_crisis(
            maya, CRISIS, what=CheckedContent.POST, object_id=1, community=Community.objects.get(pk=thread.community.pk)
        )

    assert found is not None  # Maya still gets her help
    assert not WellbeingCheck.objects.exists()


def test_the_setting_is_on_by_default(lupus: Community) -> None:
    assert lupus.wellbeing_checks is True


def test_an_ordinary_reply_opens_no_check(
    thread: Thread, maya: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notice_reply(maya, thread, "Warm baths help me a lot.")

    assert not WellbeingCheck.objects.exists()


def test_the_same_content_noticed_twice_opens_one_check(
    thread: Thread, maya: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            do_notice_crisis(maya, CRISIS, what=CheckedContent.POST, object_id=7, community=thread.community)

    assert WellbeingCheck.objects.count() == 1


def test_a_direct_message_opens_no_check(maya: User, ravi: User, django_capture_on_commit_callbacks: Capture) -> None:
    connect(maya, ravi)

    with django_capture_on_commit_callbacks(execute=True):
        sent = do_send(maya, ravi, CRISIS)
        found = do_notice_crisis(maya, CRISIS, what=CheckedContent.DIRECT_MESSAGE, object_id=sent.message.pk)

    assert found is not None
    assert not WellbeingCheck.objects.exists()


def test_a_crisis_chat_message_opens_a_check(
    lupus: Community, tiffany: User, maya: User, django_capture_on_commit_callbacks: Capture
) -> None:
    chat = make_live_chat(tiffany, lupus)
    accepted = do_post_message(maya, chat_access(maya, chat.series), chat, "chest pain right now, crushing")

    with django_capture_on_commit_callbacks(execute=True):
        do_notice_crisis(
            maya,
            accepted.message.source,
            what=CheckedContent.CHAT_MESSAGE,
            object_id=accepted.message.pk,
            community=lupus,
        )

    check = WellbeingCheck.objects.get()
    assert (check.what, check.kind, check.community) == ("chat_message", "medical_emergency", lupus)


def test_the_reply_page_opens_the_check(
    thread: Thread, maya: User, maya_client: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    url = f"{thread.get_absolute_url()}reply/"

    with django_capture_on_commit_callbacks(execute=True):
        maya_client.post(url, {"body": CRISIS})

    assert WellbeingCheck.objects.filter(community=thread.community, member=maya).count() == 1


def test_the_check_is_in_mayas_data_export(thread: Thread, maya: User) -> None:
    WellbeingCheck.objects.create(community=thread.community, member=maya, kind="self_harm", what="post", object_id=1)
    rule = REGISTRY["safety.WellbeingCheck"]

    assert isinstance(rule, Exported)
    (row,) = rows_of(rule, maya)
    assert row["community"] == thread.community.slug
    assert "handled_by" not in row
