"""A member's profile: who they are, what they live with, and who may see each part of it.

Every field that says something about a member's health (conditions, treatments, symptoms) is
seen by "only me" until the member chooses otherwise; `access.py` decides who sees what.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from hearth.conditions.models import Condition, Symptom
from hearth.treatments.models import Treatment


class Visibility(models.TextChoices):
    """Who sees a field, from the widest to the narrowest; each level includes the ones after it."""

    PUBLIC = "public", "Anyone"
    COMMUNITIES = "communities", "Members of my communities"
    CONNECTIONS = "connections", "My connections"
    ONLY_ME = "only_me", "Only me"


class ProfileRole(models.TextChoices):
    PATIENT = "patient", "Patient"
    CAREGIVER = "caregiver", "Caregiver"
    CLINICIAN = "clinician", "Clinician"
    RESEARCHER = "researcher", "Researcher"


class AgeRange(models.TextChoices):
    UNDER_18 = "under_18", "Under 18"
    FROM_18 = "18_24", "18–24"
    FROM_25 = "25_34", "25–34"
    FROM_35 = "35_44", "35–44"
    FROM_45 = "45_54", "45–54"
    FROM_55 = "55_64", "55–64"
    FROM_65 = "65_74", "65–74"
    FROM_75 = "75_plus", "75 and over"


class MessagesFrom(models.TextChoices):
    NOBODY = "nobody", "Nobody"
    COMMUNITIES = "communities", "Members of my communities"
    CONNECTIONS = "connections", "My connections only"


# The parts of a profile that each carry their own visibility, with their defaults.
FIELD_DEFAULTS: dict[str, str] = {
    "bio": Visibility.COMMUNITIES,
    "avatar": Visibility.COMMUNITIES,
    "role": Visibility.COMMUNITIES,
    "interests": Visibility.COMMUNITIES,
    "age_range": Visibility.ONLY_ME,
    "place": Visibility.ONLY_ME,
    "conditions": Visibility.ONLY_ME,
    "treatments": Visibility.ONLY_ME,
    "symptoms": Visibility.ONLY_ME,
}
HEALTH_FIELDS = frozenset({"conditions", "treatments", "symptoms"})
BIO_MAX = 500
INTERESTS_MAX = 10
INTEREST_MAX_LENGTH = 40


def _visibility(field: str) -> models.CharField[str, str]:
    return models.CharField(
        f"who sees {field.replace('_', ' ')}", max_length=12, choices=Visibility.choices, default=FIELD_DEFAULTS[field]
    )


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True)
    bio = models.CharField(max_length=BIO_MAX, blank=True)
    role = models.CharField(max_length=12, choices=ProfileRole.choices, blank=True)
    caregiver_of = models.CharField(
        max_length=80, blank=True, help_text='For caregivers: whom you care for, e.g. "my son, 9".'
    )
    age_range = models.CharField(max_length=10, choices=AgeRange.choices, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    region = models.CharField(max_length=6, blank=True, help_text="ISO 3166-2 code; never finer than a region.")
    interests = models.JSONField(default=list, blank=True)

    bio_visibility = _visibility("bio")
    avatar_visibility = _visibility("avatar")
    role_visibility = _visibility("role")
    interests_visibility = _visibility("interests")
    age_range_visibility = _visibility("age_range")
    place_visibility = _visibility("place")
    conditions_visibility = _visibility("conditions")
    treatments_visibility = _visibility("treatments")
    symptoms_visibility = _visibility("symptoms")

    discoverable = models.BooleanField(
        "let others find me in patients like me", default=False, help_text="Off until you turn it on."
    )
    discoverable_since = models.DateTimeField(null=True, blank=True)
    messages_from = models.CharField(max_length=12, choices=MessagesFrom.choices, default=MessagesFrom.CONNECTIONS)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["discoverable", "role"], name="profiles_discoverable_role"),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user_id}"

    def visibility_of(self, field: str) -> str:
        value: str = getattr(self, f"{field}_visibility")
        return value


class Avatar(models.Model):
    """The member's picture, as re-encoded by Hearth: never the uploaded bytes, never their metadata."""

    profile = models.OneToOneField(Profile, on_delete=models.CASCADE, primary_key=True, related_name="avatar")
    image = models.BinaryField()
    content_type = models.CharField(max_length=20, default="image/webp")
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Avatar of {self.profile_id}"


class ProfileCondition(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="conditions")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="+")
    diagnosed_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["profile", "condition"], name="profiles_condition_unique"),
        ]
        # Patients like me starts from everyone who lives with one condition.
        indexes: ClassVar = [models.Index(fields=["condition", "profile"])]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.condition_id}"


class ProfileTreatment(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="treatments")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-started_on", "id"]
        indexes: ClassVar = [models.Index(fields=["treatment", "profile"])]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.treatment_id}"

    @property
    def is_current(self) -> bool:
        return self.stopped_on is None


class ProfileSymptom(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="symptoms")
    symptom = models.ForeignKey(Symptom, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["profile", "symptom"], name="profiles_symptom_unique"),
        ]
        indexes: ClassVar = [models.Index(fields=["symptom", "profile"])]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.symptom_id}"
