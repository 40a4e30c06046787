"""A chronic condition, as members name it and as clinicians code it."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse


class Condition(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=150)
    lay_name = models.CharField(max_length=150)
    synonyms = models.JSONField(default=list, blank=True)
    icd10cm = models.JSONField("ICD-10-CM codes", default=list)
    category = models.CharField(max_length=60)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("condition_detail", args=[self.slug])

    @property
    def other_names(self) -> list[str]:
        """Every name but the standard one, without repeats."""
        seen = {self.name.casefold()}
        names = []
        for candidate in [self.lay_name, *self.synonyms]:
            if candidate.casefold() not in seen:
                seen.add(candidate.casefold())
                names.append(candidate)
        return names


class Symptom(models.Model):
    """A symptom as members name it ("fatigue", "joint pain"); profiles list them and check-ins rate them."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=100)
    other_names = models.JSONField(default=list, blank=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name
