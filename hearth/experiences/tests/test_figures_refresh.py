"""The kept figures of a treatment for a condition: counted in the database from consenting
members' reports only, recomputed through the job queue after commit (a request a newer
computation answered is skipped), and again when a member's consent changes or they are erased."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.accounts.models import User
from hearth.conditions.models import Condition
from hearth.experiences import figures
from hearth.experiences.models import StopReason, TreatmentReport, TreatmentSummary
from hearth.experiences.tasks import refresh_all_figures, refresh_figures
from hearth.experiences.tests.factories import TreatmentReportFactory, days_ago
from hearth.experiences.tests.figures_data import SIDE_EFFECTS, consenting, reports
from hearth.privacy import actions as privacy_actions
from hearth.privacy import erasure
from hearth.privacy.models import AccountDeletion
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _listed_side_effects(hydroxychloroquine: Treatment) -> None:
    hydroxychloroquine.side_effects = SIDE_EFFECTS
    hydroxychloroquine.save(update_fields=["side_effects"])


def _summary(treatment: Treatment, condition: Condition) -> TreatmentSummary:
    return TreatmentSummary.objects.get(treatment=treatment, condition=condition)


def test_every_figure_is_counted_from_consenting_reports(hydroxychloroquine: Treatment, lupus: Condition) -> None:
    reports(3, effectiveness="major", missed_doses="never", burden="little", cost_band="low",
            started_on=days_ago(10), side_effects=[("Nausea", "mild"), ("Rash", "severe")])  # fmt: skip
    reports(2, effectiveness="none", started_on=days_ago(400), stopped_on=days_ago(100),
            stop_reasons=[StopReason.SIDE_EFFECTS, StopReason.COST], side_effects=[("Nausea", "severe")])  # fmt: skip
    reports(1, effectiveness="slight", started_on=days_ago(900), stopped_on=days_ago(10),
            stop_reasons=[StopReason.NOT_WORKING], side_effects=[("Something I named", "mild")])  # fmt: skip
    reports(1, effectiveness="too_soon", started_on=days_ago(100))
    reports(4, consent=False, effectiveness="major", side_effects=[("Rash", "mild")])

    found = figures.compute(hydroxychloroquine.pk, lupus.pk)

    assert found["reports"] == 7
    assert found["since"] == timezone.localdate().isoformat()
    assert found["effectiveness"] == {"major": 3, "none": 2, "slight": 1, "too_soon": 1}
    assert found["stopped"] == 3
    assert found["stop_reasons"] == {"side_effects": 2, "cost": 2, "not_working": 1}
    assert found["with_duration"] == 7
    assert found["duration"] == {"lt_1m": 3, "1_6m": 1, "6_12m": 2, "gt_2y": 1}
    assert found["missed_doses"] == {"never": 3}
    assert found["burden"] == {"little": 3}
    assert found["cost_band"] == {"low": 3}
    assert found["answered"] == {"missed_doses": 3, "burden": 3, "cost_band": 3}
    # Free text never enters figures; listed ones most reported first, each with its severities.
    assert found["side_effects"] == [
        {"name": "Nausea", "members": 5, "severity": {"mild": 3, "severe": 2}},
        {"name": "Rash", "members": 3, "severity": {"severe": 3}},
    ]


def test_reports_of_members_who_left_or_withdrew_do_not_count(hydroxychloroquine: Treatment, lupus: Condition) -> None:
    _kept, inactive, withdrawn = reports(3)
    inactive.member.is_active = False
    inactive.member.save(update_fields=["is_active"])
    privacy_actions.do_withdraw_consent(withdrawn.member)

    assert figures.compute(hydroxychloroquine.pk, lupus.pk)["reports"] == 1


def test_counting_takes_a_fixed_number_of_queries(hydroxychloroquine: Treatment, lupus: Condition) -> None:
    reports(2, side_effects=[("Nausea", "mild")])
    with CaptureQueriesContext(connection) as few:
        figures.compute(hydroxychloroquine.pk, lupus.pk)
    reports(12, side_effects=[("Rash", "mild")], started_on=days_ago(40))
    with CaptureQueriesContext(connection) as many:
        figures.compute(hydroxychloroquine.pk, lupus.pk)

    assert len(many) == len(few) <= 6


def test_refresh_keeps_the_figures_and_the_time_they_were_counted(
    hydroxychloroquine: Treatment, lupus: Condition
) -> None:
    reports(2)
    before = timezone.now()

    summary = figures.refresh(hydroxychloroquine.pk, lupus.pk)
    reports(1)
    again = figures.refresh(hydroxychloroquine.pk, lupus.pk)

    assert summary.pk == again.pk
    assert again.contributors == 3 == again.figures["reports"]
    assert again.computed_at >= before


def test_a_request_that_a_newer_computation_answered_is_skipped(
    hydroxychloroquine: Treatment, lupus: Condition
) -> None:
    reports(2)
    asked = timezone.now()
    figures.refresh(hydroxychloroquine.pk, lupus.pk)
    reports(1)  # not asked for: a skipped request leaves it out

    assert refresh_figures(hydroxychloroquine.pk, lupus.pk, asked).get() is False
    assert _summary(hydroxychloroquine, lupus).contributors == 2
    assert refresh_figures(hydroxychloroquine.pk, lupus.pk, timezone.now()).get() is True
    assert _summary(hydroxychloroquine, lupus).contributors == 3


def test_an_older_computation_never_overwrites_a_newer_one(hydroxychloroquine: Treatment, lupus: Condition) -> None:
    reports(2)
    newer = figures.refresh(hydroxychloroquine.pk, lupus.pk)
    TreatmentSummary.objects.filter(pk=newer.pk).update(computed_at=timezone.now() + dt.timedelta(minutes=1))
    reports(1)

    assert figures.refresh(hydroxychloroquine.pk, lupus.pk).contributors == 2


def test_refresh_later_waits_for_the_commit_and_runs_each_pair_once(
    hydroxychloroquine: Treatment,
    lupus: Condition,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prednisone = Treatment.objects.get(slug="prednisone")
    reports(2)
    computed = []
    original = figures.refresh

    def counted(treatment_id: int, condition_id: int) -> TreatmentSummary:
        computed.append((treatment_id, condition_id))
        return original(treatment_id, condition_id)

    monkeypatch.setattr(figures, "refresh", counted)

    with django_capture_on_commit_callbacks(execute=True):
        pair, other = (hydroxychloroquine.pk, lupus.pk), (prednisone.pk, lupus.pk)
        figures.refresh_later([pair, other, pair])
        assert computed == []  # nothing before the commit

    assert sorted(computed) == sorted([pair, other])
    assert _summary(hydroxychloroquine, lupus).contributors == 2
    assert _summary(prednisone, lupus).contributors == 0


def test_a_burst_of_requests_waiting_in_the_queue_costs_one_computation(
    hydroxychloroquine: Treatment, lupus: Condition
) -> None:
    reports(2)
    burst = [timezone.now() for _ in range(5)]  # five changes committed before the worker starts

    done = [refresh_figures(hydroxychloroquine.pk, lupus.pk, asked).get() for asked in burst]

    assert done == [True, False, False, False, False]
    assert _summary(hydroxychloroquine, lupus).contributors == 2


def test_giving_and_withdrawing_consent_refreshes_the_members_figures(
    hydroxychloroquine: Treatment, lupus: Condition, maya: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    reports(10)
    TreatmentReportFactory.create(member=maya)
    figures.refresh(hydroxychloroquine.pk, lupus.pk)

    with django_capture_on_commit_callbacks(execute=True):
        privacy_actions.do_give_consent(maya)
    assert _summary(hydroxychloroquine, lupus).contributors == 11

    with django_capture_on_commit_callbacks(execute=True):
        privacy_actions.do_withdraw_consent(maya)
    assert _summary(hydroxychloroquine, lupus).contributors == 10


def test_an_erased_members_reports_leave_the_figures(
    hydroxychloroquine: Treatment, lupus: Condition, maya: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    reports(10)
    TreatmentReportFactory.create(member=consenting(maya))
    figures.refresh(hydroxychloroquine.pk, lupus.pk)
    assert _summary(hydroxychloroquine, lupus).contributors == 11
    deletion = AccountDeletion.objects.create(member=maya, erase_after=timezone.now(), keep_posts=False)

    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase(deletion)

    assert not TreatmentReport.objects.filter(member_id=maya.pk).exists()
    assert _summary(hydroxychloroquine, lupus).contributors == 10


def test_the_daily_job_refreshes_every_pair(hydroxychloroquine: Treatment, lupus: Condition) -> None:
    prednisone, azathioprine = Treatment.objects.get(slug="prednisone"), Treatment.objects.get(slug="azathioprine")
    reports(2)
    reports(1, treatment=prednisone)
    TreatmentSummary.objects.create(treatment=prednisone, condition=lupus, contributors=5, figures={"reports": 5})
    # Figures whose reports are all gone come down to nothing.
    TreatmentSummary.objects.create(treatment=azathioprine, condition=lupus, contributors=7, figures={"reports": 7})

    assert refresh_all_figures.call_local() == 3
    assert _summary(hydroxychloroquine, lupus).contributors == 2
    assert _summary(prednisone, lupus).contributors == 1
    assert _summary(azathioprine, lupus).contributors == 0
