"""A member's tracking: daily check-ins, their own trackers and readings, goals and milestones,
links that share a chart or a summary, the daily reminder, and CSV imports waiting for a yes.

All of it is seen by the member alone (`access.py`), unless they share a chart or a summary
through a link that expires. Days are the member's local days (their time zone)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from hearth.conditions.models import Symptom
from hearth.profiles.models import ProfileTreatment
from hearth.tracking.units import TrackerKind, Unit
from hearth.treatments.models import Treatment

NOTE_MAX = 1000
TRACKER_NAME_MAX = 60


class Severity(models.IntegerChoices):
    NONE = 0, "None"
    MILD = 1, "Mild"
    MODERATE = 2, "Moderate"
    SEVERE = 3, "Severe"


class Feeling(models.IntegerChoices):
    VERY_BAD = 1, "Very bad"
    BAD = 2, "Bad"
    SO_SO = 3, "So-so"
    GOOD = 4, "Good"
    VERY_GOOD = 5, "Very good"


class Source(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    CSV = "csv", "Imported from a CSV file"
    FHIR = "fhir", "From an app or device (FHIR)"
    API = "api", "From an app (API)"


class CheckIn(models.Model):
    """One local day of a member: how they felt, their symptoms, their doses, a note."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField()
    feeling = models.PositiveSmallIntegerField(choices=Feeling.choices, null=True, blank=True)
    pain = models.PositiveSmallIntegerField(null=True, blank=True, help_text="0 (none) to 10 (worst).")
    energy = models.PositiveSmallIntegerField(null=True, blank=True, help_text="0 (none) to 10 (full).")
    sleep_hours = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    note = models.TextField(max_length=NOTE_MAX, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-day"]
        constraints: ClassVar = [
            # A second check-in on the same local day updates the first (`actions.check_in`).
            models.UniqueConstraint(fields=["member", "day"], name="tracking_one_check_in_a_day"),
        ]

    def __str__(self) -> str:
        return f"Check-in of {self.member_id} on {self.day}"


class SymptomRating(models.Model):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="ratings")
    symptom = models.ForeignKey(Symptom, on_delete=models.PROTECT, related_name="+")
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["check_in", "symptom"], name="tracking_one_rating_a_symptom"),
        ]

    def __str__(self) -> str:
        return f"{self.symptom_id}: {self.severity}"


class ScheduledDose(models.Model):
    """A dose the member means to take each day ("Morning"), of a treatment on their profile."""

    profile_treatment = models.ForeignKey(ProfileTreatment, on_delete=models.CASCADE, related_name="doses")
    label = models.CharField(max_length=40, help_text='When you take it, e.g. "Morning" or "With dinner".')
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["profile_treatment", "label"], name="tracking_dose_label_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.profile_treatment_id}: {self.label}"


class DoseTaken(models.Model):
    """Whether a scheduled dose was taken on a check-in's day. The treatment and label are copied,
    so the history stays when the schedule changes."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="doses")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=40)
    taken = models.BooleanField()

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["check_in", "treatment", "label"], name="tracking_dose_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.treatment_id} {self.label}: {'taken' if self.taken else 'missed'}"


class Tracker(models.Model):
    """Something a member measures that the check-in does not: weight, blood glucose, steps."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trackers")
    name = models.CharField(max_length=TRACKER_NAME_MAX)
    kind = models.CharField(max_length=8, choices=TrackerKind.choices)
    unit = models.CharField(max_length=12, choices=Unit.choices)
    # The LOINC code readings from devices arrive under (FHIR import), when it was made for one.
    loinc = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint("member", Lower("name"), name="tracking_tracker_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """A tracker's value on one local day; a second value that day replaces the first."""

    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="observations")
    day = models.DateField()
    value = models.FloatField()
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    # The id the sending app gave the reading (FHIR), so the same bundle sent twice adds nothing.
    source_ref = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["day"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["tracker", "day"], name="tracking_one_value_a_day"),
        ]
        indexes: ClassVar = [models.Index(fields=["tracker", "source_ref"], name="tracking_observation_ref")]

    def __str__(self) -> str:
        return f"{self.tracker_id} on {self.day}: {self.value}"


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", "at least"
    AT_MOST = "at_most", "at most"


class Goal(models.Model):
    """A target on one series ("sleep at least 7 hours, 7 days a week"), counted in weeks."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals")
    series = models.CharField(max_length=40, help_text="A series key (`series.py`): sleep, pain, tracker-12…")
    comparison = models.CharField(max_length=8, choices=Comparison.choices, default=Comparison.AT_LEAST)
    target = models.FloatField()
    days_per_week = models.PositiveSmallIntegerField(default=7)
    title = models.CharField(max_length=120, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"Goal {self.pk}"


class Milestone(models.Model):
    """A step a goal reached (its first good day, its first full week, a streak of weeks), kept
    once, celebrated once, and shared to a community only if the member chooses."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=24)
    reached_on = models.DateField()
    celebrated_at = models.DateTimeField(null=True, blank=True)
    shared_post = models.ForeignKey(
        "discussions.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-reached_on", "-id"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["goal", "kind"], name="tracking_milestone_once")]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.kind}"


class ShareKind(models.TextChoices):
    CHART = "chart", "A chart"
    SUMMARY = "summary", "A visit summary"


class ShareLink(models.Model):
    """A read-only link to one chart or one summary, for a connection or a clinician; it expires,
    can be revoked, and records each opening."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=8, choices=ShareKind.choices)
    # What is shown: the series keys, the period, and (for a summary) the days whose notes were picked.
    series = models.JSONField(default=list)
    starts_on = models.DateField()
    ends_on = models.DateField()
    note_days = models.JSONField(default=list, blank=True)
    # Medication changes and missed doses come from the profile's treatments, which have an audience
    # of their own: shown through the link only when the member ticks it.
    include_medications = models.BooleanField("include my medication changes and missed doses", default=False)
    recipient = models.CharField(max_length=80, help_text='Whom it is for, e.g. "Dr. Attai". Only you see this.')
    connection = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Share {self.pk} of {self.member_id}"

    @property
    def is_open(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ShareOpening(models.Model):
    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="openings")
    opened_at = models.DateTimeField(default=timezone.now)
    # The member who opened it, when signed in; otherwise "someone with the link".
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"Opening of {self.link_id}"


class Reminder(models.Model):
    """The member's daily check-in reminder, off until they turn it on."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="check_in_reminder"
    )
    enabled = models.BooleanField(default=False)
    at = models.TimeField(default="20:00", help_text="Your local time.")
    by_email = models.BooleanField(default=False)
    last_sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Reminder of {self.member_id}"


class PendingImport(models.Model):
    """A checked CSV file waiting for the member to confirm; nothing of it is saved before that.
    Deleted once confirmed, cancelled or an hour old."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.member_id}"
