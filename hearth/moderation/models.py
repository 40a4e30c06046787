"""Reports: a member flags something for moderators to look at.

A report names its target by type and id, so any kind of content can be reported. The reported
member is never told who reported them.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class Reason(models.TextChoices):
    HARASSMENT = "harassment", "Harassment or abuse"
    MISINFORMATION = "misinformation", "Misinformation or dangerous advice"
    SPAM = "spam", "Spam or advertising"
    PRIVACY = "privacy", "Shares someone's private information"
    WORRIED = "worried", "I'm worried about this person"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class TargetType(models.TextChoices):
    DIRECT_MESSAGE = "direct_message", "Direct message"


NOTE_MAX = 1000


class Report(models.Model):
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    target_type = models.CharField(max_length=30, choices=TargetType.choices)
    target_id = models.BigIntegerField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=NOTE_MAX)
    source_url = models.CharField(max_length=500, blank=True, help_text="The page the report was made from.")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"Report of {self.target_type} {self.target_id} ({self.reason})"
