"""Dev made his account yesterday and joined Type 1 together. For his first two days he may share
one link per post, live chat message or direct message: two are refused plainly, with his words
kept; one is fine. An account three days old, and the community's moderators, share freely."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.chats import actions as chat_actions
from hearth.chats.access import chat_access
from hearth.chats.tests.factories import make_live_chat
from hearth.communities.models import Membership
from hearth.conversations.actions import do_send
from hearth.conversations.models import DirectMessage
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Post
from hearth.moderation.safeguards import check_links, links_in
from hearth.moderation.tests.conftest import Diabetes, client_of
from hearth.profiles.access import profile_of
from hearth.profiles.models import MessagesFrom

pytestmark = pytest.mark.django_db

TWO_LINKS = "Read [this](https://one.example/a) and <https://two.example/b> first."
REFUSED = "New accounts can share one link per post for their first two days. Your words are kept."


def _member(diabetes: Diabetes, handle: str, days: float) -> User:
    person = UserFactory.create(handle=handle)
    Membership.objects.create(community=diabetes.community, user=person)
    User.objects.filter(pk=person.pk).update(date_joined=timezone.now() - timedelta(days=days))
    person.refresh_from_db()
    return person


@pytest.fixture
def dev(diabetes: Diabetes) -> User:
    """Joined yesterday."""
    return _member(diabetes, "dev_new", days=1)


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("No links at all.", 0),
        ("[NHS](https://www.nhs.uk/) and again https://www.nhs.uk", 1),
        (TWO_LINKS, 2),
        ("See www.one.example and https://two.example/b.", 2),
        ("Write to <ravi@example.org> or [me](https://one.example)", 2),
        ("```\nhttps://one.example https://two.example\n```", 2),
    ],
)
def test_links_are_counted_once_per_place(text: str, links: int) -> None:
    assert links_in(text) == links


def test_dev_may_not_share_two_links_in_a_post(dev: User, diabetes: Diabetes) -> None:
    url = reverse("thread_reply", args=[diabetes.community.slug, diabetes.post.thread.pk])

    page = client_of(dev).post(url, {"body": TWO_LINKS})

    assert page.status_code == 422
    assert REFUSED in page.content.decode()
    assert "Read [this](https://one.example/a)" in page.content.decode()  # his words are still in the box
    assert not Post.objects.filter(author=dev).exists()
    with pytest.raises(ValidationError) as refused:
        do_create_thread(dev, diabetes.community, "Good reads", PostInput(source=TWO_LINKS))
    assert refused.value.code == "links"


def test_one_link_is_fine(dev: User, diabetes: Diabetes) -> None:
    url = reverse("thread_reply", args=[diabetes.community.slug, diabetes.post.thread.pk])

    page = client_of(dev).post(url, {"body": "This helped me: https://www.nhs.uk/conditions/type-1-diabetes/"})

    assert page.status_code == 302
    assert Post.objects.filter(author=dev).exists()


def test_the_api_refuses_with_409(dev: User, diabetes: Diabetes) -> None:
    token = do_create_access_token(dev, "tests").secret
    client = Client(headers={"Authorization": f"Bearer {token}"})

    answer = client.post(
        f"/api/v1/threads/{diabetes.post.thread.pk}/posts", {"body": TWO_LINKS}, content_type="application/json"
    )

    assert answer.status_code == 409
    assert answer.json() == {"detail": REFUSED}


def test_an_account_three_days_old_and_moderators_share_freely(diabetes: Diabetes, ravi: User) -> None:
    older = _member(diabetes, "older", days=3)

    do_reply(older, diabetes.post.thread, PostInput(source=TWO_LINKS))
    do_reply(ravi, diabetes.post.thread, PostInput(source=TWO_LINKS))  # his account is new, but he moderates

    assert Post.objects.filter(source=TWO_LINKS).count() == 2


def test_live_chat_messages_too(dev: User, diabetes: Diabetes) -> None:
    chat = make_live_chat(diabetes.founder, diabetes.community)
    access = chat_access(dev, chat.series)

    with pytest.raises(ValidationError, match="one link per message") as refused:
        chat_actions.do_post_message(dev, access, chat, TWO_LINKS)
    accepted = chat_actions.do_post_message(dev, access, chat, "https://www.nhs.uk/")

    assert refused.value.code == "links"
    assert accepted.created


def test_direct_messages_too(dev: User, maya: User) -> None:
    profile = profile_of(maya)
    profile.messages_from = MessagesFrom.COMMUNITIES
    profile.save()

    with pytest.raises(ValidationError, match="one link per message") as refused:
        do_send(dev, maya, TWO_LINKS)
    do_send(dev, maya, "https://www.nhs.uk/")

    assert refused.value.code == "links"
    assert DirectMessage.objects.filter(sender=dev).count() == 1


def test_site_administrators_are_exempt_in_direct_messages(dev: User, site_admin: User) -> None:
    User.objects.filter(pk=site_admin.pk).update(date_joined=timezone.now())
    site_admin.refresh_from_db()

    check_links(site_admin, TWO_LINKS)  # no refusal
    with pytest.raises(ValidationError):
        check_links(dev, TWO_LINKS)
