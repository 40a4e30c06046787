"""Consent to research: the text members agree to, its version, and the one question later
aggregates ask before counting a member in a de-identified figure."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hearth.accounts.models import User
from hearth.privacy.models import ResearchConsent

CONSENT_VERSION = "1"
CONSENT_TEXT = (
    "I agree that what I record in Hearth about my health (my conditions, treatments, symptoms, "
    "check-ins, goals and treatment reports) may be counted in de-identified figures for "
    "research about living with chronic illness. Such figures never name me, never show my "
    "handle or anything I wrote, and are never shown for a group of fewer than 10 people. "
    "Nothing is sold. I can withdraw at any time on this page; from that moment nothing of mine "
    "enters a new figure."
)


def has_research_consent(user: Any) -> bool:
    """Whether this member's data may enter de-identified aggregates now: an active member with
    an open consent to the current version. Withdrawing takes effect at the next call."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return ResearchConsent.objects.filter(member=user, version=CONSENT_VERSION, withdrawn_at__isnull=True).exists()


def consenting_members() -> QuerySet[User]:
    """Everyone whose data may enter aggregates now, for filtering in SQL."""
    consented = ResearchConsent.objects.filter(version=CONSENT_VERSION, withdrawn_at__isnull=True)
    return User.objects.filter(is_active=True, pk__in=consented.values("member_id"))
