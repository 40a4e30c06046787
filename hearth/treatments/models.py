"""Treatments as members name them: medicines (generic and brand names), procedures, devices and
lifestyle approaches, each linked to the conditions it is used for."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hearth.conditions.models import Condition


class Kind(models.TextChoices):
    MEDICINE = "medicine", "Medicine"
    PROCEDURE = "procedure", "Procedure"
    DEVICE = "device", "Device"
    THERAPY = "therapy", "Therapy"
    LIFESTYLE = "lifestyle", "Lifestyle approach"


class Treatment(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=150, help_text="The generic or usual name.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    other_names = models.JSONField(default=list, blank=True, help_text="Brand names and other names.")
    conditions = models.ManyToManyField(Condition, related_name="treatments", blank=True)
    # The side effects a treatment report offers to tick (members may add others in their words).
    side_effects = models.JSONField(default=list, blank=True, help_text="Side effects commonly reported.")
    # Treatments members proposed and moderators approved, as opposed to the shipped catalogue.
    proposed = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("treatment_detail", args=[self.slug])


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Added to the catalogue"
    DECLINED = "declined", "Declined"


PROPOSAL_NOTE_MAX = 500
DECISION_REASON_MAX = 300


class TreatmentProposal(models.Model):
    """A member's proposal to add a treatment to the catalogue, which a moderator approves or declines."""

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="treatment_proposals"
    )
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    other_names = models.JSONField(default=list, blank=True)
    conditions = models.ManyToManyField(Condition, related_name="+", blank=True)
    note = models.CharField(max_length=PROPOSAL_NOTE_MAX, blank=True, help_text="Why it belongs, for the moderators.")
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=DECISION_REASON_MAX, blank=True)
    # The catalogue entry an approval created (or the existing one it turned out to be).
    treatment = models.ForeignKey(Treatment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        indexes: ClassVar = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Proposal: {self.name}"
