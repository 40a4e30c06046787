"""Reports for the figures tests: members who consent to research (or not), each reporting on
hydroxychloroquine for lupus unless told otherwise, and the kept figures recomputed."""

from __future__ import annotations

from typing import Any

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.experiences.models import TreatmentReport
from hearth.experiences.tests.factories import TreatmentReportFactory
from hearth.privacy.models import ResearchConsent
from hearth.privacy.research import CONSENT_VERSION

SIDE_EFFECTS = ["Nausea", "Rash", "Stomach upset", "Eye changes"]


def consenting(member: User | None = None) -> User:
    member = member or UserFactory.create()
    ResearchConsent.objects.create(member=member, version=CONSENT_VERSION)
    return member


def reports(count: int, *, consent: bool = True, **fields: Any) -> list[TreatmentReport]:
    """`count` reports, each by a new member (who consents to research unless `consent` is False)."""
    made = []
    for _ in range(count):
        member = consenting() if consent else UserFactory.create()
        made.append(TreatmentReportFactory.create(member=member, **fields))
    return made
