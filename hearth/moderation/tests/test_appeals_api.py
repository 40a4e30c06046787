"""Appeals and the audit log by API: Omar reads his record and appeals once (a second appeal, or
one after 14 days, is 409 with a plain sentence); Priya reads her community's appeals and
overturns; Ravi, who took the measure, is told to leave it to her; an answered appeal answers
that it was. Maya, Tiffany and strangers get 404; nobody signed out gets in."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.moderation.models import Appeal, AppealStatus, Measure
from hearth.moderation.tests.conftest import Diabetes
from hearth.moderation.tests.test_appeals import REASON, WORDS, hide_omars_post

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1"
_NAMES = itertools.count()
NOT_FOUND = {"detail": "Not Found"}


def api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, f'tests {next(_NAMES)}').secret}"})


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(PREFIX + path, body, content_type="application/json")


def get(client: Client, path: str, query: dict[str, str] | None = None) -> Any:
    return client.get(PREFIX + path, query or {})


@pytest.fixture
def hidden(maya: User, ravi: User, diabetes: Diabetes) -> Measure:
    return hide_omars_post(maya, ravi, diabetes)


def _appeal(measure: Measure) -> str:
    return f"/moderation/measures/{measure.pk}/appeal"


def test_omar_reads_his_record_and_appeals_once(hidden: Measure, diabetes: Diabetes) -> None:
    omar = api(diabetes.omar)

    before = get(omar, "/moderation/me/record").json()
    made = post(omar, _appeal(hidden), {"text": WORDS})
    again = post(omar, _appeal(hidden), {"text": "Again."})
    after = get(omar, "/moderation/me/record").json()

    assert before["count"] == 1
    measure = before["measures"][0]
    assert (measure["kind"], measure["what"], measure["reason"], measure["community"]) == (
        "hide", "Your post was hidden", REASON, "type-1-together"
    )  # fmt: skip
    assert measure["by"] == "the moderators of Type 1 together"
    assert measure["appeal"] is None
    assert measure["appeal_until"] is not None
    assert made.status_code == 201, made.content
    assert (made.json()["status"], made.json()["text"]) == ("open", WORDS)
    assert again.status_code == 409
    assert again.json() == {"detail": "You have already appealed this."}
    assert after["measures"][0]["appeal"]["status"] == "open"
    assert after["measures"][0]["appeal_until"] is None
    assert "ravi" not in str(after).lower()
    assert "maya" not in str(after).lower()


def test_an_appeal_after_14_days_is_refused_plainly(hidden: Measure, diabetes: Diabetes) -> None:
    Measure.objects.filter(pk=hidden.pk).update(created_at=timezone.now() - timedelta(days=15))

    refused = post(api(diabetes.omar), _appeal(hidden), {"text": WORDS})

    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("Appeals are open for 14 days after a decision; this one closed on ")
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   "}, {"text": "x" * 2001}, {}, {"text": "Hi", "x": 1}])
def test_bad_appeals_are_invalid(hidden: Measure, diabetes: Diabetes, body: dict[str, Any]) -> None:
    assert post(api(diabetes.omar), _appeal(hidden), body).status_code == 422
    assert not Appeal.objects.exists()


def test_nobody_else_appeals_his_measure(hidden: Measure, maya: User, tiffany: User, diabetes: Diabetes) -> None:
    for person in (maya, tiffany, diabetes.founder, UserFactory.create(handle="sam_cares")):
        answer = post(api(person), _appeal(hidden), {"text": WORDS})
        assert (answer.status_code, answer.json()) == (404, NOT_FOUND)
        assert get(api(person), "/moderation/me/record").json()["count"] == 0
    assert Client().post(PREFIX + _appeal(hidden), {"text": WORDS}, content_type="application/json").status_code == 401
    assert Client().get(PREFIX + "/moderation/me/record").status_code == 401
    assert not Appeal.objects.exists()


def test_priya_reads_the_appeals_and_overturns(hidden: Measure, ravi: User, diabetes: Diabetes) -> None:
    post(api(diabetes.omar), _appeal(hidden), {"text": WORDS})
    path = f"/moderation/communities/{diabetes.community.slug}/appeals"

    listed = get(api(diabetes.founder), path).json()
    as_ravi = get(api(ravi), path).json()
    appeal_id = listed["appeals"][0]["id"]
    ravi_tries = post(api(ravi), f"/moderation/appeals/{appeal_id}/decide", {"decision": "overturn", "answer": "Ok."})
    body = {"decision": "overturn", "answer": "Fair: it reads as alongside."}
    decided = post(api(diabetes.founder), f"/moderation/appeals/{appeal_id}/decide", body)
    again = post(
        api(diabetes.founder), f"/moderation/appeals/{appeal_id}/decide", {"decision": "uphold", "answer": "No"}
    )

    item = listed["appeals"][0]
    assert (item["member"], item["text"], item["reason"], item["kind"]) == ("omar", WORDS, REASON, "hide")
    assert item["refusal"] == ""
    assert as_ravi["appeals"][0]["refusal"].startswith("You took this measure")
    assert ravi_tries.status_code == 409
    assert (
        ravi_tries.json()["detail"]
        == "You took this measure, so another moderator of the community answers its appeal."
    )
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["answer"]) == ("overturned", "Fair: it reads as alongside.")
    hidden.refresh_from_db()
    assert hidden.lifted_at is not None
    assert again.status_code == 409
    assert again.json() == {"detail": "This appeal was already answered by @priya."}
    assert Appeal.objects.get().status == AppealStatus.OVERTURNED
    assert get(api(diabetes.founder), path).json()["appeals"] == []


@pytest.mark.parametrize(
    "body",
    [{"decision": "maybe", "answer": "Hm."}, {"decision": "uphold", "answer": ""}, {"decision": "uphold"},
     {"decision": "uphold", "answer": "x" * 301}],
)  # fmt: skip
def test_bad_answers_are_invalid(hidden: Measure, diabetes: Diabetes, body: dict[str, Any]) -> None:
    post(api(diabetes.omar), _appeal(hidden), {"text": WORDS})
    appeal = Appeal.objects.get()

    assert post(api(diabetes.founder), f"/moderation/appeals/{appeal.pk}/decide", body).status_code == 422
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN


def test_tiffany_maya_and_strangers_get_404(hidden: Measure, maya: User, tiffany: User, diabetes: Diabetes) -> None:
    post(api(diabetes.omar), _appeal(hidden), {"text": WORDS})
    appeal = Appeal.objects.get()
    slug = diabetes.community.slug

    for person in (tiffany, maya, diabetes.omar, UserFactory.create(handle="sam_cares")):
        client = api(person)
        decided = post(client, f"/moderation/appeals/{appeal.pk}/decide", {"decision": "overturn", "answer": "Yes."})
        assert (decided.status_code, decided.json()) == (404, NOT_FOUND)
        assert get(client, f"/moderation/communities/{slug}/appeals").json() == NOT_FOUND
        assert get(client, f"/moderation/communities/{slug}/audit").json() == NOT_FOUND
        assert get(client, "/moderation/audit").json() == NOT_FOUND
    assert Client().get(f"{PREFIX}/moderation/communities/{slug}/appeals").status_code == 401
    assert Client().get(f"{PREFIX}/moderation/audit").status_code == 401
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN


def test_the_audit_log_for_admins_and_for_moderators(
    hidden: Measure, ravi: User, site_admin: User, diabetes: Diabetes
) -> None:
    post(api(diabetes.omar), _appeal(hidden), {"text": WORDS})

    everything = get(api(site_admin), "/moderation/audit").json()
    by_ravi = get(api(site_admin), "/moderation/audit", {"actor": "ravi", "community": "type-1-together"}).json()
    appeals = get(api(ravi), f"/moderation/communities/{diabetes.community.slug}/audit", {"action": "appeal:"}).json()
    bad = get(api(site_admin), "/moderation/audit", {"actor": "ravi\x00"})

    actions = [item["action"] for item in everything["items"]]
    assert actions[:2] == ["appeal:open", "post:hide"]  # newest first
    assert {item["action"] for item in by_ravi["items"]} == {"post:hide"}
    hide = by_ravi["items"][0]
    assert (hide["actor"], hide["subject"], hide["reason"]) == ("ravi", "omar", REASON)
    assert [item["action"] for item in appeals["items"]] == ["appeal:open"]
    assert appeals["items"][0]["reason"] == ""  # Omar's words are in his appeal, not in the log
    assert bad.status_code == 422
