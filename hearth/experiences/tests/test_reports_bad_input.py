"""Bad input to treatment reports gets a clear answer and changes nothing: a second report on the
same treatment and condition (on the page, through the API, or sent twice at once), a treatment
the catalogue does not link to the condition, impossible dates, too many side effects or one
named twice, oversized texts and NUL characters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.api.schemas import NUL_REFUSED
from hearth.experiences import actions
from hearth.experiences.actions import DuplicateReport, ReportInput, SideEffectInput, do_create_report
from hearth.experiences.models import (
    SIDE_EFFECT_NAME_MAX,
    SIDE_EFFECTS_MAX,
    STOP_NOTE_MAX,
    TIP_MAX,
    ReportedSideEffect,
    TreatmentReport,
)
from hearth.experiences.tests.conftest import API
from hearth.experiences.tests.factories import HYDROXYCHLOROQUINE, LUPUS, TreatmentReportFactory
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

NEW = f"/experiences/new/?treatment={HYDROXYCHLOROQUINE}&condition={LUPUS}"
TOMORROW = (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def body(**changes: Any) -> dict[str, Any]:
    return {"treatment": HYDROXYCHLOROQUINE, "condition": LUPUS, "effectiveness": "moderate"} | changes


def post(client: Client, data: dict[str, Any]) -> Any:
    return client.post(f"{API}/treatment-reports", data, content_type="application/json")


def stored() -> tuple[Any, ...]:
    return (
        list(TreatmentReport.objects.order_by("pk").values_list("pk", "effectiveness", "tip", "started_on")),
        list(ReportedSideEffect.objects.order_by("pk").values_list("name", "severity")),
    )


# --- Duplicates -------------------------------------------------------------------------------


def test_opening_the_form_again_sends_maya_to_her_report(maya: User, maya_client: Client) -> None:
    report = TreatmentReportFactory.create(member=maya)

    response = maya_client.get(NEW, follow=True)

    assert response.redirect_chain == [(f"/experiences/{report.pk}/edit/", 302)]
    assert "You have already reported on Hydroxychloroquine" in response.content.decode()


def test_a_form_sent_twice_updates_the_first_report(maya: User, maya_client: Client) -> None:
    assert maya_client.post(NEW, {"effectiveness": "slight", "visibility": "only_me"}).status_code == 302

    second = maya_client.post(NEW, {"effectiveness": "major", "visibility": "only_me"}, follow=True)

    report = TreatmentReport.objects.get(member=maya)
    assert report.effectiveness == "major"
    assert second.redirect_chain == [(f"/experiences/{report.pk}/", 302)]
    assert "that report is updated" in second.content.decode()


def test_the_api_answers_a_second_report_with_409_and_the_first(maya: User, maya_api: Client) -> None:
    report = TreatmentReportFactory.create(member=maya, tip="First")
    before = stored()

    response = post(maya_api, body(effectiveness="none", tip="Second"))

    assert response.status_code == 409
    assert response.json()["id"] == report.pk
    assert response.json()["url"] == f"/experiences/{report.pk}/"
    assert "already reported" in response.json()["detail"]
    assert stored() == before


def test_two_reports_at_the_same_moment_make_one_and_no_error(
    maya: User, maya_api: Client, maya_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second request looks before the first has committed, so it finds no report and the
    unique constraint refuses its row: it is answered as any duplicate."""
    first = TreatmentReportFactory.create(member=maya, effectiveness="slight")
    monkeypatch.setattr(actions, "existing_report", lambda *args: None)

    with pytest.raises(DuplicateReport) as refused:
        do_create_report(maya, HYDROXYCHLOROQUINE, LUPUS, ReportInput(effectiveness="major"))
    api = post(maya_api, body(effectiveness="major", side_effects=[{"name": "Nausea", "severity": "mild"}]))
    page = maya_client.post(NEW, {"effectiveness": "none", "visibility": "only_me"})

    assert refused.value.report == first
    assert (api.status_code, api.json()["id"]) == (409, first.pk)
    assert page.status_code == 302
    assert TreatmentReport.objects.get(member=maya).effectiveness == "none"  # the page updated the first
    assert TreatmentReport.objects.count() == 1
    assert not ReportedSideEffect.objects.filter(name="Nausea").exists()


# --- Treatment and condition ---------------------------------------------------------------------


def test_a_treatment_not_linked_to_the_condition_is_refused_clearly(maya: User, maya_api: Client) -> None:
    response = post(maya_api, body(condition="crohns-disease"))
    page = Client()
    page.force_login(maya)
    form = page.get(f"/experiences/new/?treatment={HYDROXYCHLOROQUINE}&condition=crohns-disease")
    sent = page.post(
        f"/experiences/new/?treatment={HYDROXYCHLOROQUINE}&condition=crohns-disease", {"effectiveness": "slight"}
    )

    assert response.status_code == 409
    assert "does not list Hydroxychloroquine as a treatment for Crohn" in response.json()["detail"]
    assert "does not list Hydroxychloroquine as a treatment for Crohn" in form.content.decode()
    assert "What do you take Hydroxychloroquine for?" in form.content.decode()
    assert sent.status_code == 200
    assert not TreatmentReport.objects.exists()


@pytest.mark.parametrize(("changes", "status"), [({"treatment": "no-such-pill"}, 404), ({"condition": "nope"}, 404)])
def test_an_unknown_treatment_or_condition_is_404(maya_api: Client, changes: dict[str, str], status: int) -> None:
    assert post(maya_api, body(**changes)).status_code == status
    assert not TreatmentReport.objects.exists()


# --- Dates -------------------------------------------------------------------------------------

BAD_DATES = [
    ({"started_on": TOMORROW}, "started_on", "The start date cannot be in the future."),
    ({"stopped_on": TOMORROW}, "stopped_on", "The stop date cannot be in the future."),
    ({"started_on": "2024-05-01", "stopped_on": "2024-04-01"}, "stopped_on", "The stop date comes before the start"),
    ({"started_on": "1899-12-31"}, "started_on", "Give dates from 1900 on."),
    ({"stop_reasons": ["cost"]}, "stopped_on", "add the date you stopped"),
]


@pytest.mark.parametrize(("changes", "field", "said"), BAD_DATES)
def test_impossible_dates_are_refused_beside_the_field(
    maya_client: Client, maya_api: Client, changes: dict[str, Any], field: str, said: str
) -> None:
    api = post(maya_api, body(**changes))
    page = maya_client.post(NEW, {"effectiveness": "moderate", "visibility": "only_me", **changes})

    assert api.status_code == 409
    assert said in api.json()["detail"]
    assert page.status_code == 200
    html = page.content.decode()
    assert said in html
    assert f'id="id_{field}_error"' in html  # beside the field it is about, which names it
    assert f'href="#id_{field}"' in html  # and in the list of problems at the top
    assert not TreatmentReport.objects.exists()


def test_an_update_with_impossible_dates_leaves_the_report_as_it_was(maya: User, maya_api: Client) -> None:
    report = TreatmentReportFactory.create(member=maya, side_effects=[("Nausea", "mild")])
    before = stored()

    response = maya_api.patch(
        f"{API}/treatment-reports/{report.pk}",
        {"started_on": TOMORROW, "side_effects": []},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert stored() == before


# --- Side effects ------------------------------------------------------------------------------


def test_too_many_side_effects_are_refused(maya: User, maya_api: Client, hydroxychloroquine: Treatment) -> None:
    many = [{"name": f"Effect {n}", "severity": "mild"} for n in range(SIDE_EFFECTS_MAX + 1)]
    own = [{"name": f"Effect {n}", "severity": "mild"} for n in range(actions.OWN_SIDE_EFFECTS_MAX + 1)]

    assert post(maya_api, body(side_effects=many)).status_code == 422
    response = post(maya_api, body(side_effects=own))
    assert response.status_code == 409
    assert f"at most {actions.OWN_SIDE_EFFECTS_MAX} side effects in your own words" in response.json()["detail"]
    hydroxychloroquine.side_effects = [f"Effect {n}" for n in range(SIDE_EFFECTS_MAX + 1)]
    listed = ReportInput(
        effectiveness="slight",
        side_effects=[SideEffectInput(f"effect {n}", "mild") for n in range(SIDE_EFFECTS_MAX + 1)],
    )
    with pytest.raises(ValidationError, match=f"at most {SIDE_EFFECTS_MAX} side effects"):
        actions.check_report(hydroxychloroquine, listed)
    assert not TreatmentReport.objects.exists()


@pytest.mark.parametrize(
    "names", [["Nausea", "NAUSEA"], ["Brain fog", "brain  fog"], ["  Brain fog", "Brain fog "]], ids=str
)
def test_a_side_effect_named_twice_is_refused(maya_api: Client, names: list[str]) -> None:
    response = post(maya_api, body(side_effects=[{"name": n, "severity": "mild"} for n in names]))

    assert response.status_code == 409
    assert "is listed twice" in response.json()["detail"]
    assert not TreatmentReport.objects.exists()


def test_the_form_says_which_own_side_effect_repeats_one_ticked_above(
    maya_client: Client, hydroxychloroquine: Treatment
) -> None:
    nausea = f"effect_{hydroxychloroquine.side_effects.index('Nausea')}"

    response = maya_client.post(
        NEW,
        {"effectiveness": "slight", "visibility": "only_me", nausea: "mild", "own_1_name": "nausea",
         "own_1_severity": "severe", "own_2_name": "Itch"},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 200
    assert "“nausea” is already given above" in html
    assert "Choose how bad “Itch” was at worst." in html
    assert 'href="#id_own_1_name"' in html
    assert 'href="#id_own_2_severity"' in html
    assert not TreatmentReport.objects.exists()


def test_an_unknown_severity_is_refused(maya_api: Client) -> None:
    assert post(maya_api, body(side_effects=[{"name": "Nausea", "severity": "awful"}])).status_code == 422


# --- Texts ---------------------------------------------------------------------------------------

OVERSIZED = [
    ("tip", "x" * (TIP_MAX + 1)),
    ("stop_note", "x" * (STOP_NOTE_MAX + 1)),
]


@pytest.mark.parametrize(("field", "text"), OVERSIZED)
def test_oversized_texts_are_refused(maya_client: Client, maya_api: Client, field: str, text: str) -> None:
    api = post(maya_api, body(stopped_on="2024-01-01", **{field: text}))
    page = maya_client.post(NEW, {"effectiveness": "slight", "visibility": "only_me", field: text})

    assert api.status_code == 422
    assert page.status_code == 200
    assert f'id="id_{field}_error"' in page.content.decode()
    assert not TreatmentReport.objects.exists()


def test_an_oversized_side_effect_name_is_refused(maya_client: Client, maya_api: Client) -> None:
    name = "x" * (SIDE_EFFECT_NAME_MAX + 1)

    api = post(maya_api, body(side_effects=[{"name": name, "severity": "mild"}]))
    page = maya_client.post(
        NEW, {"effectiveness": "slight", "visibility": "only_me", "own_1_name": name, "own_1_severity": "mild"}
    )

    assert api.status_code == 422
    assert 'id="id_own_1_name_error"' in page.content.decode()
    assert not TreatmentReport.objects.exists()


NUL = "\x00"


@pytest.mark.parametrize(
    "changes",
    [
        {"tip": f"Food{NUL}"},
        {"stop_note": NUL, "stopped_on": "2024-01-01"},
        {"side_effects": [{"name": f"Itch{NUL}", "severity": "mild"}]},
        {"started_on": f"2024-01-01{NUL}"},
        {"treatment": f"hydroxychloroquine{NUL}"},
    ],
    ids=str,
)
def test_the_api_refuses_a_nul(maya_api: Client, changes: dict[str, Any]) -> None:
    response = post(maya_api, body(**changes))

    assert response.status_code == 422
    assert NUL_REFUSED in str(response.json()["detail"])
    assert not TreatmentReport.objects.exists()


@pytest.mark.parametrize("field", ["tip", "stop_note", "own_1_name"])
def test_the_form_refuses_a_nul_beside_the_field(maya_client: Client, field: str) -> None:
    data = {"effectiveness": "slight", "visibility": "only_me", "own_1_severity": "mild", field: f"x{NUL}y"}

    response = maya_client.post(NEW, data)

    assert response.status_code == 200
    assert NUL_REFUSED in response.content.decode()
    assert not TreatmentReport.objects.exists()


def test_the_actions_refuse_a_nul_that_got_past_a_form(maya: User) -> None:
    for data in (
        ReportInput(effectiveness="slight", tip=NUL),
        ReportInput(effectiveness="slight", side_effects=[SideEffectInput(f"a{NUL}", "mild")]),
    ):
        with pytest.raises(ValidationError, match="Null characters"):
            do_create_report(maya, HYDROXYCHLOROQUINE, LUPUS, data)
    with pytest.raises(ValidationError, match="Choose a treatment"):
        do_create_report(maya, f"x{NUL}", LUPUS, ReportInput(effectiveness="slight"))
    assert not TreatmentReport.objects.exists()


def test_a_nul_in_the_page_address_finds_nothing(maya_client: Client) -> None:
    response = maya_client.get(f"/experiences/new/?treatment={HYDROXYCHLOROQUINE}%00&condition={LUPUS}")

    assert response.status_code == 200
    assert "Choose a treatment from the catalogue." in response.content.decode()


def test_effectiveness_is_needed(maya_client: Client, maya_api: Client) -> None:
    page = maya_client.post(NEW, {"visibility": "only_me"})

    assert "Say how well it worked for you." in page.content.decode()
    assert 'href="#id_effectiveness_0"' in page.content.decode()
    assert post(maya_api, {"treatment": HYDROXYCHLOROQUINE, "condition": LUPUS}).status_code == 422
    assert not TreatmentReport.objects.exists()


# --- What only a caller of the actions could send ------------------------------------------------

ODD_INPUT = [
    (ReportInput(effectiveness="wonderful"), "effectiveness"),
    (ReportInput(effectiveness="slight", burden="crushing"), "choice"),
    (ReportInput(effectiveness="slight", visibility="everyone"), "choice"),
    (ReportInput(effectiveness="slight", stopped_on=dt.date(2024, 1, 1), stop_reasons=["boredom"]), "choice"),
    (ReportInput(effectiveness="slight", tip="x" * (TIP_MAX + 1)), "too_long"),
    (ReportInput(effectiveness="slight", side_effects=[SideEffectInput("   ", "mild")]), "side_effect_name"),
    (ReportInput(effectiveness="slight", side_effects=[SideEffectInput("x" * 81, "mild")]), "too_long"),
    (ReportInput(effectiveness="slight", side_effects=[SideEffectInput("Itch", "unbearable")]), "severity"),
]


@pytest.mark.parametrize(("data", "code"), ODD_INPUT)
def test_the_actions_refuse_what_no_form_offers(maya: User, data: ReportInput, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        do_create_report(maya, HYDROXYCHLOROQUINE, LUPUS, data)

    assert refused.value.code == code
    assert not TreatmentReport.objects.exists()


def test_changing_a_report_to_impossible_dates_is_refused_beside_the_field(maya: User, maya_client: Client) -> None:
    report = TreatmentReportFactory.create(member=maya, tip="Kept")

    response = maya_client.post(
        f"/experiences/{report.pk}/edit/",
        {"effectiveness": "major", "visibility": "public", "stopped_on": TOMORROW, "tip": "Lost"},
    )

    assert response.status_code == 200
    assert 'id="id_stopped_on_error"' in response.content.decode()
    report.refresh_from_db()
    assert (report.effectiveness, report.tip, report.visibility) == ("moderate", "Kept", "only_me")


def test_stale_side_effects_stay_on_the_form_when_the_catalogue_drops_them(
    maya: User, maya_client: Client, hydroxychloroquine: Treatment
) -> None:
    report = TreatmentReportFactory.create(member=maya, side_effects=[("Nausea", "moderate")])
    Treatment.objects.filter(pk=hydroxychloroquine.pk).update(side_effects=["Rash"])

    html = maya_client.get(f"/experiences/{report.pk}/edit/").content.decode()

    assert "<legend>Nausea</legend>" in html
    assert 'name="effect_1" value="moderate" id="id_effect_1_2" checked' in html
