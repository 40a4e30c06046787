"""What each member sets to protect themselves: muted words, quiet hours, breaks, and the emails
held back until quiet hours end.

Muted members live in `connections.Mute` and muted threads and communities in
`notifications.Subscription`; this app reads them rather than keeping copies.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

MAX_MUTED_WORDS = 50
MUTED_WORD_MAX = 60
FOLDED_MAX = 4 * MUTED_WORD_MAX  # folding can lengthen text; longer is refused


class WellbeingSettings(models.Model):
    """One row per member who set quiet hours; no row means none."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="wellbeing"
    )
    quiet_from = models.TimeField(null=True, blank=True, help_text="Quiet hours start, on the member's clock.")
    quiet_until = models.TimeField(null=True, blank=True, help_text="Quiet hours end, on the member's clock.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "well-being settings"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(quiet_from__isnull=True, quiet_until__isnull=True)
                | Q(quiet_from__isnull=False, quiet_until__isnull=False),
                name="wellbeing_quiet_hours_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return f"well-being settings of {self.user_id}"

    @property
    def has_quiet_hours(self) -> bool:
        return self.quiet_from is not None and self.quiet_until is not None


class MutedWord(models.Model):
    """A word or phrase whose posts and messages the member sees collapsed, with the reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_words")
    phrase = models.CharField(max_length=MUTED_WORD_MAX, help_text="As the member wrote it.")
    folded = models.CharField(max_length=FOLDED_MAX, help_text="Lower case, without accents: what is matched.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["phrase", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "folded"], name="wellbeing_muted_word_unique"),
        ]

    def __str__(self) -> str:
        return self.phrase


class BreakQuerySet(models.QuerySet["Break"]):
    def current(self, now: dt.datetime | None = None) -> BreakQuerySet:
        """Breaks going on at `now` (default: now)."""
        moment = now or timezone.now()
        return self.filter(starts_at__lte=moment, ends_at__gt=moment, ended_at__isnull=True)


class Break(models.Model):
    """A pause the member chose: no feed, no emails, notifications kept quietly until it ends."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="breaks")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When the member ended it early.")
    welcomed_at = models.DateTimeField(null=True, blank=True, help_text="When the welcome back was shown.")

    objects = BreakQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-starts_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["user", "-ends_at"])]

    def __str__(self) -> str:
        return f"break of {self.user_id} until {self.ends_at:%Y-%m-%d}"

    @property
    def over_at(self) -> dt.datetime:
        return self.ended_at or self.ends_at


class HeldEmail(models.Model):
    """An email that came during the member's quiet hours, sent when they end unless it is no
    longer of use by then (`expires_at`: a reminder of a chat that started, of a day gone by)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True)
    send_after = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["send_after"])]

    def __str__(self) -> str:
        return f"{self.subject} for {self.user_id} after {self.send_after:%Y-%m-%d %H:%M}"
