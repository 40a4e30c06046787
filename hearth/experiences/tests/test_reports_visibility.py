"""Who sees Maya's treatment reports: each report as she chose, on its page, on her profile and
through the API, by everyone who stands in some relation to her; nobody but Maya changes or
removes one. A report someone may not see answers 404, as if it did not exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.connections.tests.factories import block, connect
from hearth.experiences.models import TreatmentReport
from hearth.experiences.tests.conftest import API, page_client, token_client
from hearth.experiences.tests.factories import TreatmentReportFactory
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

PERSONAS = ["outsider", "stranger", "community_member", "connection", "blocked", "maya", "site_admin"]
# Written out by hand from Maya's choices below, not computed by the code under test.
SEES = {
    "only_me": {"maya"},
    "connections": {"connection", "maya"},
    "communities": {"community_member", "connection", "maya"},
    "public": set(PERSONAS),  # a block makes a stranger of the blocked, and strangers see what is public
}
TREATMENTS = {"only_me": "hydroxychloroquine", "connections": "prednisolone", "communities": "methotrexate",
              "public": "azathioprine"}  # fmt: skip


@pytest.fixture
def world(maya: User) -> dict[str, Any]:
    stranger, community_member, connection, blocked = (
        UserFactory.create(handle=h) for h in ["stranger", "community_member", "connection", "blocked"]
    )
    people: dict[str, User | None] = {
        "outsider": None,
        "maya": maya,
        "stranger": stranger,
        "community_member": community_member,
        "connection": connection,
        "blocked": blocked,
        "site_admin": UserFactory.create(handle="admin", staff=True),
    }
    make_community(community_member, "Lupus circle", members=[maya, blocked])
    connect(maya, connection)
    block(maya, blocked)
    reports = {
        visibility: TreatmentReportFactory.create(
            member=maya,
            treatment=Treatment.objects.get(slug=slug),
            visibility=visibility,
            tip=f"Tip-{visibility}-marker",
            side_effects=[("Nausea", "mild")],
        )
        for visibility, slug in TREATMENTS.items()
    }
    return {"people": people, "reports": reports}


def page_as(world: dict[str, Any], persona: str) -> Client:
    person = world["people"][persona]
    return Client() if person is None else page_client(person)


def api_as(world: dict[str, Any], persona: str) -> Client:
    person = world["people"][persona]
    return Client() if person is None else token_client(person)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_report_page_shows_to_whom_maya_chose(world: dict[str, Any], persona: str) -> None:
    client = page_as(world, persona)
    for visibility, report in world["reports"].items():
        response = client.get(f"/experiences/{report.pk}/")

        if persona in SEES[visibility]:
            assert response.status_code == 200, visibility
            assert f"Tip-{visibility}-marker" in response.content.decode()
        else:
            assert response.status_code == 404, visibility
            assert b"marker" not in response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_shows_each_report_to_whom_maya_chose(world: dict[str, Any], persona: str) -> None:
    client = api_as(world, persona)
    for visibility, report in world["reports"].items():
        response = client.get(f"{API}/treatment-reports/{report.pk}")

        if persona in SEES[visibility]:
            assert response.status_code == 200, visibility
            assert response.json()["tip"] == f"Tip-{visibility}-marker"
        else:
            assert response.status_code == 404, visibility
            assert b"marker" not in response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_her_profile_lists_the_reports_each_persona_may_see(world: dict[str, Any], persona: str) -> None:
    page = page_as(world, persona).get("/members/maya_r/").content.decode()
    listed = api_as(world, persona).get(f"{API}/members/maya_r/treatment-reports").json()

    expected = {v for v, allowed in SEES.items() if persona in allowed}
    shown = {v for v, report in world["reports"].items() if f'href="/experiences/{report.pk}/"' in page}
    assert shown == expected
    assert {item["id"] for item in listed["items"]} == {world["reports"][v].pk for v in expected}
    assert listed["count"] == len(expected)


@pytest.mark.parametrize(
    ("preview", "expected"), [("stranger", {"public"}), ("connection", {"public", "communities", "connections"})]
)
def test_maya_sees_her_reports_on_her_profile_as_others_would(
    world: dict[str, Any], maya_client: Client, preview: str, expected: set[str]
) -> None:
    page = maya_client.get(f"/members/maya_r/?as={preview}").content.decode()

    shown = {v for v, report in world["reports"].items() if f'href="/experiences/{report.pk}/"' in page}
    assert shown == expected


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in {"maya", "outsider"}])
def test_nobody_but_maya_changes_or_removes_her_report(world: dict[str, Any], persona: str) -> None:
    page, api = page_as(world, persona), api_as(world, persona)
    report = world["reports"]["public"]
    before = list(TreatmentReport.objects.values_list("pk", "effectiveness", "tip"))

    answers = [
        page.get(f"/experiences/{report.pk}/edit/").status_code,
        page.post(f"/experiences/{report.pk}/edit/", {"effectiveness": "none", "visibility": "public"}).status_code,
        page.get(f"/experiences/{report.pk}/delete/").status_code,
        page.post(f"/experiences/{report.pk}/delete/").status_code,
        api.patch(
            f"{API}/treatment-reports/{report.pk}", {"effectiveness": "none"}, content_type="application/json"
        ).status_code,
        api.delete(f"{API}/treatment-reports/{report.pk}").status_code,
    ]

    assert answers == [404] * 6
    assert list(TreatmentReport.objects.values_list("pk", "effectiveness", "tip")) == before


def test_an_outsider_is_asked_to_log_in_and_changes_nothing(world: dict[str, Any]) -> None:
    client, report = Client(), world["reports"]["public"]

    for url in ["/experiences/", "/experiences/new/", f"/experiences/{report.pk}/edit/"]:
        assert client.get(url).status_code == 302
    assert client.post(f"/experiences/{report.pk}/delete/").status_code == 302
    assert client.delete(f"{API}/treatment-reports/{report.pk}").status_code == 401
    assert client.get(f"{API}/treatment-reports").status_code == 401
    assert TreatmentReport.objects.filter(pk=report.pk).exists()


def test_my_reports_lists_only_my_own(world: dict[str, Any]) -> None:
    connection = world["people"]["connection"]
    theirs = TreatmentReportFactory.create(member=connection, public=True, tip="Their-marker")
    cache.clear()

    mine = page_client(world["people"]["maya"]).get("/experiences/").content.decode()
    listed = token_client(connection).get(f"{API}/treatment-reports").json()

    assert all(f'href="/experiences/{r.pk}/edit/"' in mine for r in world["reports"].values())
    assert f"/experiences/{theirs.pk}/" not in mine
    assert [item["id"] for item in listed["items"]] == [theirs.pk]


def test_a_deactivated_members_reports_are_gone_for_everyone_else(world: dict[str, Any], maya: User) -> None:
    report = world["reports"]["public"]
    User.objects.filter(pk=maya.pk).update(is_active=False)

    assert Client().get(f"/experiences/{report.pk}/").status_code == 404
    assert Client().get(f"{API}/treatment-reports/{report.pk}").status_code == 404
