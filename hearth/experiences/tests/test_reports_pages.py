"""The pages around a treatment report, without JavaScript: Maya finds "My treatment reports",
picks a condition and searches for a treatment by its brand name, and gets a form that says what
each choice means, groups its choices under legends and ties every error to its field."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.experiences.tests.factories import TreatmentReportFactory
from hearth.profiles.actions import do_add_condition
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db


def test_maya_finds_the_form_by_condition_and_brand_name(maya: User, maya_client: Client) -> None:
    do_add_condition(maya, "systemic-lupus-erythematosus")
    start = maya_client.get("/experiences/").content.decode()
    assert "You have not reported on a treatment yet." in start
    assert '<form method="get" action="/experiences/new/"' in start
    # Her own conditions come first.
    assert start.index('label="Your conditions"') < start.index('value="systemic-lupus-erythematosus"')

    found = maya_client.get("/experiences/new/", {"condition": "systemic-lupus-erythematosus", "q": "plaquenil"})

    html = found.content.decode()
    link = "/experiences/new/?treatment=hydroxychloroquine&amp;condition=systemic-lupus-erythematosus"
    assert f'href="{link}"' in html
    assert "Methotrexate" not in html
    form = maya_client.get(link.replace("&amp;", "&"))
    assert form.status_code == 200
    assert "<h1>Report on Hydroxychloroquine</h1>" in form.content.decode()


def test_an_empty_search_lists_every_treatment_of_the_condition(maya_client: Client) -> None:
    html = maya_client.get("/experiences/new/", {"condition": "systemic-lupus-erythematosus", "q": ""}).content.decode()

    for name in ["Hydroxychloroquine", "Methotrexate", "Belimumab"]:
        assert name in html
    assert "Adalimumab" not in html


def test_a_treatment_without_a_condition_asks_what_it_is_for(maya_client: Client) -> None:
    html = maya_client.get("/experiences/new/", {"treatment": "hydroxychloroquine"}).content.decode()

    assert "What do you take Hydroxychloroquine for?" in html
    assert "condition=rheumatoid-arthritis" in html


def test_the_form_groups_its_choices_and_explains_who_sees_the_report(
    maya_client: Client, hydroxychloroquine: Treatment
) -> None:
    html = maya_client.get(
        "/experiences/new/?treatment=hydroxychloroquine&condition=systemic-lupus-erythematosus"
    ).content.decode()

    for legend in ["How well did it work for you?", "Side effects", "Other side effects, in your words",
                   "Why you stopped", "Who sees this report", *hydroxychloroquine.side_effects]:  # fmt: skip
        assert f"<legend>{legend}</legend>" in html, legend
    assert html.count('value="severe"') >= len(hydroxychloroquine.side_effects)
    assert re.search(r'name="visibility" value="only_me"[^>]*checked', html)
    assert 'href="/my-data/research/"' in html
    assert "Share my tip on the treatment page, without my name" in html
    assert 'aria-describedby="visibility-explained"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_errors_are_listed_at_the_top_and_tied_to_their_fields(maya_client: Client) -> None:
    response = maya_client.post(
        "/experiences/new/?treatment=hydroxychloroquine&condition=systemic-lupus-erythematosus",
        {"visibility": "only_me", "started_on": "not a date"},
    )

    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'href="#id_effectiveness_0"' in html
    assert 'href="#id_started_on"' in html
    assert re.search(r'<input[^>]*aria-describedby="id_started_on_error"[^>]*id="id_started_on"', html) or re.search(
        r'<input[^>]*id="id_started_on"[^>]*aria-describedby="[^"]*id_started_on_error', html
    )
    assert 'aria-describedby="id_effectiveness_error"' in html


def test_my_reports_lists_each_with_a_link_to_change_it(maya: User, maya_client: Client) -> None:
    report = TreatmentReportFactory.create(member=maya, for_connections=True)

    html = maya_client.get("/experiences/").content.decode()

    assert f'href="/experiences/{report.pk}/edit/"' in html
    assert "Hydroxychloroquine for Systemic lupus erythematosus" in html
    assert "seen by my connections" in html


def test_a_report_page_says_it_is_no_medical_advice(maya: User, maya_client: Client) -> None:
    report = TreatmentReportFactory.create(member=maya, side_effects=[("Rash", "severe")])

    html = maya_client.get(f"/experiences/{report.pk}/").content.decode()

    assert "not medical advice" in html
    assert '<th scope="row">Rash</th><td>Severe</td>' in html
    assert f'href="/experiences/{report.pk}/edit/"' in html


@pytest.mark.parametrize("odd", ["9" * 20, "0"])
def test_odd_report_numbers_are_404(maya_client: Client, odd: str) -> None:
    for url in [f"/experiences/{odd}/", f"/experiences/{odd}/edit/", f"/experiences/{odd}/delete/"]:
        assert maya_client.get(url).status_code == 404
    assert maya_client.get(f"/api/v1/treatment-reports/{odd}").status_code in {404, 422}
