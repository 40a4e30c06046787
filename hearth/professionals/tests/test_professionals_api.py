"""The professionals API, called with personal access tokens as scripts do: Ravi applies, reads and
cancels his application; the administrators list, read, decide and withdraw; everyone else gets
404 for applications (401 without credentials); anyone reads the list of verified professionals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.professionals import actions
from hearth.professionals.models import Verification, VerificationStatus
from hearth.professionals.tests.conftest import NURSE

API = "/api/v1"
APPLY = {
    "kind": "clinician",
    "title": "Rheumatology nurse",
    "details": "NMC PIN 12A3456B",
    "register_url": "https://www.nmc.org.uk/",
}


def script(user: User | None) -> Client:
    if user is None:
        return Client()
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, 'script').secret}"})


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(API + path, body, content_type="application/json")


def test_ravi_applies_reads_his_status_and_cancels(ravi: User) -> None:
    client = script(ravi)

    made = send(client, "post", "/professionals/applications", APPLY)
    assert made.status_code == 201
    assert made.json()["status"] == "pending"

    mine = client.get(API + "/professionals/me").json()
    assert mine["verified_as"] is None
    assert mine["application"]["id"] == made.json()["id"]
    assert mine["url"] == "/professionals/me/"

    again = send(client, "post", "/professionals/applications", APPLY)
    assert again.status_code == 409
    assert "already have an application waiting" in again.json()["detail"]

    assert client.delete(API + "/professionals/me/application").status_code == 204
    assert not Verification.objects.exists()
    nothing = client.delete(API + "/professionals/me/application")
    assert nothing.status_code == 409
    assert nothing.json() == {"detail": "You have no application waiting to cancel."}


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"register_url": "javascript:alert(1)"}, 409),
        ({"kind": "healer"}, 422),
        ({"title": "  "}, 422),
        ({"details": "x\x00"}, 422),
        ({"surprise": 1}, 422),
    ],
)
def test_bad_applications_are_refused_and_nothing_is_saved(ravi: User, changes: dict[str, Any], status: int) -> None:
    response = send(script(ravi), "post", "/professionals/applications", APPLY | changes)

    assert response.status_code == status
    assert not Verification.objects.exists()


def test_an_administrator_lists_reads_verifies_and_withdraws(
    site_admin: User, ravi: User, application: Verification
) -> None:
    admin = script(site_admin)

    listed = admin.get(API + "/professionals/applications").json()
    assert [item["member"] for item in listed["items"]] == ["ravi"]
    one = admin.get(f"{API}/professionals/applications/{application.pk}").json()
    assert one["details"] == NURSE.details

    decided = send(
        admin, "post", f"/professionals/applications/{application.pk}/decide", {"decision": "verify", "reason": "OK."}
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "verified"
    assert decided.json()["decided_by"] == "siteadmin"
    ravi.refresh_from_db()
    assert ravi.verified_as == "clinician"

    public = Client().get(API + "/professionals").json()
    assert public["items"] == [
        {
            "handle": "ravi",
            "name": ravi.public_name,
            "url": "/members/ravi/",
            "kind": "clinician",
            "label": "Verified clinician",
            "title": "Rheumatology nurse",
        }
    ]
    assert "details" not in str(public)

    again = send(
        admin, "post", f"/professionals/applications/{application.pk}/decide", {"decision": "decline", "reason": "No"}
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "This application was already verified by @siteadmin."

    withdrawn = send(admin, "post", f"/professionals/applications/{application.pk}/withdraw", {"reason": "Lapsed."})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    ravi.refresh_from_db()
    assert ravi.verified_as == ""
    assert Client().get(API + "/professionals").json()["count"] == 0
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == [
        "professional:apply",
        "professional:verify",
        "professional:withdraw",
    ]


def test_an_administrator_may_not_decide_their_own(site_admin: User) -> None:
    own = actions.do_apply(site_admin, NURSE)

    decision = {"decision": "verify", "reason": "x"}
    response = send(script(site_admin), "post", f"/professionals/applications/{own.pk}/decide", decision)

    assert response.status_code == 409
    assert Verification.objects.get(pk=own.pk).status == VerificationStatus.PENDING


@pytest.mark.parametrize("who", ["maya", "tiffany", "ravi"])
def test_applications_are_404_to_everyone_but_administrators(
    who: str, request: pytest.FixtureRequest, ravi: User, application: Verification
) -> None:
    client = script(request.getfixturevalue(who))
    pk = application.pk

    assert client.get(API + "/professionals/applications").status_code == 404
    assert client.get(f"{API}/professionals/applications/{pk}").status_code == 404
    forged = send(client, "post", f"/professionals/applications/{pk}/decide", {"decision": "verify", "reason": "Me"})
    assert forged.status_code == 404
    assert forged.json() == {"detail": "Not Found"}
    assert send(client, "post", f"/professionals/applications/{pk}/withdraw", {"reason": "x"}).status_code == 404
    ravi.refresh_from_db()
    assert ravi.verified_as == ""


def test_an_outsider_reads_the_list_and_nothing_else(application: Verification) -> None:
    outsider = Client()

    assert outsider.get(API + "/professionals").status_code == 200
    assert outsider.get(API + "/professionals/me").status_code == 401
    assert outsider.get(API + "/professionals/applications").status_code == 401
    assert outsider.get(f"{API}/professionals/applications/{application.pk}").status_code == 401
    assert send(outsider, "post", "/professionals/applications", APPLY).status_code == 401
    assert outsider.delete(API + "/professionals/me/application").status_code == 401
    decided = send(
        outsider, "post", f"/professionals/applications/{application.pk}/decide", {"decision": "verify", "reason": "x"}
    )
    assert decided.status_code == 401
    assert Verification.objects.get(pk=application.pk).status == VerificationStatus.PENDING
