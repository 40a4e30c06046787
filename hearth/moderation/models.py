"""Reports, and the moderators' queue they make.

A member flags something (a `Report`); every open report of the same thing gathers in one
`QueueItem` in its community's queue (direct messages, which have no community, go to the
site-wide queue). A moderator decides the item once: dismiss, hide or label. The reported member
is never told who reported them. Hidden and labelled posts are known here by post id, so the
discussions app needs no field of ours.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
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
    POST = "post", "Post"


class Decision(models.TextChoices):
    DISMISS = "dismiss", "Dismissed"
    HIDE = "hide", "Hidden"
    LABEL = "label", "Labelled"


class LabelKind(models.TextChoices):
    DISPUTED = "disputed", "Disputed: see sources"
    CONTENT_WARNING = "content_warning", "Content warning"


NOTE_MAX = 1000
URL_MAX = 500
DECISION_REASON_MAX = 300
LABEL_TEXT_MAX = 200
LABEL_LINKS_MAX = 3


class QueueItem(models.Model):
    """One thing in a moderation queue: all open reports of one target, decided once."""

    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_type = models.CharField(max_length=30, choices=TargetType.choices)
    target_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    reason = models.CharField(max_length=DECISION_REASON_MAX, blank=True, help_text="Shown to the member.")
    label_kind = models.CharField(max_length=20, choices=LabelKind.choices, blank=True)
    label_text = models.CharField(max_length=LABEL_TEXT_MAX, blank=True)
    label_links = models.JSONField(default=list, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]  # the queue shows the oldest first
        indexes: ClassVar = [
            models.Index(fields=["community", "handled_at", "created_at"]),
            models.Index(fields=["target_type", "target_id", "decision"]),
        ]
        constraints: ClassVar = [
            # Reports of the same thing gather in one open item; two reporters at once cannot make two.
            models.UniqueConstraint(
                fields=["target_type", "target_id"],
                condition=Q(handled_at__isnull=True),
                name="moderation_queueitem_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"Queue item: {self.target_type} {self.target_id}"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None


class Report(models.Model):
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    target_type = models.CharField(max_length=30, choices=TargetType.choices)
    target_id = models.BigIntegerField()
    item = models.ForeignKey(QueueItem, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=NOTE_MAX)
    source_url = models.CharField(max_length=500, blank=True, help_text="The page the report was made from.")
    evidence_url = models.CharField(max_length=URL_MAX, blank=True, help_text="A source, for misinformation.")
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
