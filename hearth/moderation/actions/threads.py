"""Locking a thread and slow mode: what a community's moderators do to calm a thread down.

A locked thread takes replies from moderators only; in slow mode each member replies at most
once every so many seconds (both enforced by `hearth.discussions.actions.check_reply_allowed`).
The thread keeps no reason of its own: the lock's reason is the audit log's, read back by
`lock_reason`. Whoever calls the `do_*` actions has already checked that the moderator moderates
the thread's community (`thread_to_moderate`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.audit.models import AuditEvent
from hearth.communities.access import CommunityAccess, Need
from hearth.discussions.access import thread_for
from hearth.discussions.models import Thread
from hearth.lib.page_cache import forget_visitor_pages
from hearth.lib.text import refuse_nul
from hearth.moderation.models import DECISION_REASON_MAX

LOCK_REASON_MAX = DECISION_REASON_MAX
SLOW_MODE_MAX = 86_400  # a day
# What the pages offer; the API takes any number of seconds from 0 to SLOW_MODE_MAX.
SLOW_MODE_CHOICES = (0, 30, 60, 300, 900, 3600)


def thread_to_moderate(user: Any, thread_id: int) -> tuple[Thread, CommunityAccess]:
    """The thread, for one of its community's moderators (or a site administrator); 404 for
    everyone else, as for anything private."""
    slug = Thread.objects.filter(pk=thread_id).values_list("community__slug", flat=True).first()
    if slug is None:
        raise Http404
    return thread_for(user, slug, thread_id, Need.MODERATE)


def wait_words(seconds: int) -> str:
    """ "30 seconds", "minute", "5 minutes", "hour": as in "one reply every … each"."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return unit if count == 1 else f"{count} {unit}s"
    return "second" if seconds == 1 else f"{seconds} seconds"


def slow_mode_label(seconds: int) -> str:
    """How a choice of slow mode reads in a list: "Off", "One reply every 5 minutes"."""
    return "Off" if not seconds else f"One reply every {wait_words(seconds)}"


def lock_reason(thread: Thread) -> str:
    """Why the thread was locked, as its moderators said (one query; ask only of a locked thread)."""
    found = (
        AuditEvent.objects.filter(target_type="thread", target_id=thread.pk, action="thread:lock")
        .order_by("-created_at", "-pk")
        .values_list("reason", flat=True)
        .first()
    )
    return found or ""


def check_reason(reason: str, *, required: bool) -> str:
    refuse_nul(reason)
    reason = reason.strip()
    if required and not reason:
        raise ValidationError("Give a short reason: members see it on the thread.", code="reason")
    if len(reason) > LOCK_REASON_MAX:
        raise ValidationError(f"A reason has at most {LOCK_REASON_MAX} characters.", code="reason")
    return reason


def check_slow_mode(seconds: Any) -> int:
    """A whole number of seconds from 0 (off) to a day."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= SLOW_MODE_MAX:
        raise ValidationError(
            f"Slow mode is a number of seconds from 0 (off) to {SLOW_MODE_MAX:,} (a day).", code="seconds"
        )
    return seconds


def _locked_row(thread: Thread) -> Thread:
    # Two moderators acting on the same thread at once: the second sees what the first did.
    row = Thread.objects.select_for_update().get(pk=thread.pk)
    row.community = thread.community  # already fetched; the lock is on the thread's row alone
    return row


def do_lock_thread(moderator: User, thread: Thread, reason: str) -> Thread:
    """Lock the thread: it takes no more replies but from moderators. Members see the reason."""
    reason = check_reason(reason, required=True)
    with transaction.atomic():
        row = _locked_row(thread)
        if row.locked_at is not None:
            raise ValidationError("This thread was already locked.", code="handled")
        row.locked_at = timezone.now()
        row.save(update_fields=["locked_at"])
        record(moderator, "thread:lock", row, community=row.community, reason=reason)
        forget_visitor_pages()
    return row


def do_unlock_thread(moderator: User, thread: Thread, reason: str = "") -> Thread:
    """Open the thread to replies again."""
    reason = check_reason(reason, required=False)
    with transaction.atomic():
        row = _locked_row(thread)
        if row.locked_at is None:
            raise ValidationError("This thread is not locked (someone may have unlocked it already).", code="handled")
        row.locked_at = None
        row.save(update_fields=["locked_at"])
        record(moderator, "thread:unlock", row, community=row.community, reason=reason)
        forget_visitor_pages()
    return row


def do_set_slow_mode(moderator: User, thread: Thread, seconds: int, reason: str = "") -> Thread:
    """Let each member reply at most once every `seconds` (0 turns slow mode off)."""
    seconds = check_slow_mode(seconds)
    reason = check_reason(reason, required=False)
    with transaction.atomic():
        row = _locked_row(thread)
        if row.slow_mode_seconds == seconds:
            said = f"one reply every {wait_words(seconds)} each" if seconds else "off"
            raise ValidationError(f"Slow mode was already {said}.", code="handled")
        row.slow_mode_seconds = seconds
        row.save(update_fields=["slow_mode_seconds"])
        record(moderator, "thread:slow_mode", row, community=row.community, reason=reason, seconds=seconds)
        forget_visitor_pages()
    return row
