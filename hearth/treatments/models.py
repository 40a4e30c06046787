"""Treatments as members name them: medicines (generic and brand names), procedures, devices and
lifestyle approaches, each linked to the conditions it is used for."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse

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

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("treatment_detail", args=[self.slug])
