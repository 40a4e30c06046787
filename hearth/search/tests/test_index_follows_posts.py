"""The index follows every write: edited posts are found by their new words only, and deleted
posts and threads are found no more."""

from __future__ import annotations

import pytest
from django.db import connection

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.discussions.actions import do_delete_post, do_edit_post
from hearth.discussions.models import Post
from hearth.search.tests.factories import first_post, make_reply, make_thread
from hearth.search.tests.finding import found

pytestmark = pytest.mark.django_db


def _indexed_ids() -> set[int]:
    table, column = (
        ("search_post_document", "post_id") if connection.vendor == "postgresql" else ("search_post_fts", "rowid")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def test_an_edited_post_is_found_by_its_new_words_and_not_its_old(maya: User, tiffany: User, lupus: Community) -> None:
    post = first_post(make_thread(maya, lupus, "Question", "Does azathioprine cause hair loss?"))

    do_edit_post(maya, post, "Does mycophenolate cause hair loss?")

    assert found(tiffany, "mycophenolate") == [post.pk]
    assert found(tiffany, "azathioprine") == []
    assert found(tiffany, "question hair") == [post.pk]  # the title is still indexed


def test_an_edited_reply_is_found_by_its_new_words(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Sunscreen", "Which sunscreen do you use?")
    reply = make_reply(maya, thread, "Factor thirty.")

    do_edit_post(maya, reply, "Factor fifty, always.")

    assert found(tiffany, "fifty") == [reply.pk]
    assert found(tiffany, "thirty") == []


def test_a_deleted_reply_is_no_longer_found(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(tiffany, lupus, "Sunscreen", "Which sunscreen do you use?")
    reply = make_reply(maya, thread, "I regret posting my dermatologist's name.")

    do_delete_post(maya, reply)

    assert found(tiffany, "dermatologist") == []
    assert reply.pk not in _indexed_ids()


def test_a_deleted_thread_takes_its_replies_out_of_the_index(maya: User, tiffany: User, lupus: Community) -> None:
    thread = make_thread(maya, lupus, "Biopsy results", "My kidney biopsy showed class IV nephritis.")
    reply = make_reply(tiffany, thread, "Sending a hug about the biopsy.")

    do_delete_post(maya, first_post(thread))

    assert found(tiffany, "biopsy") == []
    assert found(maya, "biopsy") == []
    assert not _indexed_ids() & {first_post(thread).pk, reply.pk}


def test_a_moderator_deleting_a_post_removes_it_too(maya: User, tiffany: User, lupus: Community) -> None:
    post = first_post(make_thread(maya, lupus, "Spam", "Buy miracle turmeric cures here."))

    do_delete_post(tiffany, post)

    assert found(maya, "turmeric") == []


def test_a_post_removed_from_the_database_leaves_the_index(maya: User, lupus: Community) -> None:
    post = first_post(make_thread(maya, lupus, "Gone", "Erased entirely."))

    Post.objects.filter(pk=post.pk).delete()

    assert found(maya, "erased") == []
    if connection.vendor == "postgresql":  # by trigger; SQLite never gives the id to another post
        assert post.pk not in _indexed_ids()
