"""Reports, the moderators' queue they make, the measures moderators take, and appeals.

A member flags something (a `Report`); every open report of the same thing gathers in one
`QueueItem` in its community's queue (direct messages, profiles and communities, which belong to
no community's moderators, go to the site-wide queue). A moderator decides the item once. The
reported member is never told who reported them.

What moderators (or the automatic safeguards) do that concerns a member is a `Measure`: a hidden,
labelled or held post or chat message, a private warning, a mute in a community for some days,
a removal from a community, a site suspension. A measure stands until it ends or is lifted; the
member is told of it with the reason, and may `Appeal` it once, within `APPEAL_DAYS`. Hidden,
held and labelled posts are known here by post id, so the discussions app needs no field of ours.
Every measure, lift and appeal is also written to the append-only audit log.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

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
    CHAT_MESSAGE = "chat_message", "Live chat message"
    PROFILE = "profile", "Profile"  # target_id is the member's user id
    COMMUNITY = "community", "Community"


class Decision(models.TextChoices):
    DISMISS = "dismiss", "Dismissed"
    HIDE = "hide", "Hidden"
    LABEL = "label", "Labelled"
    APPROVE = "approve", "Approved"  # a post held for approval, let through


class MeasureKind(models.TextChoices):
    HIDE = "hide", "Hidden"
    LABEL = "label", "Labelled"
    HOLD = "hold", "Held for approval"
    WARN = "warn", "Warned"
    MUTE = "mute", "Muted in the community"
    REMOVE = "remove", "Removed from the community"
    SUSPEND = "suspend", "Suspended from the site"


class AppealStatus(models.TextChoices):
    OPEN = "open", "Waiting for a moderator"
    UPHELD = "upheld", "Upheld: the measure stands"
    OVERTURNED = "overturned", "Overturned: the measure was lifted"


class WatchedAction(models.TextChoices):
    FLAG = "flag", "Flag for moderators (the post goes through)"
    HOLD = "hold", "Hold for approval"
    REFUSE = "refuse", "Refuse the post"


class LabelKind(models.TextChoices):
    DISPUTED = "disputed", "Disputed: see sources"
    CONTENT_WARNING = "content_warning", "Content warning"


NOTE_MAX = 1000
URL_MAX = 500
DECISION_REASON_MAX = 300
LABEL_TEXT_MAX = 200
LABEL_LINKS_MAX = 3
APPEAL_MAX = 2000
APPEAL_DAYS = 14  # a member may appeal a measure once, within this many days of being told
WATCHED_PHRASE_MAX = 100


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
    # Why a safeguard, not a report, put it here ("Held: a new member's first post"); blank otherwise.
    note = models.CharField(max_length=200, blank=True)

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


class Measure(models.Model):
    """What moderators (or a safeguard, with no `created_by`) did that concerns one member."""

    kind = models.CharField(max_length=10, choices=MeasureKind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What it is about: a post, a chat message, a direct message, a profile; blank for a measure
    # on the member themself (a warning, mute, removal or suspension given outright).
    target_type = models.CharField(max_length=30, choices=TargetType.choices, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    item = models.ForeignKey(QueueItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures")
    reason = models.CharField(max_length=DECISION_REASON_MAX, help_text="Shown to the member.")
    label_kind = models.CharField(max_length=20, choices=LabelKind.choices, blank=True)
    label_text = models.CharField(max_length=LABEL_TEXT_MAX, blank=True)
    label_links = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="For a mute or a suspension.")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["target_type", "target_id", "kind"]),
            models.Index(fields=["member", "-created_at"]),
            models.Index(fields=["community", "member", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.member_id} ({self.target_type} {self.target_id})"

    @property
    def is_automatic(self) -> bool:
        return self.created_by_id is None

    def stands(self, now: Any = None) -> bool:
        """Not lifted, and not ended."""
        now = now or timezone.now()
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > now)

    @property
    def appeal_deadline(self) -> Any:
        return self.created_at + timedelta(days=APPEAL_DAYS)


def standing(now: Any = None) -> Q:
    """Measures in force: neither lifted nor ended."""
    now = now or timezone.now()
    return Q(lifted_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))


class Appeal(models.Model):
    """A member's one appeal of one measure."""

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="appeal")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=APPEAL_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    answer = models.CharField(max_length=DECISION_REASON_MAX, blank=True, help_text="Shown to the member.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        indexes: ClassVar = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Appeal of {self.measure_id} ({self.status})"


class WatchedWord(models.Model):
    """A word or phrase a community's moderators watch for in new posts and chat messages."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    phrase = models.CharField(max_length=WATCHED_PHRASE_MAX)
    folded = models.CharField(max_length=WATCHED_PHRASE_MAX * 2, editable=False)  # as matched
    action = models.CharField(max_length=10, choices=WatchedAction.choices, default=WatchedAction.FLAG)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["phrase"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["community", "folded"], name="moderation_watchedword_unique")
        ]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.action}) in {self.community_id}"
