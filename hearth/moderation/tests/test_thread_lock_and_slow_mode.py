"""Ravi, moderator of "Type 1 together", locks Omar's heated thread: Maya can read it but not
reply (what she typed is kept), Ravi still can; he unlocks it again. Slow mode lets Maya reply
once a minute. Tiffany, moderator next door, an outsider and Maya herself get 404 from the
moderation addresses; locking twice answers that it was."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import PostInput, do_create_thread
from hearth.discussions.models import Post, Thread
from hearth.moderation.actions.threads import do_lock_thread, do_set_slow_mode, do_unlock_thread
from hearth.moderation.tests.conftest import Diabetes, client_of

pytestmark = pytest.mark.django_db

REASON = "Things got heated; taking a breather until tomorrow."


@pytest.fixture
def thread(diabetes: Diabetes) -> Thread:
    """Omar's thread, which got heated."""
    return do_create_thread(diabetes.omar, diabetes.community, "Pump or pens?", PostInput(source="Which is better?"))


def _url(name: str, thread: Thread) -> str:
    return reverse(name, args=[thread.pk])


def _reply(client: Client, thread: Thread, body: str) -> Any:
    return client.post(reverse("thread_reply", args=[thread.community.slug, thread.pk]), {"body": body})


def test_ravi_locks_omars_thread_and_maya_cannot_reply(
    ravi: User, maya: User, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    ravi_client, maya_client = client_of(ravi), client_of(maya)
    before = ravi_client.get(thread.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = ravi_client.post(_url("moderation_thread_lock", thread), {"lock-reason": REASON}, follow=True)

    assert "Moderate this thread" in before
    assert "The thread is locked." in done.content.decode()
    thread.refresh_from_db()
    assert thread.locked_at is not None
    event = AuditEvent.objects.get(action="thread:lock")
    assert (event.actor, event.target_id, event.community, event.reason) == (ravi, thread.pk, thread.community, REASON)

    page = maya_client.get(thread.get_absolute_url()).content.decode()
    assert f"This thread is locked by the moderators: {REASON}" in page
    assert "Post reply" not in page
    assert "Moderate this thread" not in page

    refused = _reply(maya_client, thread, "But I wanted to add one more thing about pens.")
    assert refused.status_code == 422
    said = refused.content.decode()
    assert "This thread is locked: it takes no more replies." in said
    assert "But I wanted to add one more thing about pens." in said
    assert not Post.objects.filter(author=maya).exists()

    ravi_page = ravi_client.get(thread.get_absolute_url()).content.decode()
    assert "as a moderator you can still reply" in ravi_page
    assert _reply(ravi_client, thread, "Locked for today, thanks all.").status_code == 302
    assert Post.objects.filter(thread=thread, author=ravi).exists()


def test_ravi_unlocks_it_and_maya_replies_again(ravi: User, maya: User, thread: Thread) -> None:
    do_lock_thread(ravi, thread, REASON)

    done = client_of(ravi).post(_url("moderation_thread_unlock", thread), {"unlock-reason": "Calmer now."}, follow=True)

    assert "open to replies again" in done.content.decode()
    thread.refresh_from_db()
    assert thread.locked_at is None
    assert AuditEvent.objects.get(action="thread:unlock").reason == "Calmer now."
    page = client_of(maya).get(thread.get_absolute_url()).content.decode()
    assert "This thread is locked" not in page
    assert "Post reply" in page
    assert _reply(client_of(maya), thread, "Pens, for me.").status_code == 302


def test_locking_twice_answers_that_it_was(ravi: User, priya: User, thread: Thread) -> None:
    do_lock_thread(ravi, thread, REASON)

    again = client_of(priya).post(_url("moderation_thread_lock", thread), {"lock-reason": "Me too."}, follow=True)
    with pytest.raises(ValidationError) as refused:
        do_lock_thread(priya, thread, "Me too.")

    assert "This thread was already locked." in again.content.decode()
    assert refused.value.code == "handled"
    assert AuditEvent.objects.filter(action="thread:lock").count() == 1
    with pytest.raises(ValidationError) as not_locked:
        do_unlock_thread(ravi, do_unlock_thread(ravi, thread))
    assert not_locked.value.code == "handled"


def test_a_lock_needs_a_reason_and_keeps_what_was_typed(ravi: User, thread: Thread) -> None:
    empty = client_of(ravi).post(_url("moderation_thread_lock", thread), {"lock-reason": "  "})
    long_reason = "Too long. " * 40
    too_long = client_of(ravi).post(_url("moderation_thread_lock", thread), {"lock-reason": long_reason})

    assert empty.status_code == 422
    assert 'id="error-summary"' in empty.content.decode()
    assert "Why lock it: This field is required." in empty.content.decode()
    assert too_long.status_code == 422
    assert long_reason.strip() in too_long.content.decode()
    thread.refresh_from_db()
    assert thread.locked_at is None


def test_slow_mode_lets_maya_reply_once_a_minute(ravi: User, maya: User, thread: Thread) -> None:
    done = client_of(ravi).post(_url("moderation_thread_slow_mode", thread), {"slow-seconds": "60"}, follow=True)
    maya_client = client_of(maya)

    assert "one reply every minute each" in done.content.decode()
    assert AuditEvent.objects.get(action="thread:slow_mode").data == {"seconds": 60}
    page = maya_client.get(thread.get_absolute_url()).content.decode()
    assert "Slow mode: one reply every minute each." in page
    assert _reply(maya_client, thread, "First thought.").status_code == 302
    refused = _reply(maya_client, thread, "A second thought, right away.")
    assert refused.status_code == 422
    assert "This thread is in slow mode" in refused.content.decode()
    assert "You can reply again in" in refused.content.decode()
    assert "A second thought, right away." in refused.content.decode()
    # A minute later she may.
    Post.objects.filter(author=maya).update(created_at=Post.objects.get(author=maya).created_at - timedelta(seconds=61))
    assert _reply(maya_client, thread, "A second thought, later.").status_code == 302
    # Moderators are not slowed.
    assert _reply(client_of(ravi), thread, "One.").status_code == 302
    assert _reply(client_of(ravi), thread, "Two.").status_code == 302


def test_slow_mode_choices_are_checked(ravi: User, thread: Thread) -> None:
    odd = client_of(ravi).post(_url("moderation_thread_slow_mode", thread), {"slow-seconds": "7", "slow-reason": "Hm"})
    with pytest.raises(ValidationError):
        do_set_slow_mode(ravi, thread, 86_401)
    with pytest.raises(ValidationError):
        do_set_slow_mode(ravi, thread, -1)

    assert odd.status_code == 422
    assert 'value="Hm"' in odd.content.decode()
    assert do_set_slow_mode(ravi, thread, 120).slow_mode_seconds == 120  # any number from the API
    page = client_of(ravi).get(thread.get_absolute_url()).content.decode()
    assert "One reply every 2 minutes" in page  # offered in the list, as it is in force
    off = client_of(ravi).post(_url("moderation_thread_slow_mode", thread), {"slow-seconds": "0"}, follow=True)
    assert "Slow mode is off." in off.content.decode()
    again = client_of(ravi).post(_url("moderation_thread_slow_mode", thread), {"slow-seconds": "0"}, follow=True)
    assert "Slow mode was already off." in again.content.decode()


@pytest.mark.parametrize("name", ["moderation_thread_lock", "moderation_thread_unlock", "moderation_thread_slow_mode"])
def test_tiffany_an_outsider_and_maya_get_404(name: str, tiffany: User, maya: User, thread: Thread) -> None:
    outsider = UserFactory.create(handle="passerby")
    body = {"lock-reason": "No.", "unlock-reason": "No.", "slow-seconds": "60"}

    for person in (tiffany, outsider, maya):
        assert client_of(person).post(_url(name, thread), body).status_code == 404
    signed_out = Client().post(_url(name, thread), body)
    assert signed_out.status_code == 302
    assert "/accounts/login/" in signed_out["Location"]
    assert client_of(tiffany).post(reverse(name, args=[thread.pk + 1000]), body).status_code == 404
    thread.refresh_from_db()
    assert (thread.locked_at, thread.slow_mode_seconds) == (None, 0)
    assert not AuditEvent.objects.filter(action__startswith="thread:").exists()


def test_a_site_administrator_may_lock_any_thread(site_admin: User, thread: Thread) -> None:
    response = client_of(site_admin).post(_url("moderation_thread_lock", thread), {"lock-reason": REASON})

    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.locked_at is not None


def test_members_pages_cost_no_query_for_moderation(ravi: User, maya: User, thread: Thread) -> None:
    maya_client = client_of(maya)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert maya_client.get(thread.get_absolute_url()).status_code == 200
        return len(captured)

    queries()  # the first visit records the session
    plain = queries()
    do_set_slow_mode(ravi, thread, 300)

    assert queries() == plain


def test_visitors_see_the_lock_at_once(
    ravi: User, tiffany: User, maya: User, django_capture_on_commit_callbacks: Any
) -> None:
    lupus = make_community(tiffany, "Living with lupus", members=[maya], moderators=[ravi])
    thread = do_create_thread(maya, lupus, "Sun and flares", PostInput(source="Does the sun trigger yours?"))
    visitor = Client()
    assert "locked" not in visitor.get(thread.get_absolute_url()).content.decode()  # now cached for visitors

    with django_capture_on_commit_callbacks(execute=True):
        do_lock_thread(ravi, thread, REASON)

    assert (
        f"This thread is locked by the moderators: {REASON}" in visitor.get(thread.get_absolute_url()).content.decode()
    )


@pytest.fixture
def priya(diabetes: Diabetes) -> User:
    """The founder of "Type 1 together"."""
    return diabetes.founder
