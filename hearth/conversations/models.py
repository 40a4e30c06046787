"""Direct messages: one conversation per pair of members, its messages, and what each of the two
has read.

A conversation is stored once per pair, with the smaller member id first, as connections are.
Lists are built only through `Conversation.objects.of(user)`, so nobody sees a conversation
they are not part of.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def of(self, user_id: int) -> ConversationQuerySet:
        """The conversations this member is part of."""
        return self.filter(Q(user_low_id=user_id) | Q(user_high_id=user_id))


class Conversation(models.Model):
    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="conversations_pair_unique"),
            models.CheckConstraint(condition=Q(user_low__lt=F("user_high")), name="conversations_pair_ordered"),
        ]
        indexes: ClassVar = [models.Index(fields=["user_high", "user_low"])]

    def __str__(self) -> str:
        return f"Conversation {self.user_low_id}–{self.user_high_id}"

    def other_id(self, user_id: int) -> int:
        return self.user_high_id if user_id == self.user_low_id else self.user_low_id

    def has(self, user_id: int) -> bool:
        return user_id in (self.user_low_id, self.user_high_id)


class DirectMessage(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.TextField()
    html = models.TextField()
    plain_text = models.TextField(blank=True)
    renderer_version = models.PositiveSmallIntegerField(default=0)
    client_id = models.CharField(max_length=64, blank=True, help_text="The sender's key against sending twice.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["sender", "client_id"], condition=~Q(client_id=""), name="conversations_message_client_id"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["conversation", "id"])]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.conversation_id}"


class ConversationMember(models.Model):
    """One member's side of a conversation: how far they have read, and whether they muted it."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_id = models.BigIntegerField(default=0, help_text="The last message this member has seen.")
    muted = models.BooleanField(default=False, help_text="No notifications of new messages.")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["conversation", "user"], name="conversations_member_unique"),
        ]
        indexes: ClassVar = [models.Index(fields=["user", "conversation"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


def conversation_url(handle: str) -> str:
    """The page of the viewer's conversation with the member of this handle."""
    return reverse("conversation_with", args=[handle])
