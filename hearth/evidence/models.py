"""The evidence library: per condition, curated resources (guidelines, trusted organisations'
pages, plain-language explainers, research summaries), each with a summary, its source, who
added it and when it was last reviewed. Moderators' "Disputed: see sources" labels link here."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hearth.conditions.models import Condition
from hearth.treatments.models import Treatment


class EntryKind(models.TextChoices):
    GUIDELINE = "guideline", "Clinical guideline"
    ORGANISATION = "organisation", "Trusted organisation's page"
    EXPLAINER = "explainer", "Plain-language explainer"
    RESEARCH = "research", "Research summary"


TITLE_MAX = 200
SOURCE_MAX = 120
SUMMARY_MAX = 2_000


class EvidenceEntry(models.Model):
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="evidence")
    treatments = models.ManyToManyField(Treatment, related_name="evidence", blank=True)
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    url = models.URLField(max_length=500)
    source = models.CharField(max_length=SOURCE_MAX, help_text='Who published it, e.g. "NICE" or "Lupus UK".')
    summary = models.TextField(max_length=SUMMARY_MAX)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    last_reviewed_on = models.DateField(default=timezone.localdate)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["title", "pk"]
        indexes: ClassVar = [models.Index(fields=["condition", "removed_at", "title"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence_entry", args=[self.condition.slug, self.pk])
