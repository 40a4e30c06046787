"""Who may write to a member follows their "messages from" setting: nobody, members of their
communities, or their connections (the default). Connections may write unless the member chose
nobody; anyone may answer someone who wrote to them first. Every refusal reads the same."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.accounts.models import User
from hearth.communities.tests.factories import make_community
from hearth.connections.tests.factories import connect, messages_from, on_page
from hearth.conversations.access import CANNOT_MESSAGE, check_can_message
from hearth.conversations.actions import do_send
from hearth.conversations.models import DirectMessage

pytestmark = pytest.mark.django_db


def refused(sender: User, recipient: User) -> bool:
    """Whether `sender` is refused; every refusal must read the same."""
    try:
        check_can_message(sender, recipient)
    except ValidationError as error:
        said = error.messages
    else:
        return False
    assert said == [CANNOT_MESSAGE]
    return True


def test_by_default_only_connections_may_write(maya: User, tiffany: User, ravi: User) -> None:
    make_community(tiffany, members=[maya])
    connect(ravi, tiffany)

    assert refused(maya, tiffany)  # shares a community, not connected
    assert not refused(ravi, tiffany)


def test_members_of_my_communities_may_write_when_i_allow_it(maya: User, tiffany: User, ravi: User) -> None:
    messages_from(tiffany, "communities")
    make_community(tiffany, members=[maya])

    assert not refused(maya, tiffany)
    assert refused(ravi, tiffany)  # no community in common


def test_a_community_waiting_for_approval_is_not_shared(maya: User, tiffany: User) -> None:
    messages_from(tiffany, "communities")
    community = make_community(tiffany, members=[maya])
    community.status = "pending"
    community.save(update_fields=["status"])

    assert refused(maya, tiffany)


def test_nobody_means_nobody_may_start_a_conversation(maya: User, tiffany: User) -> None:
    messages_from(tiffany, "nobody")
    connect(maya, tiffany)

    assert refused(maya, tiffany)


def test_anyone_may_answer_someone_who_wrote_first(maya: User, tiffany: User) -> None:
    messages_from(tiffany, "communities")
    make_community(tiffany, members=[maya])
    do_send(maya, tiffany, "Hello, I saw your post on fatigue.")

    assert not refused(tiffany, maya)  # Maya takes messages from connections only, but wrote first
    do_send(tiffany, maya, "Hello Maya!")
    assert DirectMessage.objects.count() == 2


def test_the_page_of_a_member_who_takes_no_messages_is_404_until_there_is_history(
    maya: User, tiffany: User, maya_client: Client
) -> None:
    messages_from(tiffany, "nobody")

    assert maya_client.get("/messages/tiffany/").status_code == 404


def test_a_refused_message_on_the_page_keeps_the_text(maya: User, tiffany: User, maya_client: Client) -> None:
    connect(maya, tiffany)
    do_send(maya, tiffany, "Earlier message")
    messages_from(tiffany, "nobody")

    page = maya_client.get("/messages/tiffany/").content.decode()
    response = maya_client.post("/messages/tiffany/", {"body": "Are you there?"})

    assert on_page(CANNOT_MESSAGE) in page
    assert 'name="body"' not in page
    assert response.status_code == 422
    assert on_page(CANNOT_MESSAGE) in response.content.decode()
    assert "Are you there?" in response.content.decode()
    assert DirectMessage.objects.count() == 1
