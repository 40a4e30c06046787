"""Verified professionals: a member applies as a clinician, a researcher or a patient
organisation with details an administrator checks; once verified they carry a badge, their
answers in threads and chats are marked, and they may add to the evidence library. Verification
can be withdrawn. Every step is audit-logged (`hearth.audit`).

The badge lives on the member (`User.verified_as`, `User.verified_title`) so that a page of posts
or chat messages marks its authors without another query; `actions.py` keeps it in step."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hearth.accounts.models import ProfessionalKind


class VerificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an administrator"
    VERIFIED = "verified", "Verified"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


TITLE_MAX = 80
DETAILS_MAX = 2_000
REASON_MAX = 300


class Verification(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verifications")
    kind = models.CharField(max_length=20, choices=ProfessionalKind.choices)
    title = models.CharField(
        max_length=TITLE_MAX, help_text='Shown with the badge, e.g. "Rheumatology nurse" or "Lupus Foundation".'
    )
    # Only administrators read these: registration number, workplace, how to check.
    details = models.TextField(max_length=DETAILS_MAX)
    register_url = models.URLField(max_length=500, blank=True, help_text="A public register or staff page.")
    status = models.CharField(max_length=10, choices=VerificationStatus.choices, default=VerificationStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=REASON_MAX, blank=True, help_text="Shown to the applicant.")
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=REASON_MAX, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        constraints: ClassVar = [
            # One open application or verification per member at a time.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=["pending", "verified"]),
                name="professionals_one_open_per_member",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.member_id} as {self.kind} ({self.status})"
