"""The one access policy for direct messages: who may write to whom, and who sees a conversation.

A conversation exists only for its two members: to anyone else it answers 404. Whether a member
may be written to follows their "messages from" setting; a refusal always reads the same, so it
never tells a blocked member that they are blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from hearth.accounts.models import User
from hearth.connections.models import ordered_pair
from hearth.conversations.models import Conversation, ConversationMember, DirectMessage
from hearth.profiles.access import Ties, is_blocked_between, profile_for, profile_of
from hearth.profiles.models import MessagesFrom

CANNOT_MESSAGE = "You can't send messages to this member."


def conversation_between(a_id: int, b_id: int) -> Conversation | None:
    low, high = ordered_pair(a_id, b_id)
    return Conversation.objects.filter(user_low_id=low, user_high_id=high).first()


def check_can_message(
    sender: User, recipient: User, conversation: Conversation | None = None, ties: Ties | None = None
) -> None:
    """Refuse, with the same words whatever the reason, unless `recipient` takes messages from
    `sender`: anyone the recipient has written to themselves; otherwise nobody if that is their
    setting, else their connections, and members sharing an active community where they allow
    it. Nobody across a block. 404 for a member who closed their account. `ties` are the
    sender's to the recipient, when the page has read them already."""
    if not recipient.is_active:
        raise Http404
    if recipient.pk == sender.pk:
        raise ValidationError("You can't send messages to yourself.", code="self")
    ties = ties or Ties(sender.pk, recipient.pk)
    if ties.blocked:
        raise ValidationError(CANNOT_MESSAGE, code="refused")
    if conversation is None:
        conversation = conversation_between(sender.pk, recipient.pk)
    if conversation is not None and conversation.messages.filter(sender=recipient).exists():
        return  # answering someone who wrote first
    setting = profile_of(recipient).messages_from
    if setting == MessagesFrom.NOBODY:
        raise ValidationError(CANNOT_MESSAGE, code="refused")
    if ties.connected:
        return
    if setting == MessagesFrom.COMMUNITIES and ties.share_a_community:
        return
    raise ValidationError(CANNOT_MESSAGE, code="refused")


def may_message(
    sender: User, recipient: User, conversation: Conversation | None = None, ties: Ties | None = None
) -> bool:
    try:
        check_can_message(sender, recipient, conversation, ties)
    except ValidationError:
        return False
    return True


def conversation_for(user: Any, conversation_id: int) -> Conversation:
    """One of the member's conversations, or 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    found = Conversation.objects.of(user.pk).select_related("user_low", "user_high")
    return get_object_or_404(found, pk=conversation_id)


def live_conversation_for(user: Any, conversation_id: int) -> Conversation:
    """One of the member's conversations while messages can still pass in it, for its live
    updates; 404 across a block (in either direction) and once the other member closed their
    account, as for a conversation that does not exist."""
    conversation = conversation_for(user, conversation_id)
    other = other_member(conversation, user.pk)
    if not other.is_active or is_blocked_between(user.pk, other.pk):
        raise Http404
    return conversation


@dataclass(frozen=True)
class ConversationPage:
    """The viewer's conversation with one member, as the page by handle shows it."""

    member: User
    conversation: Conversation | None  # None until the first message
    can_send: bool


def conversation_with(viewer: User, handle: str, *, writing: bool = False) -> ConversationPage:
    """The viewer's conversation with the member of `handle`; 404 when there is nothing to show
    and nothing the viewer may send (so it looks like a member that does not exist), unless the
    viewer is `writing`: a message they were refused comes back to them with the reason."""
    member = profile_for(viewer, handle).member
    if member.pk == viewer.pk:
        raise Http404
    conversation = conversation_between(viewer.pk, member.pk)
    can_send = may_message(viewer, member, conversation)
    if conversation is None and not can_send and not writing:
        raise Http404
    return ConversationPage(member=member, conversation=conversation, can_send=can_send)


def message_for(user: Any, message_id: int) -> DirectMessage:
    """A message in one of the member's conversations, or 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    mine = Conversation.objects.of(user.pk).values("pk")
    found = DirectMessage.objects.filter(conversation__in=mine).select_related("conversation", "sender")
    return get_object_or_404(found, pk=message_id)


def unread_in(user_id: int) -> Subquery:
    """For annotating a member's ConversationMember rows: messages from the other member after
    the last one read."""
    counted = (
        DirectMessage.objects.filter(conversation=OuterRef("conversation"), pk__gt=OuterRef("last_read_id"))
        .exclude(sender_id=user_id)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(counted, output_field=IntegerField())


def inbox_of(user: User) -> QuerySet[ConversationMember]:
    """The member's side of each conversation that has a message, newest first, with `unread`."""
    return (
        ConversationMember.objects.filter(user=user, conversation__last_message_at__isnull=False)
        # A closed account's conversations go with it: its page answers 404.
        .exclude(Q(conversation__user_low__is_active=False) | Q(conversation__user_high__is_active=False))
        .select_related("conversation__user_low", "conversation__user_high")
        .annotate(unread=Coalesce(unread_in(user.pk), 0))
        .order_by("-conversation__last_message_at", "-conversation_id")
    )


def other_member(conversation: Conversation, user_id: int) -> User:
    return conversation.user_high if user_id == conversation.user_low_id else conversation.user_low
