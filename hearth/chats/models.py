"""Live chats: a recurring chat series, its sessions (each a `LiveChat` on one local date), the
topics a host releases, the messages (answers) and who took part, plus reminders and the secret
keys of members' private calendar feeds.

A session's row is saved on first use (a host writing topics ahead, someone opening the room);
until then it exists only as a date of the series' rule (schedule.py). Lists are built through
`visible_to(user)`, which applies the communities' access policy.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hearth.communities.models import Community


class Frequency(models.TextChoices):
    ONCE = "once", "Once"
    WEEKLY = "weekly", "Weekly, on the same weekday"
    MONTHLY = "monthly", "Monthly, on the same weekday of the month (say, the 2nd Tuesday)"


class State(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    LIVE = "live", "Live now"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


class ChatSeriesQuerySet(models.QuerySet["ChatSeries"]):
    def visible_to(self, user: Any) -> ChatSeriesQuerySet:
        """Series of the communities whose content the viewer reads."""
        return self.filter(community__in=Community.objects.readable_by(user).values("pk"))


class ChatSeries(models.Model):
    """A recurring chat: "#LupusChat, Mondays at 21:00 America/New_York, 60 minutes"."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="chat_series")
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    tag = models.CharField(max_length=50, help_text="As typed, without '#': LupusChat.")
    slug = models.CharField(max_length=50, help_text="The tag as posts store it: lower case.")
    time_zone = models.CharField(max_length=64)
    first_date = models.DateField(help_text="The first session's date, in the series' time zone.")
    start_time = models.TimeField(help_text="Local time in the series' time zone.")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    interval = models.PositiveSmallIntegerField(default=1, help_text="Every N weeks or months.")
    monthly_last = models.BooleanField(
        default=False, help_text="Monthly: on the last such weekday of the month, not the Nth."
    )
    until = models.DateField(null=True, blank=True, help_text="The last possible date, if any.")
    topic_interval_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Release topics on a timer, every N minutes from the start."
    )
    topics_ahead_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Show the topics to members N days before the chat."
    )
    hosts = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="hosted_chat_series")
    guests = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="guest_chat_series", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)

    objects = ChatSeriesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "chat series"
        ordering: ClassVar = ["title", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint("community", "slug", name="chats_series_tag_unique_per_community")
        ]

    def __str__(self) -> str:
        return f"#{self.tag}"

    def get_absolute_url(self) -> str:
        return reverse("chat_series", args=[self.community.slug, self.slug])

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class LiveChatQuerySet(models.QuerySet["LiveChat"]):
    def visible_to(self, user: Any) -> LiveChatQuerySet:
        return self.filter(community__in=Community.objects.readable_by(user).values("pk"))


class LiveChat(models.Model):
    """One session of a series, on one local date. `last_seq` numbers its messages: 1, 2, 3…
    without a gap, as the reconnecting client relies on."""

    series = models.ForeignKey(ChatSeries, on_delete=models.CASCADE, related_name="chats")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(help_text="The local date of the session, in the series' time zone.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)
    ended_early_at = models.DateTimeField(null=True, blank=True)
    last_seq = models.PositiveIntegerField(default=0)
    current_topic = models.ForeignKey("Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pinned = models.ForeignKey("ChatMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    slow_mode_seconds = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When the transcript was published.")
    figures = models.JSONField(null=True, blank=True)

    objects = LiveChatQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["starts_at", "pk"]
        constraints: ClassVar = [models.UniqueConstraint("series", "date", name="chats_livechat_one_per_date")]
        indexes: ClassVar = [models.Index(fields=["starts_at"]), models.Index(fields=["finished_at", "ends_at"])]

    def __str__(self) -> str:
        return f"#{self.series.tag} on {self.date.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("chat_room", args=[self.series.community.slug, self.series.slug, self.date.isoformat()])

    @property
    def closes_at(self) -> datetime:
        """When the room stops taking messages: the scheduled end, or when a host ended it."""
        return min(self.ends_at, self.ended_early_at) if self.ended_early_at else self.ends_at

    def state_at(self, now: datetime) -> str:
        if self.cancelled_at is not None:
            return State.CANCELLED
        # Cancelling a series cancels the sessions still to start; those held stay held.
        if self.series.cancelled_at is not None and self.starts_at >= self.series.cancelled_at:
            return State.CANCELLED
        if now >= self.closes_at:
            return State.ENDED
        if now >= self.starts_at:
            return State.LIVE
        return State.UPCOMING

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())


class Topic(models.Model):
    """T1…Tn of one session. Released by a host, or on the series' timer."""

    live_chat = models.ForeignKey(LiveChat, on_delete=models.CASCADE, related_name="topics")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=280)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["number"]
        constraints: ClassVar = [models.UniqueConstraint("live_chat", "number", name="chats_topic_number_unique")]

    def __str__(self) -> str:
        return f"T{self.number}: {self.title}"

    @property
    def label(self) -> str:
        return f"T{self.number}"

    @property
    def answer_label(self) -> str:
        return f"A{self.number}"


class ChatMessage(models.Model):
    """A message in the room; an answer when tied to a topic (shown as A2)."""

    live_chat = models.ForeignKey(LiveChat, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers")
    source = models.TextField()
    html = models.TextField()
    plain_text = models.TextField()
    renderer_version = models.PositiveSmallIntegerField()
    client_id = models.CharField(max_length=64, blank=True, help_text="The sender's key against sending twice.")
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["seq"]
        constraints: ClassVar = [
            models.UniqueConstraint("live_chat", "seq", name="chats_message_seq_unique"),
            models.UniqueConstraint(
                "live_chat", "author", "client_id", condition=~Q(client_id=""), name="chats_message_client_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.live_chat} #{self.seq}"

    def get_absolute_url(self) -> str:
        return f"{self.live_chat.get_absolute_url()}#m{self.seq}"


class Participant(models.Model):
    """Someone who came into the room. Lurkers read without being listed; a muted participant
    cannot post for the rest of the session."""

    live_chat = models.ForeignKey(LiveChat, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    lurking = models.BooleanField(default=False)
    muted_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint("live_chat", "user", name="chats_participant_unique")]
        indexes: ClassVar = [models.Index(fields=["live_chat", "last_seen_at"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.live_chat}"


class ChatReminder(models.Model):
    """A member's opt-in: tell me N minutes before each session of this series."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_reminders")
    series = models.ForeignKey(ChatSeries, on_delete=models.CASCADE, related_name="reminders")
    minutes_before = models.PositiveSmallIntegerField(default=30)
    by_email = models.BooleanField(default=True)
    in_app = models.BooleanField(default=True)
    last_sent_for = models.DateField(null=True, blank=True, help_text="The session last reminded of.")

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint("user", "series", name="chats_reminder_unique")]

    def __str__(self) -> str:
        return f"{self.user} about {self.series}"


class CalendarKey(models.Model):
    """The secret in a member's private calendar feed URLs (for closed and private communities).
    Kept as is, not as a digest: the member copies the URL again whenever they add a calendar,
    and it opens only chat schedules. Revoking it stops every feed that used it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_keys")
    secret = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar key of {self.user}"
