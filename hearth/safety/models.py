"""Well-being checks: a quiet note in a community's moderation queue that a member's post or chat
message there spoke of a crisis, so a moderator can reach out kindly.

Direct messages have no community, and so no moderators: a crisis in one brings help to its
author (the private panel) and no check. The text itself is not copied here; the check names
what was written by type and id, and the queue reads it where it lives (and only while it does).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class CrisisKind(models.TextChoices):
    SELF_HARM = "self_harm", "Self-harm or suicide"
    MEDICAL_EMERGENCY = "medical_emergency", "Medical emergency"


class CheckedContent(models.TextChoices):
    POST = "post", "Post"
    CHAT_MESSAGE = "chat_message", "Chat message"
    DIRECT_MESSAGE = "direct_message", "Direct message"


class WellbeingCheck(models.Model):
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="wellbeing_check_rows"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellbeing_checks")
    kind = models.CharField(max_length=20, choices=CrisisKind.choices)
    what = models.CharField(max_length=20, choices=CheckedContent.choices)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]  # the queue shows the oldest first
        indexes: ClassVar = [
            # The queue: a community's checks still waiting, oldest first.
            models.Index(fields=["community", "handled_at", "created_at"]),
            models.Index(fields=["what", "object_id"]),
        ]
        constraints: ClassVar = [
            # One check per piece of content: an edit or a retried send never adds another.
            models.UniqueConstraint(fields=["what", "object_id"], name="safety_wellbeingcheck_once")
        ]

    def __str__(self) -> str:
        return f"Well-being check: {self.kind} in {self.what} {self.object_id}"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None
