"""Writes to connections: asking, accepting, declining, cancelling and removing; blocking and
muting a member.

A refusal never says why a member cannot be reached: a block reads like any other refusal.
Blocks and mutes are silent: the other member is never told. Notifications are written after
the commit, so a request that rolled back notifies nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from hearth.accounts.access import refuse_if_suspended
from hearth.accounts.models import User
from hearth.connections.models import Block, Connection, ConnectionStatus, Mute, ordered_pair
from hearth.discussions.actions import TooLong
from hearth.lib.ratelimit import Limit, hit
from hearth.lib.text import refuse_nul
from hearth.notifications.actions import notify
from hearth.notifications.models import Kind, Notification
from hearth.profiles.access import is_blocked_between

CANNOT_CONNECT = "You can't connect with this member right now."
MAX_NOTE = 300
REQUEST_LIMITS = (Limit(count=20, seconds=3600),)
# What one member's doings told the other, and a block takes back.
_BETWEEN_THEM = (Kind.CONNECTION_REQUEST, Kind.CONNECTION_ACCEPTED, Kind.DIRECT_MESSAGE)


def is_muted_by(muter_id: int, muted_id: int) -> bool:
    return Mute.objects.filter(muter_id=muter_id, muted_id=muted_id).exists()


def notify_unless_muted(recipient: User, kind: str, actor: User) -> None:
    """Tell `recipient` after the commit, unless they muted or blocked `actor` by then."""

    def send() -> None:
        if is_muted_by(recipient.pk, actor.pk) or is_blocked_between(recipient.pk, actor.pk):
            return
        notify(recipient, kind, actor=actor)

    transaction.on_commit(send)


# --- Requests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requested:
    connection: Connection
    accepted: bool  # the other member had asked first, so asking back accepted their request


def check_request(user: User, other: User, note: str) -> str:
    """The note as it will be stored; refuses what can never be asked."""
    refuse_nul(note)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise TooLong(f"A note has at most {MAX_NOTE} characters (this one has {len(note)}).")
    if other.pk == user.pk:
        raise ValidationError("You can't connect with yourself.", code="self")
    if not other.is_active:
        raise ValidationError(CANNOT_CONNECT, code="refused")
    return note


def _answer_existing(user: User, other: User, existing: Connection) -> Requested:
    """A request meets a pair that already has one: say so, or accept what the other asked."""
    if existing.is_accepted:
        raise ValidationError(f"You are already connected with {other.public_name}.", code="already_connected")
    if existing.requested_by_id == user.pk:
        raise ValidationError(
            f"You already asked {other.public_name} to connect; the request is waiting for an answer.",
            code="already_requested",
        )
    return Requested(connection=_accept(user, other, existing), accepted=True)


def do_request(user: User, other: User, note: str = "") -> Requested:
    note = check_request(user, other, note)
    refuse_if_suspended(user, "ask members to connect")
    # Counted before the block is looked at, so that trying again and again tells nothing more.
    hit("connect", user.pk, REQUEST_LIMITS, what="asked members to connect")
    if is_blocked_between(user.pk, other.pk):
        raise ValidationError(CANNOT_CONNECT, code="refused")
    low, high = ordered_pair(user.pk, other.pk)
    try:
        with transaction.atomic():
            # Race: both members asking each other at once; the pair's unique row decides.
            existing = Connection.objects.select_for_update().filter(user_low_id=low, user_high_id=high).first()
            if existing is not None:
                return _answer_existing(user, other, existing)
            connection = Connection.objects.create(
                user_low_id=low, user_high_id=high, requested_by=user, message=note, status=ConnectionStatus.PENDING
            )
            notify_unless_muted(other, Kind.CONNECTION_REQUEST, user)
    except IntegrityError:
        with transaction.atomic():
            existing = Connection.objects.select_for_update().get(user_low_id=low, user_high_id=high)
            return _answer_existing(user, other, existing)
    return Requested(connection=connection, accepted=False)


def _accept(user: User, requester: User, pending: Connection) -> Connection:
    pending.status = ConnectionStatus.ACCEPTED
    pending.accepted_at = timezone.now()
    pending.save(update_fields=["status", "accepted_at"])
    notify_unless_muted(requester, Kind.CONNECTION_ACCEPTED, user)
    return pending


def _pending_from(requester: User, recipient: User) -> Connection:
    found = (
        Connection.objects.select_for_update()
        .between(requester.pk, recipient.pk)
        .filter(status=ConnectionStatus.PENDING, requested_by=requester)
        .first()
    )
    if found is None:
        raise ValidationError(f"There is no request from {requester.public_name} to answer.", code="not_found")
    return found


def do_accept(user: User, requester: User) -> Connection:
    with transaction.atomic():
        # Race: the requester cancelling while the member accepts; the row lock orders them.
        pending = _pending_from(requester, user)
        if is_blocked_between(user.pk, requester.pk):  # a block removes requests; this is a leftover
            pending.delete()
            raise ValidationError(CANNOT_CONNECT, code="refused")
        return _accept(user, requester, pending)


def do_decline(user: User, requester: User) -> None:
    """Say no; the requester is not told, and may ask again later."""
    with transaction.atomic():
        _pending_from(requester, user).delete()
        _forget_notifications(requester, user, kinds=(Kind.CONNECTION_REQUEST,))


def do_cancel(user: User, other: User) -> None:
    with transaction.atomic():
        _pending_from(user, other).delete()
        _forget_notifications(user, other, kinds=(Kind.CONNECTION_REQUEST,))


def do_remove(user: User, other: User) -> None:
    """End a connection, or take back one's own request. The other member is not told."""
    removed, _ = (
        Connection.objects.between(user.pk, other.pk)
        .filter(Q(status=ConnectionStatus.ACCEPTED) | Q(requested_by=user))
        .delete()
    )
    if not removed:
        raise ValidationError(f"You are not connected with {other.public_name}.", code="not_found")


def _forget_notifications(actor: User, recipient: User, *, kinds: tuple[str, ...]) -> None:
    Notification.objects.filter(actor=actor, recipient=recipient, kind__in=kinds).delete()


# --- Blocks and mutes -------------------------------------------------------------------------


def _not_self(user: User, other: User, verb: str) -> None:
    if other.pk == user.pk:
        raise ValidationError(f"You can't {verb} yourself.", code="self")


def do_block(user: User, other: User) -> Block:
    """Block `other`, silently: any connection or request between them goes, and what each was
    told of the other's requests and messages is taken back."""
    _not_self(user, other, "block")
    with transaction.atomic():
        try:
            # Race: a double click; the unique constraint keeps one block.
            with transaction.atomic():
                block, _ = Block.objects.get_or_create(blocker=user, blocked=other)
        except IntegrityError:
            block = Block.objects.get(blocker=user, blocked=other)
        Connection.objects.between(user.pk, other.pk).delete()
        _forget_notifications(other, user, kinds=_BETWEEN_THEM)
        _forget_notifications(user, other, kinds=_BETWEEN_THEM)
    return block


def do_unblock(user: User, other: User) -> None:
    Block.objects.filter(blocker=user, blocked=other).delete()


def do_mute(user: User, other: User) -> Mute:
    """Hear nothing more from `other`: no notifications of their requests or messages."""
    _not_self(user, other, "mute")
    try:
        # Race: a double click; the unique constraint keeps one mute.
        with transaction.atomic():
            mute, _ = Mute.objects.get_or_create(muter=user, muted=other)
    except IntegrityError:
        mute = Mute.objects.get(muter=user, muted=other)
    return mute


def do_unmute(user: User, other: User) -> None:
    Mute.objects.filter(muter=user, muted=other).delete()
