"""The page of a treatment for a condition ("what do people with lupus say about
hydroxychloroquine"): public, read from the kept figures, every figure hidden below 10 members
(tested at 9 and 10), tips as plain text without their authors, and 404 for a treatment the
catalogue does not link to the condition."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.accounts.models import User
from hearth.conditions.models import Condition
from hearth.experiences import figures
from hearth.experiences.models import TreatmentReport
from hearth.experiences.tests.conftest import page_client
from hearth.experiences.tests.factories import TreatmentReportFactory, days_ago
from hearth.experiences.tests.figures_data import SIDE_EFFECTS, consenting, reports
from hearth.privacy import actions as privacy_actions
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

URL = "/treatments/hydroxychloroquine/for/systemic-lupus-erythematosus/"
NOTE = "Patient-reported experiences, not medical advice; talk with your clinician."


@pytest.fixture(autouse=True)
def _listed_side_effects(hydroxychloroquine: Treatment) -> None:
    hydroxychloroquine.side_effects = SIDE_EFFECTS
    hydroxychloroquine.save(update_fields=["side_effects"])


def _refresh(treatment: Treatment, condition: Condition) -> None:
    figures.refresh(treatment.pk, condition.pk)


def _main(response: Any) -> str:
    page: str = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_nine_consenting_reports_show_no_number(
    client: Client, hydroxychloroquine: Treatment, lupus: Condition
) -> None:
    reports(9, effectiveness="major", started_on=days_ago(100), side_effects=[("Nausea", "mild")])
    _refresh(hydroxychloroquine, lupus)

    response = client.get(URL)

    main = _main(response)
    assert response.status_code == 200
    assert "fewer than 10 reports" in main
    assert "%" not in main
    assert not re.search(r"\b9\b", main)
    assert "<svg" not in main
    assert response.context["figures"].contributors is None


def test_ten_consenting_reports_show_the_figures(
    client: Client, hydroxychloroquine: Treatment, lupus: Condition
) -> None:
    reports(7, effectiveness="major", started_on=days_ago(100), missed_doses="never",
            side_effects=[("Nausea", "mild")])  # fmt: skip
    reports(3, effectiveness="none", started_on=days_ago(500), stopped_on=days_ago(20),
            stop_reasons=["side_effects"], side_effects=[("Nausea", "severe")])  # fmt: skip
    _refresh(hydroxychloroquine, lupus)

    response = client.get(URL)

    main = _main(response)
    assert "From <strong>10 reports</strong>" in main
    assert "Major, 70% (7)" in main  # the chart's text alternative
    assert '<th scope="row">Major</th><td>7</td><td>70%</td>' in main  # and its table
    assert '<th scope="row">Nausea</th><td>10</td><td>100%</td><td>70%</td><td>0%</td><td>30%</td>' in main
    # Three stopped, three missed-dose answers: those two figures stay hidden on their own.
    assert "Fewer than 10 members have stopped taking it." in main
    assert main.count("Not shown: fewer than 10 members have answered this so far.") == 4  # stop, miss, burden, cost
    assert "Also listed for Hydroxychloroquine, each reported by fewer than 10 members (or by none): Rash" in main


def test_a_tenth_report_from_a_member_without_consent_does_not_count(
    client: Client, hydroxychloroquine: Treatment, lupus: Condition
) -> None:
    reports(9)
    reports(1, consent=False)
    _refresh(hydroxychloroquine, lupus)

    main = _main(client.get(URL))

    assert "fewer than 10 reports" in main
    assert "%" not in main


def test_a_withdrawn_consent_takes_the_figures_below_ten_after_refresh(
    client: Client,
    hydroxychloroquine: Treatment,
    lupus: Condition,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    made = reports(10)
    _refresh(hydroxychloroquine, lupus)
    assert "From <strong>10 reports</strong>" in _main(client.get(URL))

    with django_capture_on_commit_callbacks(execute=True):
        privacy_actions.do_withdraw_consent(made[0].member)

    main = _main(client.get(URL))
    assert "fewer than 10 reports" in main
    assert "%" not in main


def test_each_side_effect_needs_ten_members(client: Client, hydroxychloroquine: Treatment, lupus: Condition) -> None:
    reports(10, side_effects=[("Nausea", "mild"), ("Rash", "moderate")])
    reports(9, side_effects=[("Stomach upset", "severe")])
    reports(1, side_effects=[("Rash", "moderate")])
    _refresh(hydroxychloroquine, lupus)

    response = client.get(URL)

    shown = {effect.name: effect.members for effect in response.context["figures"].side_effects}
    main = _main(response)
    assert shown == {"Rash": 11, "Nausea": 10}
    assert '<th scope="row">Stomach upset</th>' not in main
    assert "(or by none): Stomach upset, Eye changes." in main


def test_tips_are_plain_text_without_their_authors(
    client: Client, hydroxychloroquine: Treatment, lupus: Condition, maya: User, tiffany: User
) -> None:
    TreatmentReportFactory.create(
        member=consenting(maya), tip="Take it with food <script>alert(1)</script>", share_tip=True
    )
    TreatmentReportFactory.create(member=tiffany, tip="A tip kept to myself", share_tip=False)
    _refresh(hydroxychloroquine, lupus)

    main = _main(client.get(URL))

    assert "Take it with food &lt;script&gt;alert(1)&lt;/script&gt;" in main
    assert "<script>alert" not in main
    assert "A tip kept to myself" not in main
    assert "maya" not in main.lower()
    assert "/members/" not in main


def test_at_most_ten_tips_newest_first(client: Client, hydroxychloroquine: Treatment, lupus: Condition) -> None:
    for number, report in enumerate(reports(12, share_tip=True)):
        TreatmentReport.objects.filter(pk=report.pk).update(tip=f"Tip number {number:02}")

    tips = [text for text, _ in client.get(URL).context["tips"]]

    assert tips == [f"Tip number {n:02}" for n in range(11, 1, -1)]


def test_the_page_says_what_it_is_and_links_onwards(client: Client) -> None:
    main = _main(client.get(URL))

    assert NOTE in main
    assert main.index(NOTE) < main.index("<h2")
    assert 'href="/experiences/new/?treatment=hydroxychloroquine&amp;condition=systemic-lupus-erythematosus"' in main
    assert 'href="/library/systemic-lupus-erythematosus/"' in main
    assert 'href="/treatments/compare/systemic-lupus-erythematosus/?with=hydroxychloroquine"' in main


def test_the_page_reads_the_kept_figures_not_the_reports(
    client: Client, hydroxychloroquine: Treatment, lupus: Condition
) -> None:
    reports(12, share_tip=True, tip="Patience.")
    _refresh(hydroxychloroquine, lupus)

    with CaptureQueriesContext(connection) as queries:
        client.get(URL)

    sql = [query["sql"] for query in queries]
    assert sum("experiences_treatmentsummary" in q for q in sql) == 1
    assert not any("COUNT(" in q.upper() for q in sql)
    assert len(sql) <= 5


@pytest.mark.parametrize(
    "url",
    [
        "/treatments/insulin-glargine/for/systemic-lupus-erythematosus/",  # not used for lupus
        "/treatments/no-such-treatment/for/systemic-lupus-erythematosus/",
        "/treatments/hydroxychloroquine/for/no-such-condition/",
    ],
)
def test_a_treatment_not_used_for_the_condition_is_404(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "maya", "tiffany", "site_admin"])
def test_everyone_may_read_the_page(persona: str, request: pytest.FixtureRequest) -> None:
    client = Client() if persona == "outsider" else page_client(request.getfixturevalue(persona))

    response = client.get(URL)

    assert response.status_code == 200
    assert NOTE in response.content.decode()
    assert client.post(URL).status_code == 405


def test_the_treatment_page_counts_reports_per_condition(
    client: Client, hydroxychloroquine: Treatment, lupus: Condition
) -> None:
    reports(10)
    _refresh(hydroxychloroquine, lupus)

    page = client.get("/treatments/hydroxychloroquine/").content.decode()

    assert "10 reports from members who agreed to research use." in page
    assert "fewer than 10 reports from members who agreed to research use." in page  # its other conditions
    assert f'href="{URL}"' in page
    assert 'href="/treatments/compare/systemic-lupus-erythematosus/?with=hydroxychloroquine"' in page
    assert 'href="/experiences/new/?treatment=hydroxychloroquine&amp;condition=systemic-lupus-erythematosus"' in page
    assert "Report on this treatment" in page
