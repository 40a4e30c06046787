"""Journey 6, "Treatments": Lena, who lives with lupus, asks what people with lupus say about
hydroxychloroquine. From the Treatments link she finds it by its brand name, reads its page for
lupus (how many reports, how well it worked, the side effects most reported and how severe,
tips, and the note that this is not medical advice), sees that belimumab has too few reports to
show any figure, then adds her own report, which nobody else sees until she says so. With
JavaScript and without: every step is a link or a plain form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import UserFactory
from hearth.conditions.models import Condition
from hearth.experiences.figures import refresh
from hearth.experiences.models import TreatmentReport
from hearth.experiences.tests.factories import TreatmentReportFactory
from hearth.privacy.actions import do_give_consent
from hearth.treatments.models import Treatment
from tests.browser.accessibility import assert_accessible
from tests.browser.test_find_my_community import log_in_as

pytestmark = pytest.mark.browser

LUPUS = "systemic-lupus-erythematosus"
NOTE = "Patient-reported experiences, not medical advice; talk with your clinician."
TIP = "Take it with food in the evening; the nausea went after a month."


def twelve_members_have_reported() -> None:
    lupus = Condition.objects.get(slug=LUPUS)
    hydroxychloroquine = Treatment.objects.get(slug="hydroxychloroquine")
    belimumab = Treatment.objects.get(slug="belimumab")
    for n in range(12):
        member = UserFactory.create(handle=f"reporter{n}")
        do_give_consent(member)
        TreatmentReportFactory.create(
            member=member,
            treatment=hydroxychloroquine,
            condition=lupus,
            effectiveness="major" if n < 5 else "moderate",
            side_effects=[("Nausea", "mild" if n % 3 else "moderate")] + ([("Headache", "mild")] if n < 4 else []),
            tip=TIP if n == 0 else "",
            share_tip=n == 0,
        )
        if n < 3:
            TreatmentReportFactory.create(member=member, treatment=belimumab, condition=lupus)
    refresh(hydroxychloroquine.pk, lupus.pk)
    refresh(belimumab.pk, lupus.pk)


def test_lena_reads_what_people_with_lupus_say_and_adds_her_own(page_with_and_without_js: Page) -> None:
    page = page_with_and_without_js
    twelve_members_have_reported()
    lena = UserFactory.create(handle="lena_sle", email="lena@example.org")
    log_in_as(page, "lena@example.org")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Treatments").click()
    page.get_by_label("Search by name or brand name").fill("plaquenil")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Hydroxychloroquine", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Members' experiences of Hydroxychloroquine for Systemic lupus erythematosus").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Hydroxychloroquine for Systemic lupus")
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_text("12 reports")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("How well it worked"))).to_be_visible()
    page.get_by_text("The same numbers as a table").first.click()  # the chart's table, folded under it
    worked = page.get_by_role("table", name=re.compile("^How well it worked"))
    expect(worked.get_by_role("row", name=re.compile("^Major"))).to_contain_text("5")
    effects = page.get_by_role("table", name=re.compile("^Side effects reported by at least 10 members"))
    expect(effects.get_by_role("row", name=re.compile("^Nausea"))).to_contain_text("12")
    expect(effects.get_by_role("row", name=re.compile("^Headache"))).to_have_count(0)  # 4 members: too few
    expect(page.get_by_text(TIP)).to_be_visible()
    expect(page.get_by_text("reporter0")).to_have_count(0)  # tips never carry a name
    assert_accessible(page)

    page.goto("/treatments/belimumab/for/systemic-lupus-erythematosus/")
    expect(page.get_by_text("fewer than 10 reports")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    assert_accessible(page)

    page.goto("/treatments/hydroxychloroquine/for/systemic-lupus-erythematosus/")
    page.get_by_role("link", name="Report on this treatment").click()
    page.get_by_role("group", name="How well did it work for you?").get_by_label("Moderate").check()
    page.get_by_role("group", name="Nausea").get_by_label("Mild").check()
    page.get_by_label("A tip for others starting it (optional)").fill("Ask about the eye check early.")
    expect(page.get_by_role("group", name="Who sees this report").get_by_label("Only me")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Save the report").click()

    report = TreatmentReport.objects.get(member=lena)
    assert (report.effectiveness, report.visibility, report.share_tip) == ("moderate", "only_me", False)
    assert list(report.side_effects.values_list("name", "severity")) == [("Nausea", "mild")]
    expect(page.get_by_text("Hydroxychloroquine").first).to_be_visible()
    assert_accessible(page)
