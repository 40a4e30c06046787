"""Scripts report as the pages do: Maya's token reports Omar's chat message, his profile and a
community (201, then 200 when it counts once); what she cannot see is 404; her own message and
profile are 409; a visitor without a token is 401."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions as chat_actions
from hearth.chats.access import chat_access
from hearth.communities.tests.factories import make_community
from hearth.moderation.actions import ALREADY, THANKS
from hearth.moderation.actions.reports import WORRIED_THANKS
from hearth.moderation.models import QueueItem, Report, TargetType
from hearth.moderation.tests.conftest import Diabetes
from hearth.moderation.tests.test_report_chat_messages import omar_says
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1/moderation"


def script_of(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, 'script').secret}"})


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(PREFIX + path, body, content_type="application/json")


def test_maya_reports_a_chat_message_once(maya: User, diabetes: Diabetes) -> None:
    message = omar_says(diabetes)
    script = script_of(maya)
    body = {"reason": "misinformation", "note": "Dangerous", "source": "https://www.diabetes.org/insulin"}

    first = _post(script, f"/chat-messages/{message.pk}/reports", body)
    again = _post(script, f"/chat-messages/{message.pk}/reports", body)

    assert (first.status_code, first.json()) == (201, {"detail": THANKS, "already": False})
    assert (again.status_code, again.json()) == (200, {"detail": ALREADY, "already": True})
    report = Report.objects.get()
    assert (report.target_type, report.target_id, report.evidence_url) == (
        TargetType.CHAT_MESSAGE, message.pk, "https://www.diabetes.org/insulin"
    )  # fmt: skip
    assert QueueItem.objects.get().community == diabetes.community


def test_chat_messages_one_cannot_read_or_wrote_are_refused(maya: User, diabetes: Diabetes) -> None:
    message = omar_says(diabetes)
    sam = UserFactory.create(handle="sam_cares")
    path = f"/chat-messages/{message.pk}/reports"

    script = script_of(maya)
    outsider = _post(script_of(sam), path, {"reason": "spam"})
    own = _post(script_of(diabetes.omar), path, {"reason": "spam"})
    missing = _post(script, "/chat-messages/987654/reports", {"reason": "spam"})
    anonymous = _post(Client(), path, {"reason": "spam"})
    chat = message.live_chat
    chat_actions.do_hide_message(diabetes.founder, chat_access(diabetes.founder, chat.series), chat, message.seq)
    hidden = _post(script, path, {"reason": "spam"})

    assert (outsider.status_code, own.status_code, missing.status_code, anonymous.status_code) == (404, 409, 404, 401)
    assert hidden.status_code == 404
    assert not Report.objects.exists()


def test_a_source_must_be_a_web_address(maya: User, diabetes: Diabetes) -> None:
    message = omar_says(diabetes)

    response = _post(
        script_of(maya), f"/chat-messages/{message.pk}/reports", {"reason": "misinformation", "source": "ftp://x.org"}
    )

    assert response.status_code == 409
    assert "web address" in response.json()["detail"]


def test_maya_reports_omars_profile_to_the_site_queue(maya: User, diabetes: Diabetes) -> None:
    script = script_of(maya)
    first = _post(script, "/profiles/omar/reports", {"reason": "spam"})
    again = _post(script, "/profiles/omar/reports", {"reason": "spam"})

    assert (first.status_code, again.status_code) == (201, 200)
    item = QueueItem.objects.get()
    assert (item.target_type, item.target_id, item.community) == (TargetType.PROFILE, diabetes.omar.pk, None)


def test_profiles_one_cannot_see_or_owns_are_refused(maya: User) -> None:
    UserFactory.create(handle="gone_now", is_active=False)
    script = script_of(maya)

    assert _post(script, "/profiles/gone_now/reports", {"reason": "spam"}).status_code == 404
    assert _post(script, "/profiles/nobody_here/reports", {"reason": "spam"}).status_code == 404
    assert _post(script, f"/profiles/{maya.handle}/reports", {"reason": "spam"}).status_code == 409
    assert not Report.objects.exists()


def test_maya_reports_a_community_she_can_see(maya: User, tiffany: User, diabetes: Diabetes) -> None:
    hidden = make_community(tiffany, "Lupus inner circle", visibility="private")
    script = script_of(maya)

    seen = _post(script, f"/communities/{diabetes.lupus.slug}/reports", {"reason": "spam"})
    private = _post(script, f"/communities/{hidden.slug}/reports", {"reason": "spam"})
    worried = _post(script, f"/communities/{diabetes.community.slug}/reports", {"reason": "worried"})

    assert seen.status_code == 201
    assert private.status_code == 404
    assert worried.status_code == 409
    assert "not a person" in worried.json()["detail"]
    item = QueueItem.objects.get()
    assert (item.target_type, item.target_id, item.community) == (TargetType.COMMUNITY, diabetes.lupus.pk, None)


def test_worried_through_the_api_sends_the_kind_word(
    maya: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    message = omar_says(diabetes)

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(script_of(maya), f"/chat-messages/{message.pk}/reports", {"reason": "worried"})

    assert (response.status_code, response.json()["detail"]) == (201, WORRIED_THANKS)
    assert Notification.objects.filter(recipient=diabetes.omar, kind=Kind.WORRIED).count() == 1


def test_bad_input_is_422_never_500(maya: User, diabetes: Diabetes) -> None:
    script = script_of(maya)

    assert _post(script, "/profiles/omar/reports", {"reason": "boring"}).status_code == 422
    assert _post(script, "/profiles/omar/reports", {"reason": "spam", "note": "x" * 1001}).status_code == 422
    assert _post(script, "/profiles/omar/reports", {"reason": "spam", "extra": 1}).status_code == 422
    assert _post(script, f"/chat-messages/{2**70}/reports", {"reason": "spam"}).status_code == 422
    assert not Report.objects.exists()
