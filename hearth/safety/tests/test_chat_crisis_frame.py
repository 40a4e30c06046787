"""In the live room, Maya's crisis message is acknowledged and goes to everyone unchanged; then a
private `crisis` frame goes to her connection alone (docs/chat-protocol.md). Tiffany, in the same
room, gets the message and nothing else."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync

from hearth.accounts.models import User
from hearth.chats.models import LiveChat
from hearth.chats.tests.factories import make_live_chat
from hearth.chats.tests.test_room_websocket import frames_through, frames_until, join, quiet, session_of
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.safety.models import WellbeingCheck

# Channels closes database connections from its own threads: the test needs real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(tiffany: User, maya: User) -> LiveChat:
    lupus: Community = make_community(tiffany, members=[maya])
    return make_live_chat(tiffany, lupus)


def test_the_crisis_frame_goes_to_the_author_alone(tiffany: User, maya: User, live: LiveChat) -> None:
    maya_session, tiffany_session = session_of(maya), session_of(tiffany)

    async def scenario() -> None:
        maya_socket, _ = await join(live, maya_session)
        tiffany_socket, _ = await join(live, tiffany_session)

        await maya_socket.send_json_to({"type": "message", "body": "I want to die, I'm done", "client_id": "c-1"})
        seen = await frames_through(maya_socket, "crisis")
        (for_tiffany,) = await frames_until(tiffany_socket, 1)
        more_for_tiffany = await quiet(tiffany_socket)
        await maya_socket.disconnect()
        await tiffany_socket.disconnect()

        kinds = [frame["type"] for frame in seen]
        assert kinds.index("ack") < kinds.index("crisis")
        crisis = seen[-1]
        assert crisis["kind"] == "self_harm"
        assert any(resource["kind"] == "emergency" for resource in crisis["resources"])
        assert for_tiffany["text"].startswith("I want to die")
        assert all(frame["type"] != "crisis" for frame in more_for_tiffany)

    async_to_sync(scenario)()
    assert WellbeingCheck.objects.filter(member=maya, what="chat_message").count() == 1


def test_an_ordinary_message_brings_no_crisis_frame(maya: User, live: LiveChat) -> None:
    session = session_of(maya)

    async def scenario() -> None:
        socket, _ = await join(live, session)
        await socket.send_json_to({"type": "message", "body": "Dying to try the new recipe!", "client_id": "c-2"})
        seen = await frames_through(socket, "ack")
        seen += await quiet(socket)
        await socket.disconnect()

        assert all(frame["type"] != "crisis" for frame in seen)

    async_to_sync(scenario)()
