"""Writes to direct messages: sending, marking read, muting a conversation, reporting a message.

Every send asks the access policy first (`check_can_message`). A resend with the same
`client_id` returns the first message, so a flaky connection never sends twice. After the commit,
the message goes to both members' open pages, and the recipient's notification is written: at
most one unread per conversation, and never for a member or a conversation they muted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Greatest
from django.utils import timezone

from hearth.accounts.access import refuse_if_suspended
from hearth.accounts.models import User
from hearth.connections.actions import is_muted_by
from hearth.connections.models import ordered_pair
from hearth.conversations import events
from hearth.conversations.access import check_can_message, conversation_between
from hearth.conversations.models import Conversation, ConversationMember, DirectMessage
from hearth.discussions.actions import TooLong
from hearth.lib.markdown import render
from hearth.lib.ratelimit import Limit, hit
from hearth.lib.text import refuse_nul
from hearth.moderation import safeguards
from hearth.moderation.actions import do_report
from hearth.moderation.models import Report, TargetType
from hearth.notifications.actions import notify
from hearth.notifications.models import Kind, Notification
from hearth.profiles.access import is_blocked_between

MAX_MESSAGE = 5_000
MAX_CLIENT_ID = 64
MESSAGE_LIMITS = (Limit(count=30, seconds=60), Limit(count=300, seconds=3600))


@dataclass(frozen=True)
class Sent:
    message: DirectMessage
    created: bool  # False when the same client_id was sent before: the first one counts


def check_message(source: str, client_id: str = "") -> None:
    refuse_nul(source)
    refuse_nul(client_id)
    if not source.strip():
        raise ValidationError("Write something before sending.", code="empty")
    if len(source) > MAX_MESSAGE:
        raise TooLong(f"A message has at most {MAX_MESSAGE:,} characters (this one has {len(source):,}).")
    if len(client_id) > MAX_CLIENT_ID:
        raise ValidationError(f"client_id has at most {MAX_CLIENT_ID} characters.", code="bad_client_id")


def _earlier(sender: User, recipient: User, client_id: str) -> Sent | None:
    if not client_id:
        return None
    earlier = DirectMessage.objects.filter(sender=sender, client_id=client_id).select_related("conversation").first()
    if earlier is None:
        return None
    if not earlier.conversation.has(recipient.pk):
        raise ValidationError("That client_id was already used for another message.", code="client_id_used")
    return Sent(message=earlier, created=False)


def _conversation(sender: User, recipient: User) -> Conversation:
    """The pair's conversation, made with both members' rows on the first message."""
    low, high = ordered_pair(sender.pk, recipient.pk)
    try:
        # Race: both members writing their first message at once; the pair's unique row decides.
        with transaction.atomic():
            conversation, created = Conversation.objects.get_or_create(user_low_id=low, user_high_id=high)
            if created:
                ConversationMember.objects.bulk_create(
                    ConversationMember(conversation=conversation, user_id=user_id) for user_id in (low, high)
                )
    except IntegrityError:
        conversation = Conversation.objects.get(user_low_id=low, user_high_id=high)
    return conversation


def do_send(sender: User, recipient: User, source: str, *, client_id: str = "") -> Sent:
    check_message(source, client_id)
    if (earlier := _earlier(sender, recipient, client_id)) is not None:
        return earlier
    refuse_if_suspended(sender, "send messages")
    check_can_message(sender, recipient, conversation_between(sender.pk, recipient.pk))
    safeguards.check_links(sender, source)  # brand-new accounts share few links
    hit("message", sender.pk, MESSAGE_LIMITS, what="sent messages")
    rendered = render(source)
    conversation = _conversation(sender, recipient)
    now = timezone.now()
    try:
        with transaction.atomic():
            # Race: a block or a new setting arriving while the message is written; checked again
            # with the conversation locked, so messages also follow commit order.
            Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
            check_can_message(sender, recipient, conversation)
            message = DirectMessage.objects.create(
                conversation=conversation,
                sender=sender,
                source=source,
                html=rendered.html,
                plain_text=rendered.plain_text,
                renderer_version=rendered.version,
                client_id=client_id,
                created_at=now,
            )
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
            # What one writes, one has read.
            ConversationMember.objects.filter(conversation=conversation, user=sender).update(
                last_read_id=Greatest("last_read_id", message.pk)
            )
            transaction.on_commit(lambda: _notify_message(sender, recipient, conversation))
            events.send_message(message, (sender, recipient))
    except IntegrityError:  # the same client_id twice at once: the first one counts
        if (earlier := _earlier(sender, recipient, client_id)) is None:
            raise
        return earlier
    message.conversation = conversation
    conversation.last_message_at = now
    return Sent(message=message, created=True)


def _notify_message(sender: User, recipient: User, conversation: Conversation) -> None:
    if is_muted_by(recipient.pk, sender.pk) or is_blocked_between(recipient.pk, sender.pk):
        return
    if ConversationMember.objects.filter(conversation=conversation, user=recipient, muted=True).exists():
        return
    waiting = Notification.objects.filter(
        recipient=recipient, actor=sender, kind=Kind.DIRECT_MESSAGE, read_at__isnull=True
    )
    if not waiting.exists():  # one unread notice per conversation is enough
        notify(recipient, Kind.DIRECT_MESSAGE, actor=sender)


def do_mark_read(user: User, conversation: Conversation, up_to: int | None = None) -> int:
    """Mark the conversation read up to message `up_to` (all of it when None); never backwards.
    Returns how many messages from the other member are still unread."""
    last = conversation.messages.aggregate(last=Max("pk"))["last"] or 0
    read_to = last if up_to is None else min(up_to, last)
    mine = ConversationMember.objects.filter(conversation=conversation, user=user)
    mine.filter(last_read_id__lt=read_to).update(last_read_id=read_to)
    pointer = mine.values_list("last_read_id", flat=True).first() or read_to
    remaining = conversation.messages.filter(pk__gt=pointer).exclude(sender=user).count()
    if remaining == 0:
        Notification.objects.filter(
            recipient=user, actor_id=conversation.other_id(user.pk), kind=Kind.DIRECT_MESSAGE, read_at__isnull=True
        ).update(read_at=timezone.now())
    return remaining


def do_set_muted(user: User, conversation: Conversation, *, muted: bool) -> None:
    """Mute or unmute one conversation: its messages still arrive, without notifications."""
    ConversationMember.objects.filter(conversation=conversation, user=user).update(muted=muted)


def do_report_message(user: User, message: DirectMessage, reason: str, note: str = "", source_url: str = "") -> Report:
    """Report the other member's message to the moderators; they are never told who reported."""
    if not message.conversation.has(user.pk):
        raise ValidationError("That message is not in your conversations.", code="not_found")
    if message.sender_id == user.pk:
        raise ValidationError("You can't report your own message.", code="own")
    # No kind word follows a "worried" report here: only the other person in the conversation could
    # have made it, so it would name them. The site's administrators see it and may reach out.
    return do_report(user, TargetType.DIRECT_MESSAGE, message.pk, reason, note, source_url).report
