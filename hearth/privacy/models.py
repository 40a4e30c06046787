"""A member's rights over their data: exports of everything they entered, the deletion of their
account after a grace period, their consent to research, and the log of who looked at their
private fields."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

EXPORT_DAYS = 7
GRACE_DAYS = 14


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being prepared"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


ACTIVE_EXPORT = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class DataExport(models.Model):
    """One ZIP of everything a member entered, prepared by the job queue.

    The ZIP is kept in the database (`archive`, a BinaryField) rather than as a file under
    `var/exports/`: the web process that serves the download need not be on the machine of the
    worker that built it, only on the same database, and a member's archive is small (text and
    one re-encoded picture). Its bytes are emptied when it expires, when the member asks for a
    new one, and at erasure. The download address carries `token`, an unguessable value, and
    works only for the member (anyone else gets 404); the token is kept as is, since the page
    shows the link again on each visit and the session is needed as well.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0 to 100.")
    token = models.CharField(max_length=64, unique=True)
    archive = models.BinaryField(default=b"", blank=True)
    size = models.PositiveIntegerField(default=0, help_text="The ZIP's size in bytes.")
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            # One at a time: a second request while one is queued or running makes no second job.
            models.UniqueConstraint(
                fields=["member"], condition=Q(status__in=["queued", "running"]), name="privacy_one_active_export"
            )
        ]

    def __str__(self) -> str:
        return f"Export {self.pk} of {self.member_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_EXPORT

    def is_downloadable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == ExportStatus.READY and self.expires_at is not None and self.expires_at > now

    @staticmethod
    def lifetime() -> timedelta:
        return timedelta(days=EXPORT_DAYS)


class AccountDeletion(models.Model):
    """A member's request to erase their account, carried out `GRACE_DAYS` later unless undone.

    After erasure the row stays, without the member (or pointing at the "Former member" account
    that keeps their chat messages), as the record that the request was honoured.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="account_deletions"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    erase_after = models.DateTimeField()
    keep_posts = models.BooleanField(
        default=False, help_text='Keep posts and chat messages, shown as by "Former member".'
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-requested_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(cancelled_at__isnull=True, erased_at__isnull=True),
                name="privacy_one_pending_deletion",
            )
        ]
        indexes: ClassVar = [models.Index(fields=["erase_after"], name="privacy_deletion_due")]

    def __str__(self) -> str:
        return f"Deletion of {self.member_id} after {self.erase_after:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        return self.cancelled_at is None and self.erased_at is None

    @staticmethod
    def grace() -> timedelta:
        return timedelta(days=GRACE_DAYS)


class ResearchConsent(models.Model):
    """A member's consent to one version of the research text (`research.py`). A row is never
    removed while the member exists: the history of consents stays. `withdrawn_at` says when it
    stopped counting: withdrawn by the member, or replaced by consent to a newer version."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="research_consents")
    version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-given_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(withdrawn_at__isnull=True), name="privacy_one_open_consent"
            )
        ]

    def __str__(self) -> str:
        return f"Consent {self.version} of {self.member_id}"

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None


class Viewed(models.TextChoices):
    """What of a member's private data someone with special rights looked at."""

    PROFILE = "profile", "private profile fields"
    MESSAGES = "messages", "direct messages"


class ViewerRole(models.TextChoices):
    ADMIN = "admin", "a site administrator"
    MODERATOR = "moderator", "a moderator"


class PrivateAccessEntry(models.Model):
    """An administrator or moderator looked at a member's private data, and said why."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="private_accesses")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    viewer_role = models.CharField(max_length=10, choices=ViewerRole.choices)
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what = models.CharField(max_length=10, choices=Viewed.choices)
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name_plural = "private access entries"
        indexes: ClassVar = [models.Index(fields=["member", "-created_at"], name="privacy_access_member")]

    def __str__(self) -> str:
        return f"{self.viewer_id} viewed {self.what} of {self.member_id}"
