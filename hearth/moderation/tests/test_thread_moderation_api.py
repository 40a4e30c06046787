"""Locking a thread and slow mode through the API: Ravi's scripts lock Omar's thread and set its
slow mode; Maya's replies are refused with 409 and the reason; Tiffany, an outsider and Maya
get 404 from the moderation operations, someone without a token 401."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.discussions.actions import PostInput, do_create_thread
from hearth.discussions.models import Post, Thread
from hearth.moderation.tests.conftest import Diabetes

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"


@pytest.fixture
def thread(diabetes: Diabetes) -> Thread:
    return do_create_thread(diabetes.omar, diabetes.community, "Pump or pens?", PostInput(source="Which is better?"))


_SCRIPTS = itertools.count()


def script(user: User) -> Client:
    secret = do_create_access_token(user, f"script {next(_SCRIPTS)}").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(PREFIX + path, body, content_type="application/json")


def test_ravi_locks_omars_thread_and_mayas_reply_is_refused(ravi: User, maya: User, thread: Thread) -> None:
    locked = post(script(ravi), f"/moderation/threads/{thread.pk}/lock", {"reason": "Cooling down for a day."})

    assert locked.status_code == 200
    assert locked.json()["locked"] is True
    assert locked.json()["url"] == thread.get_absolute_url()
    shown = script(maya).get(f"{PREFIX}/threads/{thread.pk}").json()
    assert (shown["locked"], shown["slow_mode_seconds"]) == (True, 0)
    refused = post(script(maya), f"/threads/{thread.pk}/posts", {"body": "One more thing."})
    assert refused.status_code == 409
    assert refused.json() == {"detail": "This thread is locked: it takes no more replies."}
    assert post(script(ravi), f"/threads/{thread.pk}/posts", {"body": "Locked for today."}).status_code == 201
    assert AuditEvent.objects.get(action="thread:lock").reason == "Cooling down for a day."


def test_locking_twice_and_unlocking_twice_answer_409(ravi: User, thread: Thread) -> None:
    client = script(ravi)
    post(client, f"/moderation/threads/{thread.pk}/lock", {"reason": "Cooling down."})

    again = post(client, f"/moderation/threads/{thread.pk}/lock", {"reason": "Cooling down."})
    unlocked = post(client, f"/moderation/threads/{thread.pk}/unlock", {})
    unlocked_again = post(client, f"/moderation/threads/{thread.pk}/unlock", {"reason": "Calm."})

    assert again.status_code == 409
    assert again.json() == {"detail": "This thread was already locked."}
    assert unlocked.status_code == 200
    assert unlocked.json()["locked"] is False
    assert unlocked_again.status_code == 409
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == ["thread:lock", "thread:unlock"]


def test_slow_mode_refuses_mayas_second_reply_within_a_minute(ravi: User, maya: User, thread: Thread) -> None:
    set_to = post(script(ravi), f"/moderation/threads/{thread.pk}/slow-mode", {"seconds": 60, "reason": "Busy."})
    maya_script = script(maya)

    assert set_to.status_code == 200
    assert set_to.json()["slow_mode_seconds"] == 60
    assert post(maya_script, f"/threads/{thread.pk}/posts", {"body": "First."}).status_code == 201
    second = post(maya_script, f"/threads/{thread.pk}/posts", {"body": "Second."})
    assert second.status_code == 409
    assert "one reply every 60 seconds" in second.json()["detail"]
    assert "You can reply again in" in second.json()["detail"]
    Post.objects.filter(author=maya).update(created_at=Post.objects.get(author=maya).created_at - timedelta(seconds=61))
    assert post(maya_script, f"/threads/{thread.pk}/posts", {"body": "Second, later."}).status_code == 201
    listed = maya_script.get(f"{PREFIX}/communities/{thread.community.slug}/threads").json()["items"]
    assert {item["id"]: item["slow_mode_seconds"] for item in listed}[thread.pk] == 60
    same = post(script(ravi), f"/moderation/threads/{thread.pk}/slow-mode", {"seconds": 60})
    assert same.status_code == 409


@pytest.mark.parametrize(
    "body",
    [{"seconds": 86_401}, {"seconds": -1}, {"seconds": "60"}, {"seconds": True}, {}, {"seconds": 60, "extra": 1}],
)
def test_slow_mode_takes_a_number_of_seconds_up_to_a_day(ravi: User, thread: Thread, body: dict[str, Any]) -> None:
    response = post(script(ravi), f"/moderation/threads/{thread.pk}/slow-mode", body)

    assert response.status_code == 422
    thread.refresh_from_db()
    assert thread.slow_mode_seconds == 0


def test_a_lock_needs_a_reason(ravi: User, thread: Thread) -> None:
    for body in ({}, {"reason": "   "}, {"reason": "x" * 301}):
        assert post(script(ravi), f"/moderation/threads/{thread.pk}/lock", body).status_code == 422
    thread.refresh_from_db()
    assert thread.locked_at is None


@pytest.mark.parametrize("operation", ["lock", "unlock", "slow-mode"])
def test_tiffany_an_outsider_and_maya_get_404(operation: str, tiffany: User, maya: User, thread: Thread) -> None:
    body = {"reason": "No.", "seconds": 60} if operation == "slow-mode" else {"reason": "No."}
    outsider = UserFactory.create(handle="passerby")

    for person in (tiffany, outsider, maya):
        response = post(script(person), f"/moderation/threads/{thread.pk}/{operation}", body)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}
    assert post(Client(), f"/moderation/threads/{thread.pk}/{operation}", body).status_code == 401
    assert post(script(tiffany), f"/moderation/threads/{thread.pk + 1000}/{operation}", body).status_code == 404
    thread.refresh_from_db()
    assert (thread.locked_at, thread.slow_mode_seconds) == (None, 0)


def test_a_site_administrator_may_set_slow_mode_anywhere(site_admin: User, thread: Thread) -> None:
    response = post(script(site_admin), f"/moderation/threads/{thread.pk}/slow-mode", {"seconds": 900})

    assert response.status_code == 200
    assert response.json()["slow_mode_seconds"] == 900
