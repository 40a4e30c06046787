"""Subscriptions (follow or mute a community, thread or tag) and notifications."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Level(models.TextChoices):
    FOLLOW = "follow", "Following"
    MUTE = "mute", "Muted"


class Subscription(models.Model):
    """A member following or muting exactly one of: a community, a thread, a tag."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    level = models.CharField(max_length=10, choices=Level.choices)
    community = models.ForeignKey("communities.Community", null=True, blank=True, on_delete=models.CASCADE)
    thread = models.ForeignKey("discussions.Thread", null=True, blank=True, on_delete=models.CASCADE)
    tag = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "community"], condition=Q(community__isnull=False), name="sub_community"
            ),
            models.UniqueConstraint(fields=["user", "thread"], condition=Q(thread__isnull=False), name="sub_thread"),
            models.UniqueConstraint(fields=["user", "tag"], condition=~Q(tag=""), name="sub_tag"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.level} {self.community or self.thread or '#' + self.tag}"


class Kind(models.TextChoices):
    REPLY = "reply", "replied in a thread you follow"
    MENTION = "mention", "mentioned you"
    JOIN_APPROVED = "join_approved", "approved your request to join"
    JOIN_DECLINED = "join_declined", "declined your request to join"
    CHAT_REMINDER = "chat_reminder", "a live chat starts soon"
    CONNECTION_REQUEST = "connection_request", "asked to connect with you"
    CONNECTION_ACCEPTED = "connection_accepted", "accepted your request to connect"
    DIRECT_MESSAGE = "direct_message", "sent you a message"
    CHECK_IN_REMINDER = "check_in_reminder", "time for today's check-in"
    POST_HIDDEN = "post_hidden", "hid your post"
    POST_LABELLED = "post_labelled", "labelled your post"
    MEASURE = "measure", "took a moderation measure concerning you"
    APPEAL_ANSWERED = "appeal_answered", "answered your appeal"
    POST_APPROVED = "post_approved", "approved your post"
    WORRIED = "worried", "are thinking of you"
    VERIFICATION = "verification", "answered about your professional verification"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A member's notifications, minus those about content they can no longer read (they left a
        closed community, the post was deleted or is for members only)."""
        from hearth.discussions.models import Post, Thread

        threads = Thread.objects.visible_to(user).values("pk")
        posts = Post.objects.visible_to(user).values("pk")
        from hearth.communities.models import Community

        readable = Community.objects.readable_by(user).values("pk")
        return self.filter(recipient=user).filter(
            Q(thread__isnull=True) | Q(thread__in=threads),
            Q(post__isnull=True) | Q(post__in=posts),
            Q(live_chat__isnull=True) | Q(live_chat__community__in=readable),
        )

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def unread_count(self, user: Any) -> int:
        """The badge's number. Most pages are read by members with nothing unread: one indexed
        look-up answers them, and the access policy's filter (dearer to build than to run) is
        applied only when there is something to count."""
        if not self.filter(recipient=user, read_at__isnull=True).exists():
            return 0
        return self.visible_to(user).unread().count()

    def badge_count(self, user: Any) -> int:
        """The header's number: as `unread_count`, except during a break, when notifications wait
        quietly (hearth.wellbeing.breaks) and the header shows none."""
        count = self.unread_count(user)
        if count:
            from hearth.wellbeing.breaks import on_a_break

            if on_a_break(user):
                return 0
        return count


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    community = models.ForeignKey("communities.Community", null=True, blank=True, on_delete=models.CASCADE)
    thread = models.ForeignKey("discussions.Thread", null=True, blank=True, on_delete=models.CASCADE)
    post = models.ForeignKey("discussions.Post", null=True, blank=True, on_delete=models.CASCADE)
    live_chat = models.ForeignKey("chats.LiveChat", null=True, blank=True, on_delete=models.CASCADE)
    # What moderators did (hearth.moderation), for the notifications that tell of it.
    measure = models.ForeignKey("moderation.Measure", null=True, blank=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient}"
