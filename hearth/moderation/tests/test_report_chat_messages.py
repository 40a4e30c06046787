"""Maya reports Omar's message in a live chat of Ravi's closed community: once, however often she
sends it. Ravi sees it in his queue with where it was said and hides it; Omar is told why, the
room shows it no more, and lifting the measure shows it again. Whoever cannot read the chat
(an outsider, Tiffany next door) gets 404, and so does a message a host has hidden."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.audit.models import AuditEvent
from hearth.chats import actions as chat_actions
from hearth.chats.access import chat_access
from hearth.chats.models import ChatMessage, LiveChat
from hearth.chats.tests.factories import make_live_chat
from hearth.moderation.actions import ALREADY, THANKS
from hearth.moderation.actions.measures import do_lift
from hearth.moderation.actions.reports import do_report_chat_message
from hearth.moderation.models import Measure, MeasureKind, QueueItem, Report, TargetType
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

OMAR_SAYS = "Skip your insulin tonight, cinnamon works."


def omar_says(diabetes: Diabetes, text: str = OMAR_SAYS, *, tag: str = "T1Chat") -> ChatMessage:
    """Omar's message in a new live chat of Type 1 together (`tag`), hosted by Priya."""
    chat = make_live_chat(diabetes.founder, diabetes.community, tag=tag)
    return chat_actions.do_post_message(diabetes.omar, chat_access(diabetes.omar, chat.series), chat, text).message


def _url(message: ChatMessage) -> str:
    return reverse("moderation_report_chat_message", args=[message.pk])


@pytest.fixture
def message(diabetes: Diabetes) -> ChatMessage:
    return omar_says(diabetes)


@pytest.fixture
def frames(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, dict[str, Any]]]:
    """What the room is sent, in order."""
    sent: list[tuple[int, dict[str, Any]]] = []
    monkeypatch.setattr("hearth.chats.events.send_to_room", lambda chat_id, frame: sent.append((chat_id, frame)))
    return sent


def test_maya_reports_omars_chat_message_once(maya: User, diabetes: Diabetes, message: ChatMessage) -> None:
    client = client_of(maya)
    form = client.get(_url(message))
    body = {"reason": "misinformation", "evidence_url": "https://www.diabetes.org/insulin", "note": "Dangerous"}

    first = client.post(_url(message), body, follow=True)
    again = client.post(_url(message), body, follow=True)

    assert form.status_code == 200
    assert OMAR_SAYS in form.content.decode()
    assert "Moderators of Type 1 together will read the message" in form.content.decode()
    assert "omar is never told who reported it" in form.content.decode()
    assert THANKS in first.content.decode()
    assert ALREADY in again.content.decode()
    report = Report.objects.get()
    assert (report.target_type, report.target_id, report.reason) == (
        TargetType.CHAT_MESSAGE, message.pk, "misinformation"
    )  # fmt: skip
    assert report.evidence_url == "https://www.diabetes.org/insulin"
    assert report.source_url == message.get_absolute_url()
    assert report.item == QueueItem.objects.get(community=diabetes.community, target_type=TargetType.CHAT_MESSAGE)


def test_reporting_twice_counts_once(maya: User, diabetes: Diabetes, message: ChatMessage) -> None:
    first = do_report_chat_message(maya, message.pk, "spam")
    again = do_report_chat_message(maya, message.pk, "harassment")

    assert (first.already, again.already) == (False, True)
    assert again.report.pk == first.report.pk
    assert Report.objects.count() == 1


def test_bad_input_keeps_what_was_typed(maya: User, message: ChatMessage) -> None:
    response = client_of(maya).post(
        _url(message), {"reason": "misinformation", "evidence_url": "javascript:alert(1)", "note": "Please look"}
    )

    assert response.status_code == 422
    assert "must be a web address" in response.content.decode()
    assert "Please look" in response.content.decode()
    assert not Report.objects.exists()


def test_ravi_sees_it_in_his_queue_and_hides_it(
    maya: User,
    ravi: User,
    diabetes: Diabetes,
    message: ChatMessage,
    frames: list[tuple[int, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    do_report_chat_message(maya, message.pk, "misinformation", "Dangerous advice")
    item = QueueItem.objects.get()
    queue = client_of(ravi).get(reverse("moderation_queue", args=[diabetes.community.slug])).content.decode()
    decide = client_of(ravi).get(reverse("moderation_act", args=[item.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client_of(ravi).post(
            reverse("moderation_act", args=[item.pk]), {"decision": "hide", "reason": "Insulin is life-saving."}
        )

    assert "Live chat message" in queue
    assert OMAR_SAYS in queue
    assert "#T1Chat" in queue
    assert message.live_chat.get_absolute_url() in queue
    assert "by omar" in queue
    assert "Dangerous advice" in queue
    assert "Hide the message from the room and its transcript" in decide
    assert 'name="label_kind"' not in decide  # a chat message is not labelled
    assert 'value="label"' not in decide
    assert done.status_code == 302
    message.refresh_from_db()
    assert message.hidden_at is not None
    assert message.hidden_by == ravi
    measure = Measure.objects.get()
    assert (measure.kind, measure.target_type, measure.target_id, measure.member, measure.community) == (
        MeasureKind.HIDE, TargetType.CHAT_MESSAGE, message.pk, diabetes.omar, diabetes.community
    )  # fmt: skip
    assert measure.reason == "Insulin is life-saving."
    assert (message.live_chat_id, {"type": "hidden", "seq": message.seq}) in frames
    told = Notification.objects.get(recipient=diabetes.omar)
    assert (told.kind, told.actor, told.measure) == (Kind.MEASURE, None, measure)
    assert AuditEvent.objects.filter(action="chat_message:hide", target_id=message.pk, actor=ravi).exists()
    room = client_of(maya).get(message.live_chat.get_absolute_url()).content.decode()
    assert OMAR_SAYS not in room
    assert f"Message {message.seq} was hidden" in room
    assert client_of(maya).get(_url(message)).status_code == 404  # nothing left for her to report


def test_lifting_the_measure_shows_the_message_again(
    maya: User,
    ravi: User,
    message: ChatMessage,
    frames: list[tuple[int, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    do_report_chat_message(maya, message.pk, "spam")
    with django_capture_on_commit_callbacks(execute=True):
        client_of(ravi).post(
            reverse("moderation_act", args=[QueueItem.objects.get().pk]), {"decision": "hide", "reason": "Spam."}
        )
    frames.clear()

    do_lift(ravi, Measure.objects.get(), reason="On reflection, fine.")

    message.refresh_from_db()
    assert message.hidden_at is None
    assert [frame["type"] for _, frame in frames] == ["shown"]
    assert frames[0][1]["seq"] == message.seq
    assert OMAR_SAYS in client_of(maya).get(message.live_chat.get_absolute_url()).content.decode()


def test_lifting_the_measure_leaves_a_hosts_earlier_hiding(
    maya: User, ravi: User, diabetes: Diabetes, message: ChatMessage
) -> None:
    do_report_chat_message(maya, message.pk, "spam")
    chat = message.live_chat
    chat_actions.do_hide_message(diabetes.founder, chat_access(diabetes.founder, chat.series), chat, message.seq)
    client_of(ravi).post(
        reverse("moderation_act", args=[QueueItem.objects.get().pk]), {"decision": "hide", "reason": "Spam."}
    )

    do_lift(ravi, Measure.objects.get(), reason="On reflection, fine.")

    message.refresh_from_db()
    assert message.hidden_at is not None  # the host's hiding stands
    assert OMAR_SAYS not in client_of(maya).get(chat.get_absolute_url()).content.decode()


def test_a_message_cannot_be_labelled(maya: User, ravi: User, message: ChatMessage) -> None:
    do_report_chat_message(maya, message.pk, "spam")

    response = client_of(ravi).post(
        reverse("moderation_act", args=[QueueItem.objects.get().pk]), {"decision": "label", "reason": "No."}
    )

    assert response.status_code == 422
    assert not Measure.objects.exists()


def test_an_outsider_gets_404(diabetes: Diabetes, message: ChatMessage) -> None:
    sam = UserFactory.create(handle="sam_cares")

    assert client_of(sam).get(_url(message)).status_code == 404
    assert client_of(sam).post(_url(message), {"reason": "spam"}).status_code == 404
    with pytest.raises(Http404):
        do_report_chat_message(sam, message.pk, "spam")
    assert not Report.objects.exists()


def test_tiffany_next_door_sees_neither_the_message_nor_the_item(
    maya: User, tiffany: User, message: ChatMessage
) -> None:
    do_report_chat_message(maya, message.pk, "spam")

    assert client_of(tiffany).get(_url(message)).status_code == 404
    assert client_of(tiffany).get(reverse("moderation_act", args=[QueueItem.objects.get().pk])).status_code == 404


def test_unknown_and_huge_ids_are_404(maya: User) -> None:
    assert client_of(maya).get(reverse("moderation_report_chat_message", args=[987654])).status_code == 404
    assert client_of(maya).get(f"/moderation/report/chat-message/{2**70}/").status_code == 404


def test_a_hidden_message_is_reported_only_by_those_who_run_the_room(
    maya: User, ravi: User, diabetes: Diabetes, message: ChatMessage
) -> None:
    chat = message.live_chat
    chat_actions.do_hide_message(diabetes.founder, chat_access(diabetes.founder, chat.series), chat, message.seq)

    assert client_of(maya).get(_url(message)).status_code == 404
    with pytest.raises(Http404):
        do_report_chat_message(maya, message.pk, "spam")
    assert client_of(ravi).get(_url(message)).status_code == 200


def test_nobody_reports_their_own_message(diabetes: Diabetes, message: ChatMessage) -> None:
    assert client_of(diabetes.omar).get(_url(message)).status_code == 404
    with pytest.raises(ValidationError, match="your own message"):
        do_report_chat_message(diabetes.omar, message.pk, "spam")


def test_visitors_are_asked_to_sign_in(client: Any, message: ChatMessage) -> None:
    response = client.get(_url(message))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_room_and_the_message_page_offer_report_to_all_but_the_author(
    maya: User, diabetes: Diabetes, message: ChatMessage
) -> None:
    chat = message.live_chat
    page = reverse("chat_message", args=[diabetes.community.slug, chat.series.slug, chat.date.isoformat(), message.seq])

    assert _url(message) in client_of(maya).get(chat.get_absolute_url()).content.decode()
    assert _url(message) in client_of(maya).get(page).content.decode()
    assert _url(message) not in client_of(diabetes.omar).get(chat.get_absolute_url()).content.decode()
    assert _url(message) not in client_of(diabetes.omar).get(page).content.decode()


def test_the_transcript_offers_report_too(maya: User, diabetes: Diabetes) -> None:
    message = omar_says(diabetes)
    chat = message.live_chat
    LiveChat.objects.filter(pk=chat.pk).update(ended_early_at=message.created_at)
    transcript = reverse("chat_transcript", args=[diabetes.community.slug, chat.series.slug, chat.date.isoformat()])

    as_maya = client_of(maya).get(transcript)
    as_omar = client_of(diabetes.omar).get(transcript)

    assert as_maya.status_code == 200
    assert OMAR_SAYS in as_maya.content.decode()
    assert _url(message) in as_maya.content.decode()
    assert _url(message) not in as_omar.content.decode()
