"""Watched words through the API: Ravi lists, adds and removes Type 1 together's words; a phrase
watched already (however it is written) answers 409 plainly. Omar's posts and chat messages meet
them as on the pages: refused with 409, or accepted and marked `held`. Tiffany, moderator next
door, and Maya get 404; a caller without a token, 401."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.chats.tests.factories import make_live_chat
from hearth.moderation.actions.safeguards import do_add_watched_word
from hearth.moderation.models import WatchedAction, WatchedWord
from hearth.moderation.tests.conftest import Diabetes

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1"
_TOKENS = itertools.count()


def api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, f'tests {next(_TOKENS)}').secret}"})


def _words(diabetes: Diabetes) -> str:
    return f"{PREFIX}/moderation/communities/{diabetes.community.slug}/watched-words"


def _post(client: Client, path: str, body: Any) -> Any:
    return client.post(path, body, content_type="application/json")


def test_ravi_lists_adds_and_removes_words(ravi: User, diabetes: Diabetes) -> None:
    client = api(ravi)

    empty = client.get(_words(diabetes))
    added = _post(client, _words(diabetes), {"phrase": "Cinnamon cure", "action": "refuse"})
    listed = client.get(_words(diabetes))
    word_id = added.json()["id"]
    removed = client.delete(f"{_words(diabetes)}/{word_id}")
    again = client.delete(f"{_words(diabetes)}/{word_id}")

    assert (empty.status_code, empty.json()) == (200, [])
    assert added.status_code == 201, added.content
    assert added.json()["phrase"] == "Cinnamon cure"
    assert added.json()["action"] == "refuse"
    assert added.json()["added_by"] == "ravi"
    assert [word["phrase"] for word in listed.json()] == ["Cinnamon cure"]
    assert removed.status_code == 204
    assert again.status_code == 404
    assert list(
        AuditEvent.objects.filter(action__startswith="watched_word:").order_by("pk").values_list("action", flat=True)
    ) == [
        "watched_word:add",
        "watched_word:remove",
    ]


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        ({"phrase": "cinnamon-CURE!", "action": "flag"}, 409, "“cinnamon cure” is already watched here"),
        ({"phrase": "?!", "action": "flag"}, 409, "at least one letter or digit"),
        ({"phrase": "cure\x00", "action": "flag"}, 422, "Null characters are not allowed."),
        ({"phrase": "   ", "action": "flag"}, 422, "Write something besides spaces."),
        ({"phrase": "x" * 101, "action": "flag"}, 422, "at most 100 characters"),
        ({"phrase": "cure", "action": "ban"}, 422, ""),
        ({"phrase": "cure", "action": "flag", "colour": "red"}, 422, ""),
    ],
)
def test_what_cannot_be_watched_is_answered_plainly(
    ravi: User, diabetes: Diabetes, body: dict[str, Any], status: int, said: str
) -> None:
    do_add_watched_word(ravi, diabetes.community, "cinnamon cure", WatchedAction.REFUSE)

    answer = _post(api(ravi), _words(diabetes), body)

    assert answer.status_code == status, answer.content
    assert said in str(answer.json()["detail"])
    assert WatchedWord.objects.count() == 1


def test_tiffany_maya_and_strangers_get_nothing(
    ravi: User, tiffany: User, maya: User, site_admin: User, diabetes: Diabetes
) -> None:
    word = do_add_watched_word(ravi, diabetes.community, "cinnamon cure", WatchedAction.REFUSE)
    body = {"phrase": "insulin", "action": "flag"}

    for person in (tiffany, maya):
        client = api(person)
        assert client.get(_words(diabetes)).status_code == 404
        assert _post(client, _words(diabetes), body).status_code == 404
        assert client.delete(f"{_words(diabetes)}/{word.pk}").status_code == 404
    lupus = f"{PREFIX}/moderation/communities/{diabetes.lupus.slug}/watched-words/{word.pk}"
    assert api(tiffany).delete(lupus).status_code == 404  # her community, but not its word
    assert Client().get(_words(diabetes)).status_code == 401
    assert _post(Client(), _words(diabetes), body).status_code == 401
    assert [w["phrase"] for w in api(site_admin).get(_words(diabetes)).json()] == ["cinnamon cure"]
    assert list(WatchedWord.objects.values_list("phrase", flat=True)) == ["cinnamon cure"]


def test_omar_meets_the_words_through_the_api(ravi: User, diabetes: Diabetes) -> None:
    do_add_watched_word(ravi, diabetes.community, "cinnamon cure", WatchedAction.REFUSE)
    do_add_watched_word(ravi, diabetes.community, "miracle", WatchedAction.HOLD)
    omar = api(diabetes.omar)
    replies = f"{PREFIX}/threads/{diabetes.post.thread.pk}/posts"
    chat = make_live_chat(diabetes.founder, diabetes.community)

    refused = _post(omar, replies, {"body": "Cinnamon CURE!"})
    held = _post(omar, replies, {"body": "A miracle, honestly."})
    plain = _post(omar, replies, {"body": "Thanks, all."})
    chat_refused = _post(omar, f"{PREFIX}/live-chats/{chat.pk}/messages", {"body": "The cinnamon cure"})

    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "This community does not allow “cinnamon cure” in posts. Your words are kept so you can change them."
    )
    assert held.status_code == 201, held.content
    assert held.json()["held"] is True
    assert plain.json()["held"] is False
    assert chat_refused.status_code == 409
    assert "cinnamon cure" in chat_refused.json()["detail"]
