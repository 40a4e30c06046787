"""Maya reports on hydroxychloroquine for her lupus, through the pages and the API, changes her
report and removes it; the treatment's figures follow each change once it commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.conditions.models import Condition
from hearth.experiences.models import ReportedSideEffect, TreatmentReport, TreatmentSummary
from hearth.experiences.tests.conftest import API
from hearth.experiences.tests.factories import TreatmentReportFactory, days_ago
from hearth.privacy.actions import do_give_consent
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

NEW = "/experiences/new/?treatment=hydroxychloroquine&condition=systemic-lupus-erythematosus"


def effect(treatment: Treatment, name: str) -> str:
    """The form field of one of the treatment's listed side effects."""
    return f"effect_{treatment.side_effects.index(name)}"


def form(**changes: Any) -> dict[str, Any]:
    return {"effectiveness": "moderate", "visibility": "only_me"} | changes


def summary_of(report_pair: tuple[Treatment, Condition]) -> TreatmentSummary:
    treatment, condition = report_pair
    return TreatmentSummary.objects.get(treatment=treatment, condition=condition)


def test_maya_reports_on_hydroxychloroquine_through_the_page(
    maya: User,
    maya_client: Client,
    hydroxychloroquine: Treatment,
    lupus: Condition,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    do_give_consent(maya)
    page = maya_client.get(NEW)
    assert page.status_code == 200
    assert "Report on Hydroxychloroquine" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = maya_client.post(
            NEW,
            form(
                started_on="2024-03-01",
                **{effect(hydroxychloroquine, "Nausea"): "mild", effect(hydroxychloroquine, "Rash"): "moderate"},
                own_1_name="  Metallic   taste ",
                own_1_severity="moderate",
                missed_doses="rarely",
                burden="little",
                cost_band="low",
                tip="Take it with food.",
                share_tip="on",
                visibility="connections",
            ),
        )

    report = TreatmentReport.objects.get(member=maya)
    assert response.status_code == 302
    assert response["Location"] == f"/experiences/{report.pk}/"
    assert (report.treatment, report.condition, report.effectiveness) == (hydroxychloroquine, lupus, "moderate")
    assert (str(report.started_on), report.stopped_on, report.visibility) == ("2024-03-01", None, "connections")
    assert (report.missed_doses, report.burden, report.cost_band) == ("rarely", "little", "low")
    assert (report.tip, report.share_tip) == ("Take it with food.", True)
    assert list(report.side_effects.values_list("name", "listed", "severity")) == [
        ("Nausea", True, "mild"),
        ("Rash", True, "moderate"),
        ("Metallic taste", False, "moderate"),
    ]
    assert summary_of((hydroxychloroquine, lupus)).contributors == 1
    shown = maya_client.get(response["Location"]).content.decode()
    assert "Metallic taste" in shown
    assert "Take it with food." in shown


def test_maya_changes_her_report_and_its_side_effects_are_replaced(
    maya: User, maya_client: Client, hydroxychloroquine: Treatment
) -> None:
    report = TreatmentReportFactory.create(
        member=maya, side_effects=[("Nausea", "mild"), ("Brain fog", "severe")], tip="Old tip"
    )
    page = maya_client.get(f"/experiences/{report.pk}/edit/").content.decode()
    assert 'value="Brain fog"' in page
    assert f'name="{effect(hydroxychloroquine, "Nausea")}" value="mild"' in page

    response = maya_client.post(
        f"/experiences/{report.pk}/edit/",
        form(
            effectiveness="major",
            started_on="2023-01-10",
            stopped_on="2024-06-01",
            stop_reasons=["side_effects", "pregnancy"],
            stop_note="Planning a baby.",
            **{effect(hydroxychloroquine, "Headache"): "severe"},
            tip="",
        ),
    )

    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.effectiveness, str(report.stopped_on), report.stop_reasons) == (
        "major",
        "2024-06-01",
        ["side_effects", "pregnancy"],
    )
    assert (report.stop_note, report.tip) == ("Planning a baby.", "")
    assert list(report.side_effects.values_list("name", "severity")) == [("Headache", "severe")]


def test_maya_removes_her_report_and_the_figures_forget_it(
    maya: User,
    maya_client: Client,
    hydroxychloroquine: Treatment,
    lupus: Condition,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    do_give_consent(maya)
    report = TreatmentReportFactory.create(member=maya, side_effects=[("Nausea", "mild")])
    assert maya_client.get(f"/experiences/{report.pk}/delete/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = maya_client.post(f"/experiences/{report.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == "/experiences/"
    assert not TreatmentReport.objects.filter(pk=report.pk).exists()
    assert not ReportedSideEffect.objects.filter(report_id=report.pk).exists()
    assert summary_of((hydroxychloroquine, lupus)).contributors == 0
    assert maya_client.get(f"/experiences/{report.pk}/").status_code == 404


def test_maya_reports_changes_and_removes_through_the_api(
    maya: User,
    maya_api: Client,
    hydroxychloroquine: Treatment,
    lupus: Condition,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    do_give_consent(maya)
    body = {
        "treatment": "hydroxychloroquine",
        "condition": "systemic-lupus-erythematosus",
        "effectiveness": "slight",
        "started_on": "2024-02-01",
        "side_effects": [{"name": "nausea", "severity": "mild"}, {"name": "Night sweats", "severity": "moderate"}],
        "tip": "Patience: it takes months.",
        "visibility": "communities",
    }
    with django_capture_on_commit_callbacks(execute=True):
        created = maya_api.post(f"{API}/treatment-reports", body, content_type="application/json")

    assert created.status_code == 201, created.content
    data = created.json()
    assert data["url"] == f"/experiences/{data['id']}/"
    assert data["author"]["handle"] == "maya_r"
    assert data["treatment"]["slug"] == "hydroxychloroquine"
    assert data["side_effects"] == [
        {"name": "Nausea", "listed": True, "severity": "mild"},
        {"name": "Night sweats", "listed": False, "severity": "moderate"},
    ]
    assert summary_of((hydroxychloroquine, lupus)).contributors == 1
    listed = maya_api.get(f"{API}/treatment-reports").json()
    assert (listed["count"], listed["items"][0]["id"]) == (1, data["id"])

    patched = maya_api.patch(
        f"{API}/treatment-reports/{data['id']}",
        {"effectiveness": "major", "started_on": None, "side_effects": [{"name": "Rash", "severity": "severe"}]},
        content_type="application/json",
    )

    assert patched.status_code == 200, patched.content
    changed = patched.json()
    assert (changed["effectiveness"], changed["started_on"], changed["tip"]) == (
        "major",
        None,
        "Patience: it takes months.",
    )
    assert changed["side_effects"] == [{"name": "Rash", "listed": True, "severity": "severe"}]
    assert changed["visibility"] == "communities"

    with django_capture_on_commit_callbacks(execute=True):
        removed = maya_api.delete(f"{API}/treatment-reports/{data['id']}")

    assert removed.status_code == 204
    assert maya_api.get(f"{API}/treatment-reports/{data['id']}").status_code == 404
    assert maya_api.delete(f"{API}/treatment-reports/{data['id']}").status_code == 404
    assert summary_of((hydroxychloroquine, lupus)).contributors == 0


def test_a_stopped_report_says_so_and_why(maya: User, maya_client: Client) -> None:
    report = TreatmentReportFactory.create(member=maya, stopped=True, stop_note="Rash everywhere")

    page = maya_client.get(f"/experiences/{report.pk}/").content.decode()

    assert "Side effects" in page
    assert "Rash everywhere" in page
    assert days_ago(30).strftime("%Y") in page


def test_erasing_maya_takes_her_reports_with_her(maya: User) -> None:
    report = TreatmentReportFactory.create(member=maya, side_effects=[("Nausea", "mild")])

    maya.delete()

    assert not TreatmentReport.objects.filter(pk=report.pk).exists()
    assert not ReportedSideEffect.objects.exists()
