"""Maya is worried about Omar, who lives in the UK. Besides her report, Omar gets one private, kind
word, leading to a calm page with the Samaritans and 999; it never names Maya, nor says what was
reported. However many are worried the same day, he gets one such word a day."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.connections.tests.factories import connect
from hearth.conversations.actions import do_report_message, do_send
from hearth.moderation.actions import do_report_post
from hearth.moderation.actions.reports import (
    WORRIED_THANKS,
    do_report_chat_message,
    do_report_profile,
    do_send_kind_word,
)
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.moderation.tests.test_report_chat_messages import omar_says
from hearth.notifications.models import Kind, Notification
from hearth.profiles.actions import ProfileInput, do_update_profile

pytestmark = pytest.mark.django_db

OMAR_WROTE = "Stop your insulin"


@pytest.fixture
def omar(diabetes: Diabetes) -> User:
    do_update_profile(diabetes.omar, ProfileInput(country="GB"))
    return diabetes.omar


def _kind_words(member: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=member, kind=Kind.WORRIED))


def test_omar_gets_one_kind_word_with_uk_help(
    maya: User, omar: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        done = client_of(maya).post(
            reverse("moderation_report_post", args=[diabetes.post.pk]),
            {"reason": "worried", "note": "He sounds exhausted"},
            follow=True,
        )

    assert WORRIED_THANKS in done.content.decode().replace("&#x27;", "'")
    [word] = _kind_words(omar)
    assert (word.actor, word.community, word.post, word.thread, word.measure) == (
        None, diabetes.community, None, None, None
    )  # fmt: skip
    notices = client_of(omar).get(reverse("notifications")).content.decode()
    assert "Someone in Type 1 together is thinking of you." in notices
    assert reverse("moderation_support") in notices
    support = client_of(omar).get(reverse("moderation_support"))
    page = support.content.decode()
    assert support.status_code == 200
    assert "Someone is thinking of you" in page
    assert "Samaritans" in page
    assert 'href="tel:116123"' in page
    assert 'href="tel:999"' in page
    for secret in (maya.handle, "He sounds exhausted", OMAR_WROTE, "report"):
        assert secret not in notices
        assert secret not in page


def test_a_second_worried_report_the_same_day_sends_none(
    maya: User, ravi: User, omar: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    message = omar_says(diabetes)
    with django_capture_on_commit_callbacks(execute=True):
        do_report_post(maya, diabetes.post.pk, "worried")
    with django_capture_on_commit_callbacks(execute=True):
        do_report_post(maya, diabetes.post.pk, "worried")  # the same report again: it counts once
        do_report_chat_message(ravi, message.pk, "worried")
        do_report_profile(diabetes.founder, omar.handle, "worried")

    assert len(_kind_words(omar)) == 1


def test_a_day_later_someone_worried_sends_another(
    maya: User, omar: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_report_post(maya, diabetes.post.pk, "worried")
    Notification.objects.filter(kind=Kind.WORRIED).update(created_at=timezone.now() - timedelta(hours=25))

    with django_capture_on_commit_callbacks(execute=True):
        do_report_profile(maya, omar.handle, "worried")

    assert len(_kind_words(omar)) == 2


def test_worry_about_a_chat_message_or_a_profile_is_heard_too_but_a_direct_message_sends_nothing(
    maya: User, omar: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    connect(maya, omar)
    sam = UserFactory.create(handle="sam_cares")
    connect(sam, omar)
    chat_message = omar_says(diabetes, "I can't keep doing this.")
    direct_message = do_send(omar, maya, "Nobody would notice if I stopped.").message
    told = []

    for report in (
        lambda: do_report_chat_message(maya, chat_message.pk, "worried"),
        lambda: do_report_message(maya, direct_message, "worried"),
        lambda: do_report_profile(sam, omar.handle, "worried"),
    ):
        Notification.objects.filter(kind=Kind.WORRIED).delete()
        with django_capture_on_commit_callbacks(execute=True):
            report()
        told.append([word.community for word in _kind_words(omar)])

    # Only Maya could have reported Omar's message to her: a kind word would name her.
    assert told == [[diabetes.community], [], [None]]
    notices = client_of(omar).get(reverse("notifications")).content.decode()
    assert "Someone is thinking of you." in notices


def test_other_reasons_send_no_kind_word(
    maya: User, omar: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_report_post(maya, diabetes.post.pk, "misinformation")
        do_report_profile(maya, omar.handle, "spam")

    assert _kind_words(omar) == []


def test_an_earlier_report_for_another_reason_counts_once(
    maya: User, omar: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_report_post(maya, diabetes.post.pk, "spam")
        again = do_report_post(maya, diabetes.post.pk, "worried")

    assert again.already
    assert _kind_words(omar) == []


def test_the_kind_word_is_never_emailed(
    maya: User, omar: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_report_post(maya, diabetes.post.pk, "worried")

    assert len(_kind_words(omar)) == 1
    assert mail.outbox == []


def test_two_words_at_once_make_one(omar: User, diabetes: Diabetes) -> None:
    first = do_send_kind_word(omar.pk, diabetes.community.pk)
    second = do_send_kind_word(omar.pk, diabetes.community.pk)

    assert first is not None
    assert second is None
    assert len(_kind_words(omar)) == 1


def test_a_closed_account_gets_no_word(omar: User, diabetes: Diabetes) -> None:
    User.objects.filter(pk=omar.pk).update(is_active=False)

    assert do_send_kind_word(omar.pk, diabetes.community.pk) is None


def test_the_support_page_is_the_same_calm_page_for_everyone(maya: User, client: Any) -> None:
    page = client_of(maya).get(reverse("moderation_support"))
    visitor = client.get(reverse("moderation_support"))

    assert page.status_code == 200
    assert "Someone is thinking of you" in page.content.decode()
    # Maya did not say where she lives: the numbers of many places, and how to add hers.
    assert 'href="tel:112"' in page.content.decode()
    assert reverse("profile_edit") in page.content.decode()
    assert visitor.status_code == 302
    assert "/accounts/login/" in visitor["Location"]


def test_the_api_links_the_kind_word_to_the_support_page(
    maya: User, omar: User, diabetes: Diabetes, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_report_post(maya, diabetes.post.pk, "worried")

    found = client_of(omar).get("/api/v1/notifications").json()

    [word] = [n for n in found["items"] if n["kind"] == "worried"]
    assert word["url"] == reverse("moderation_support")
    assert word["actor"] is None
