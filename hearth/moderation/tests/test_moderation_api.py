"""The moderation API per persona: Maya reports by API, Ravi reads his queue and decides; a second
decision answers 409; Tiffany, moderator elsewhere, and strangers get 404."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.moderation.models import QueueItem, Report
from hearth.moderation.tests.conftest import Diabetes
from hearth.safety.models import CheckedContent, CrisisKind, WellbeingCheck

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1"
_NAMES = itertools.count()


def api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, f'tests {next(_NAMES)}').secret}"})


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(PREFIX + path, body, content_type="application/json")


def test_maya_reports_by_api_once(maya: User, diabetes: Diabetes) -> None:
    path = f"/posts/{diabetes.post.pk}/reports"
    body = {"reason": "misinformation", "note": "Dangerous", "source": "https://example.org/insulin"}

    first = post(api(maya), path, body)
    again = post(api(maya), path, body)

    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert again.json() == {"detail": "You reported this already; moderators will look at it.", "already": True}
    assert Report.objects.get().evidence_url == "https://example.org/insulin"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"reason": "misinformation", "source": "not a link"}, 409),
        ({"reason": "boring"}, 422),
        ({"reason": "spam", "extra": 1}, 422),
    ],
)
def test_bad_reports(maya: User, diabetes: Diabetes, body: dict[str, Any], status: int) -> None:
    assert post(api(maya), f"/posts/{diabetes.post.pk}/reports", body).status_code == status


def test_own_post_and_unseen_posts(diabetes: Diabetes) -> None:
    sam = UserFactory.create(handle="sam_cares")

    assert post(api(diabetes.omar), f"/posts/{diabetes.post.pk}/reports", {"reason": "spam"}).status_code == 409
    assert post(api(sam), f"/posts/{diabetes.post.pk}/reports", {"reason": "spam"}).json() == {"detail": "Not Found"}


def test_ravi_reads_his_queue_and_decides(maya: User, ravi: User, diabetes: Diabetes) -> None:
    post(api(maya), f"/posts/{diabetes.post.pk}/reports", {"reason": "misinformation", "note": "Dangerous"})
    WellbeingCheck.objects.create(
        community=diabetes.community, member=maya, kind=CrisisKind.SELF_HARM, what=CheckedContent.POST,
        object_id=diabetes.post.pk,
    )  # fmt: skip

    queue = api(ravi).get(f"{PREFIX}/communities/{diabetes.community.slug}/moderation/queue").json()
    item = queue["items"][0]
    label = {"kind": "disputed", "links": ["https://www.diabetes.org/insulin"]}
    decided = post(
        api(ravi),
        f"/moderation/items/{item['id']}/actions",
        {"action": "label", "reason": "See sources.", "label": label},
    )
    again = post(api(diabetes.founder), f"/moderation/items/{item['id']}/actions", {"action": "hide", "reason": "No."})

    assert queue["url"] == f"/moderation/{diabetes.community.slug}/"
    assert "Stop your insulin" in item["text_html"]
    assert item["reasons"] == [{"reason": "misinformation", "count": 1, "notes": ["Dangerous"], "sources": []}]
    assert item["reporters"] == 1
    assert item["url"] == f"/moderation/items/{item['id']}/"
    assert queue["wellbeing_checks"][0]["what"] == "post"
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"] == "label"
    assert decided.json()["handled_by"] == "ravi"
    assert again.status_code == 409
    assert again.json() == {"detail": "Already handled by @ravi."}


def test_a_label_missing_its_links_is_409(maya: User, ravi: User, diabetes: Diabetes) -> None:
    post(api(maya), f"/posts/{diabetes.post.pk}/reports", {"reason": "spam"})
    item = QueueItem.objects.get()

    response = post(
        api(ravi),
        f"/moderation/items/{item.pk}/actions",
        {"action": "label", "reason": "x", "label": {"kind": "disputed"}},
    )

    assert response.status_code == 409


@pytest.mark.parametrize("who", ["tiffany", "maya"])
def test_others_get_404(request: pytest.FixtureRequest, who: str, diabetes: Diabetes) -> None:
    post(api(diabetes.founder), f"/posts/{diabetes.post.pk}/reports", {"reason": "spam"})
    item = QueueItem.objects.get()
    client = api(request.getfixturevalue(who))

    assert client.get(f"{PREFIX}/communities/{diabetes.community.slug}/moderation/queue").status_code == 404
    assert post(client, f"/moderation/items/{item.pk}/actions", {"action": "dismiss", "reason": "x"}).status_code == 404
    item.refresh_from_db()
    assert not item.is_handled
