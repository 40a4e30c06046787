"""Connections between two members, and the blocks and mutes that members set for themselves.

A connection is stored once per pair, with the smaller member id first, so that "Maya and Tiffany"
and "Tiffany and Maya" cannot both exist; `requested_by` says who asked.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class ConnectionStatus(models.TextChoices):
    PENDING = "pending", "Requested"
    ACCEPTED = "accepted", "Connected"


def ordered_pair(a_id: int, b_id: int) -> tuple[int, int]:
    """The two members' ids as pairs are stored: the smaller first."""
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


class ConnectionQuerySet(models.QuerySet["Connection"]):
    def involving(self, user_id: int) -> ConnectionQuerySet:
        return self.filter(Q(user_low_id=user_id) | Q(user_high_id=user_id))

    def between(self, a_id: int, b_id: int) -> ConnectionQuerySet:
        low, high = ordered_pair(a_id, b_id)
        return self.filter(user_low_id=low, user_high_id=high)

    def accepted_of(self, user_id: int) -> ConnectionQuerySet:
        return self.involving(user_id).filter(status=ConnectionStatus.ACCEPTED)

    def received_by(self, user_id: int) -> ConnectionQuerySet:
        """Requests waiting for this member's answer."""
        return self.involving(user_id).filter(status=ConnectionStatus.PENDING).exclude(requested_by_id=user_id)

    def sent_by(self, user_id: int) -> ConnectionQuerySet:
        return self.filter(status=ConnectionStatus.PENDING, requested_by_id=user_id)


class Connection(models.Model):
    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=ConnectionStatus.choices, default=ConnectionStatus.PENDING)
    message = models.CharField(max_length=300, blank=True, help_text="A short note with the request.")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="connections_connection_pair_unique"),
            models.CheckConstraint(condition=Q(user_low__lt=F("user_high")), name="connections_connection_ordered"),
        ]
        indexes: ClassVar = [models.Index(fields=["user_high", "status"]), models.Index(fields=["user_low", "status"])]

    def __str__(self) -> str:
        return f"{self.user_low_id}–{self.user_high_id} ({self.status})"

    def other(self, user_id: int) -> int:
        return self.user_high_id if user_id == self.user_low_id else self.user_low_id

    @property
    def is_accepted(self) -> bool:
        return self.status == ConnectionStatus.ACCEPTED


class Block(models.Model):
    """`blocker` no longer hears from `blocked`, and `blocked` cannot reach them; both ways, silently."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="connections_block_unique"),
        ]
        indexes: ClassVar = [models.Index(fields=["blocked", "blocker"])]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class Mute(models.Model):
    """`muter` stops seeing notifications and messages from `muted`; the muted member is not told."""

    muter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes_made")
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["muter", "muted"], name="connections_mute_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.muter_id} mutes {self.muted_id}"
