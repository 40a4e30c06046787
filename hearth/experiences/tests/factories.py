"""Factories for treatment reports: by default on hydroxychloroquine for lupus, seen by its author only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from hearth.accounts.tests.factories import UserFactory
from hearth.conditions.models import Condition
from hearth.experiences.models import Effectiveness, ReportedSideEffect, StopReason, TreatmentReport
from hearth.profiles.models import Visibility
from hearth.treatments.models import Treatment

LUPUS = "systemic-lupus-erythematosus"
HYDROXYCHLOROQUINE = "hydroxychloroquine"


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _side_effects(report: TreatmentReport, create: bool, extracted: Any, **kwargs: Any) -> None:
    """`side_effects=[("Nausea", "mild"), ...]`, listed when the treatment lists the name."""
    if not create or not extracted:
        return
    listed = {str(name).casefold() for name in report.treatment.side_effects or []}
    ReportedSideEffect.objects.bulk_create(
        [
            ReportedSideEffect(report=report, name=name, severity=severity, listed=name.casefold() in listed)
            for name, severity in extracted
        ]
    )


class TreatmentReportFactory(factory.django.DjangoModelFactory[TreatmentReport]):
    """A treatment report (pass `treatment` and `condition` objects for another pair); traits:
    `stopped` (after about a year, for its side effects), `public`, `for_communities`, `for_connections`."""

    class Meta:
        model = TreatmentReport
        skip_postgeneration_save = True

    class Params:
        stopped = factory.Trait(
            started_on=factory.LazyFunction(lambda: days_ago(400)),
            stopped_on=factory.LazyFunction(lambda: days_ago(30)),
            stop_reasons=[StopReason.SIDE_EFFECTS],
        )
        public = factory.Trait(visibility=Visibility.PUBLIC)
        for_communities = factory.Trait(visibility=Visibility.COMMUNITIES)
        for_connections = factory.Trait(visibility=Visibility.CONNECTIONS)

    member = factory.SubFactory(UserFactory)
    treatment = factory.LazyFunction(lambda: Treatment.objects.get(slug=HYDROXYCHLOROQUINE))
    condition = factory.LazyFunction(lambda: Condition.objects.get(slug=LUPUS))
    effectiveness = Effectiveness.MODERATE
    visibility = Visibility.ONLY_ME
    side_effects = factory.PostGeneration(_side_effects)
