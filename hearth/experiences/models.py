"""Treatment reports: what one member says about one treatment for one condition (when they
started and stopped and why, how well it worked, side effects, missed doses, burden, cost, tips),
and the figures drawn from the reports of members who consent to research.

A report is seen by whom its author chooses (only them until they choose otherwise); figures
count only consenting members' reports and hide themselves below ten contributors
(`hearth.privacy.figures`)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from hearth.conditions.models import Condition
from hearth.profiles.models import Visibility
from hearth.treatments.models import Treatment


class Effectiveness(models.TextChoices):
    NONE = "none", "None"
    SLIGHT = "slight", "Slight"
    MODERATE = "moderate", "Moderate"
    MAJOR = "major", "Major"
    TOO_SOON = "too_soon", "Too soon to tell"


class StopReason(models.TextChoices):
    SIDE_EFFECTS = "side_effects", "Side effects"
    NOT_WORKING = "not_working", "It did not work well enough"
    STOPPED_WORKING = "stopped_working", "It stopped working"
    COST = "cost", "Cost"
    CLINICIAN = "clinician", "My clinician advised it"
    COURSE_DONE = "course_done", "The course was finished"
    FEELING_BETTER = "feeling_better", "I felt better"
    HARD_TO_KEEP_UP = "hard_to_keep_up", "Too hard to keep up"
    PREGNANCY = "pregnancy", "Pregnancy or planning one"
    OTHER = "other", "Another reason"


class MissedDoses(models.TextChoices):
    NEVER = "never", "Never"
    RARELY = "rarely", "Rarely"
    SOMETIMES = "sometimes", "Sometimes"
    OFTEN = "often", "Often"
    NOT_APPLICABLE = "not_applicable", "Does not apply"


class Burden(models.TextChoices):
    NONE = "none", "Not at all hard"
    LITTLE = "little", "A little hard"
    SOMEWHAT = "somewhat", "Somewhat hard"
    VERY = "very", "Very hard"


class CostBand(models.TextChoices):
    NONE = "none", "Nothing"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class Severity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


STOP_NOTE_MAX = 300
TIP_MAX = 1_000
SIDE_EFFECT_NAME_MAX = 80
SIDE_EFFECTS_MAX = 20
# What a member answers in a report (beside its treatment, condition and side effects).
ANSWERS = (
    "started_on",
    "stopped_on",
    "stop_reasons",
    "stop_note",
    "effectiveness",
    "missed_doses",
    "burden",
    "cost_band",
    "tip",
    "share_tip",
    "visibility",
)


class TreatmentReport(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="treatment_reports")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="+")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    stop_reasons = models.JSONField(default=list, blank=True, help_text="StopReason values.")
    stop_note = models.CharField(max_length=STOP_NOTE_MAX, blank=True, help_text="Why you stopped, in your words.")
    effectiveness = models.CharField(max_length=10, choices=Effectiveness.choices)
    missed_doses = models.CharField(max_length=15, choices=MissedDoses.choices, blank=True)
    burden = models.CharField(max_length=10, choices=Burden.choices, blank=True)
    cost_band = models.CharField(max_length=10, choices=CostBand.choices, blank=True)
    tip = models.TextField(max_length=TIP_MAX, blank=True, help_text="A tip for others starting it.")
    # The tip (only the tip, never a name) may be shown on the treatment page.
    share_tip = models.BooleanField(default=False)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.ONLY_ME)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-updated_at", "-pk"]
        constraints: ClassVar = [
            # One report per member, treatment and condition: a second one updates the first.
            models.UniqueConstraint(fields=["member", "treatment", "condition"], name="experiences_report_unique"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["treatment", "condition"]),
            models.Index(fields=["treatment", "condition", "share_tip", "-updated_at"], name="experiences_tips"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.treatment_id} for {self.condition_id}"

    def get_absolute_url(self) -> str:
        return reverse("treatment_report", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.stopped_on is None


class ReportedSideEffect(models.Model):
    report = models.ForeignKey(TreatmentReport, on_delete=models.CASCADE, related_name="side_effects")
    name = models.CharField(max_length=SIDE_EFFECT_NAME_MAX)
    # One of the treatment's listed side effects; only those enter figures (free text could name someone).
    listed = models.BooleanField(default=True)
    severity = models.CharField(max_length=10, choices=Severity.choices)

    class Meta:
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.UniqueConstraint("report", Lower("name"), name="experiences_side_effect_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.severity})"


class TreatmentSummary(models.Model):
    """The figures of one treatment for one condition, kept up to date after each change (never
    recomputed from every report on a page view). `figures` holds raw counts of consenting
    members' reports; the ten-person rule is applied where they are shown or exported."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="+")
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="+")
    contributors = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["treatment", "condition"], name="experiences_summary_unique"),
        ]
        indexes: ClassVar = [models.Index(fields=["condition", "-contributors"])]

    def __str__(self) -> str:
        return f"Figures of {self.treatment_id} for {self.condition_id}"
