"""Fourteen days after Maya asked, the hourly job erases her account: her posts and chat
messages are deleted, or kept as by "Former member" if she chose so; nothing else of her stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import PASSWORD
from hearth.audit.models import AuditEvent
from hearth.chats import actions as chat_actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatMessage
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.models import Community
from hearth.discussions.models import Post, Thread
from hearth.privacy import tasks
from hearth.privacy.actions import do_request_deletion, erase_due_accounts
from hearth.privacy.erasure import FORMER_MEMBER, REMOVED_TITLE, is_former_member
from hearth.privacy.models import AccountDeletion
from hearth.privacy.tests.conftest import World
from hearth.search.tests.factories import make_reply, make_thread

pytestmark = pytest.mark.django_db


def _search(client: Client, words: str) -> str:
    return client.get("/search/", {"q": words}).content.decode()


def _index_holds(post_id: int) -> bool:
    table, column = (
        ("search_post_fts", "rowid") if connection.vendor == "sqlite" else ("search_post_document", "post_id")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s", [post_id])  # noqa: S608
        return bool(cursor.fetchone()[0])


def _schedule(maya: User, *, keep_posts: bool) -> AccountDeletion:
    deletion = do_request_deletion(maya, PASSWORD, keep_posts=keep_posts)
    AccountDeletion.objects.filter(pk=deletion.pk).update(erase_after=timezone.now() - timedelta(minutes=1))
    return deletion


@pytest.fixture
def mayas_chat_message(world: World, maya: User, tiffany: User) -> ChatMessage:
    chat = make_live_chat(tiffany, world.community)
    return chat_actions.do_post_message(maya, chat_access(maya, chat.series), chat, "Drains again, sorry").message


def test_nothing_happens_before_the_fourteen_days(world: World, maya: User) -> None:
    do_request_deletion(maya, PASSWORD, keep_posts=False)

    assert erase_due_accounts(timezone.now() + timedelta(days=13)) == 0
    assert User.objects.filter(pk=maya.pk).exists()


def test_kept_posts_show_former_member(
    world: World, maya: User, tiffany: User, mayas_chat_message: ChatMessage, client: Client
) -> None:
    own_thread = make_thread(maya, world.community, "Drain care tips", "Wash them with saline.")
    deletion = _schedule(maya, keep_posts=True)

    tasks.erase_due_accounts()

    assert not User.objects.filter(pk=maya.pk).exists()
    reply = Post.objects.get(pk=world.reply.pk)
    assert reply.author is None
    assert reply.source == "Ask about drains, they surprised me."
    assert Thread.objects.get(pk=own_thread.pk).author is None
    page = client.get(world.thread.get_absolute_url()).content.decode()
    assert FORMER_MEMBER in page
    assert "maya_r" not in page
    assert "they surprised me" in _search(client, "drains")  # kept posts stay findable, with no author
    message = ChatMessage.objects.get(pk=mayas_chat_message.pk)
    assert message.author.public_name == FORMER_MEMBER
    assert not message.author.is_active
    assert message.author.email.endswith("@erased.invalid")
    assert not message.author.has_usable_password()
    assert is_former_member(message.author)
    deletion.refresh_from_db()
    assert deletion.erased_at is not None
    assert client.get("/members/maya_r/").status_code == 404


def test_deleted_posts_are_gone_from_pages_and_search(
    world: World, maya: User, tiffany: User, mayas_chat_message: ChatMessage, client: Client
) -> None:
    alone = make_thread(maya, world.community, "Drain care tips", "Wash them with saline.")
    answered = make_thread(maya, world.community, "Surgeon questions", "Which surgeon did you choose?")
    tiffany_reply = make_reply(tiffany, answered, "Mine was wonderful.")
    _schedule(maya, keep_posts=False)

    assert erase_due_accounts() == 1

    assert not Post.objects.filter(pk=world.reply.pk).exists()
    assert not _index_holds(world.reply.pk)
    assert not Thread.objects.filter(pk=alone.pk).exists()
    kept = Thread.objects.get(pk=answered.pk)
    assert kept.title == REMOVED_TITLE
    assert kept.author is None
    assert Post.objects.get(pk=tiffany_reply.pk).source == "Mine was wonderful."
    opening = Post.objects.get(thread=kept, is_first=True)
    assert (opening.source, opening.author, opening.deleted_at is not None) == ("", None, True)
    assert not _index_holds(opening.pk)
    assert "Wash them" not in _search(client, "saline")
    assert not ChatMessage.objects.filter(pk=mayas_chat_message.pk).exists()
    world.thread.refresh_from_db()
    assert world.thread.reply_count == 0
    community = Community.objects.get(pk=world.community.pk)
    assert community.member_count == 1  # Tiffany
    assert community.post_count == Post.objects.filter(community=community).count()
    assert community.thread_count == Thread.objects.filter(community=community).count()


def test_the_audit_log_says_so_without_personal_data(world: World, maya: User) -> None:
    _schedule(maya, keep_posts=False)

    erase_due_accounts()

    event = AuditEvent.objects.get(action="account:erase")
    assert event.actor is None
    assert event.data == {"kept_posts": False}
    assert "maya" not in str(event.data) + event.reason


def test_her_sessions_end(world: World, maya: User) -> None:
    browser = Client()
    browser.post("/accounts/login/", {"login": maya.email, "password": PASSWORD})
    assert browser.get("/my-data/").status_code == 200
    _schedule(maya, keep_posts=False)

    erase_due_accounts()

    assert browser.get("/my-data/").status_code == 302


def test_a_pending_export_is_dropped(world: World, maya: User, maya_client: Client) -> None:
    from hearth.privacy.models import DataExport
    from hearth.privacy.tasks import build_export

    maya_client.post("/my-data/export/")
    export_id = DataExport.objects.get().pk
    _schedule(maya, keep_posts=True)

    erase_due_accounts()
    build_export(export_id)  # the queued job, run after the erasure, finds nothing to do

    assert not DataExport.objects.exists()
