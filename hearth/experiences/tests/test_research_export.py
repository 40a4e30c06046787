"""The de-identified research export: the site administrator downloads treatment figures as CSV,
built from the summaries alone, with every count of fewer than ten people left out (a treatment
with 9 contributors for a condition is not in it at all; with 10 it is), and each export in the
audit log. Everyone else, Maya, Tiffany, Ravi or an outsider, gets 404."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.conditions.models import Condition
from hearth.experiences import research
from hearth.experiences.models import TreatmentSummary
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db


def figures(reports: int, **changes: Any) -> dict[str, Any]:
    """A summary's figures in the stored format, every count made up for the test."""
    base: dict[str, Any] = {
        "reports": reports,
        "effectiveness": {"none": 1, "slight": 2, "moderate": reports - 3 - 0, "major": 0, "too_soon": 0},
        "side_effects": [
            {"name": "Nausea", "members": 12, "severity": {"mild": 10, "moderate": 2, "severe": 0}},
            {"name": "Rash", "members": 9, "severity": {"mild": 9}},
        ],
        "stopped": 11,
        "stop_reasons": {"side_effects": 10, "cost": 3},
        "with_duration": 14,
        "duration": {"lt_1m": 2, "1_6m": 12},
        "missed_doses": {"never": 10, "often": 1},
        "burden": {"none": 9},
        "cost_band": {"low": 10},
        "answered": {"missed_doses": 11, "burden": 9, "cost_band": 10},
    }
    return base | changes


def summary(treatment: Treatment, condition: Condition, contributors: int, **changes: Any) -> TreatmentSummary:
    return TreatmentSummary.objects.create(
        treatment=treatment, condition=condition, contributors=contributors, figures=figures(contributors, **changes)
    )


@pytest.fixture
def lupus() -> Condition:
    return Condition.objects.get(slug="systemic-lupus-erythematosus")


@pytest.fixture
def hydroxychloroquine() -> Treatment:
    return Treatment.objects.get(slug="hydroxychloroquine")


@pytest.fixture
def other_treatment(hydroxychloroquine: Treatment) -> Treatment:
    return Treatment.objects.exclude(pk=hydroxychloroquine.pk).order_by("name").first()  # type: ignore[return-value]


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def download(user: User, condition: str = "") -> Any:
    return client_of(user).post(reverse("research_export"), {"condition": condition})


def rows_of(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_a_treatment_with_nine_contributors_is_left_out_and_with_ten_it_is_in(
    site_admin: User, lupus: Condition, hydroxychloroquine: Treatment, other_treatment: Treatment
) -> None:
    summary(hydroxychloroquine, lupus, 10)
    summary(other_treatment, lupus, 9)

    rows = rows_of(download(site_admin))

    assert {row["treatment"] for row in rows} == {"hydroxychloroquine"}
    assert {"condition": "systemic-lupus-erythematosus", "treatment": "hydroxychloroquine", "measure": "reports",
            "value": "all", "members": "10"}.items() <= rows[0].items()  # fmt: skip


def test_no_count_below_ten_is_ever_exported(site_admin: User, lupus: Condition, hydroxychloroquine: Treatment) -> None:
    summary(hydroxychloroquine, lupus, 14)

    rows = rows_of(download(site_admin))
    cells = {(row["measure"], row["value"]): int(row["members"]) for row in rows}

    assert all(members >= 10 for members in cells.values())
    assert cells == {
        ("reports", "all"): 14,
        ("side_effect", "Nausea"): 12,
        ("stopped", "all"): 11,
        ("stop_reason", "side_effects"): 10,
        ("duration", "all"): 14,
        ("missed_doses", "all"): 11,
        ("cost_band", "all"): 10,
        ("cost_band", "low"): 10,
    }  # Rash (9), the burden question (9 answered) and every smaller cell are left out, and so is
    # each cell that, taken from its total, would give the smaller ones (11 moderate of 14 reports
    # would give the 3 others; 10 mild of Nausea's 12, 12 of 14 durations, 10 of 11 missed doses)


def test_nothing_small_can_be_worked_out_by_subtraction(
    site_admin: User, lupus: Condition, hydroxychloroquine: Treatment
) -> None:
    effectiveness = {"none": 0, "slight": 3, "moderate": 11, "major": 12, "too_soon": 0}
    summary(hydroxychloroquine, lupus, 26, effectiveness=effectiveness)
    wide = {"none": 0, "slight": 13, "moderate": 11, "major": 12, "too_soon": 0}
    other = Treatment.objects.get(slug="belimumab")
    summary(other, lupus, 36, effectiveness=wide)

    rows = rows_of(download(site_admin))
    shown = {(row["treatment"], row["value"]): int(row["members"]) for row in rows if row["measure"] == "effectiveness"}

    # 26 - 12 = 14: the 3 who found it slight and the 11 moderate stay together, out of sight.
    assert shown == {
        ("hydroxychloroquine", "major"): 12,
        ("belimumab", "slight"): 13,
        ("belimumab", "moderate"): 11,
        ("belimumab", "major"): 12,
    }


def test_a_distribution_resting_on_fewer_than_ten_is_left_out_whatever_its_cells_say(
    site_admin: User, lupus: Condition, hydroxychloroquine: Treatment
) -> None:
    # A malformed summary claiming 10 stopping for a reason among 9 who stopped: the base decides.
    summary(hydroxychloroquine, lupus, 12, stopped=9, stop_reasons={"side_effects": 10})

    measures = {row["measure"] for row in rows_of(download(site_admin))}

    assert "stopped" not in measures
    assert "stop_reason" not in measures


def test_one_condition_or_all_and_the_file_is_a_private_attachment(
    site_admin: User, lupus: Condition, hydroxychloroquine: Treatment
) -> None:
    other = Condition.objects.exclude(pk=lupus.pk).order_by("name").first()
    assert other is not None
    summary(hydroxychloroquine, lupus, 10)
    summary(hydroxychloroquine, other, 20)

    one = download(site_admin, lupus.slug)
    every = download(site_admin)

    assert one.status_code == 200
    assert one["Content-Type"] == "text/csv; charset=utf-8"
    assert one["Cache-Control"] == "no-store"
    assert one["Content-Disposition"].startswith('attachment; filename="hearth-treatment-figures-')
    assert one["Content-Disposition"].endswith('.csv"')
    assert {row["condition"] for row in rows_of(one)} == {lupus.slug}
    assert {row["condition"] for row in rows_of(every)} == {lupus.slug, other.slug}
    assert one.content.decode().splitlines()[0] == ",".join(research.COLUMNS)


def test_every_export_is_audit_logged(site_admin: User, lupus: Condition, hydroxychloroquine: Treatment) -> None:
    summary(hydroxychloroquine, lupus, 14)

    download(site_admin, lupus.slug)
    download(site_admin)

    events = list(AuditEvent.objects.filter(action="research:export").order_by("pk"))
    assert [(e.actor, e.data) for e in events] == [
        (site_admin, {"condition": lupus.slug, "rows": 8}),
        (site_admin, {"condition": "all", "rows": 8}),
    ]


def test_an_unknown_condition_is_refused_plainly_and_nothing_logged(site_admin: User) -> None:
    response = download(site_admin, "no-such-condition")

    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_the_page_explains_the_rule_and_offers_conditions_with_figures(
    site_admin: User, lupus: Condition, hydroxychloroquine: Treatment, other_treatment: Treatment
) -> None:
    summary(hydroxychloroquine, lupus, 10)
    below = Condition.objects.exclude(pk=lupus.pk).order_by("name").first()
    assert below is not None
    summary(other_treatment, below, 9)

    page = client_of(site_admin).get(reverse("research_export")).content.decode()

    assert "fewer than 10 contributors" in page
    assert f'<option value="{lupus.slug}">' in page
    assert f'value="{below.slug}"' not in page
    assert not AuditEvent.objects.exists()  # reading the page exports nothing


def test_a_name_that_looks_like_a_formula_is_written_as_text(
    site_admin: User, lupus: Condition, hydroxychloroquine: Treatment
) -> None:
    summary(
        hydroxychloroquine, lupus, 10,
        side_effects=[{"name": "=HYPERLINK(\"x\")", "members": 10, "severity": {}}],
    )  # fmt: skip

    rows = rows_of(download(site_admin))

    assert '\'=HYPERLINK("x")' in {row["value"] for row in rows}


@pytest.mark.parametrize("who", ["outsider", "maya", "tiffany", "ravi"])
def test_everyone_but_an_administrator_gets_404(
    who: str, request: pytest.FixtureRequest, lupus: Condition, hydroxychloroquine: Treatment
) -> None:
    summary(hydroxychloroquine, lupus, 20)
    client = client_of(None if who == "outsider" else request.getfixturevalue(who))

    assert client.get(reverse("research_export")).status_code == 404
    response = client.post(reverse("research_export"), {"condition": lupus.slug})

    assert response.status_code == 404
    assert "hydroxychloroquine" not in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_the_action_refuses_anyone_but_an_administrator(maya: User) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        research.do_export(maya)
    assert not AuditEvent.objects.exists()
