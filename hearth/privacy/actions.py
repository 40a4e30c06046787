"""Writes to a member's data rights: asking for an export and building it, scheduling, undoing
and carrying out the deletion of an account, research consent, and looking at private data.

Pages, the API and the job queue call these, so each rule lives in one place.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.core import context
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.actions import record
from hearth.communities.models import Community
from hearth.lib.text import refuse_nul
from hearth.privacy import erasure
from hearth.privacy.access import viewer_role
from hearth.privacy.export import build_archive
from hearth.privacy.models import (
    ACTIVE_EXPORT,
    AccountDeletion,
    DataExport,
    ExportStatus,
    PrivateAccessEntry,
    ResearchConsent,
    Viewed,
)
from hearth.privacy.research import CONSENT_VERSION

log = logging.getLogger(__name__)

REASON_MAX = 1000
# A worker that died mid-export leaves it "running"; after this long the member may ask again.
STALLED_AFTER = timedelta(hours=1)

IN_PROGRESS = "Your data is already being prepared. Wait for it to be ready; there is no need to ask again."


# --- Export -------------------------------------------------------------------------------------


def active_export(member: User) -> DataExport | None:
    return DataExport.objects.filter(member=member, status__in=ACTIVE_EXPORT).defer("archive").first()


def latest_export(member: User) -> DataExport | None:
    return DataExport.objects.filter(member=member).defer("archive").first()


def do_request_export(member: User) -> DataExport:
    """Queue an export of everything the member entered; one at a time."""
    if active_export(member) is not None:
        raise ValidationError(IN_PROGRESS, code="in_progress")
    try:
        # Race: a double-clicked button; the partial unique constraint keeps one active export.
        with transaction.atomic():
            export = DataExport.objects.create(member=member, token=secrets.token_urlsafe(32))
    except IntegrityError:
        raise ValidationError(IN_PROGRESS, code="in_progress") from None
    from hearth.privacy.tasks import build_export

    transaction.on_commit(lambda: build_export(export.pk))
    return export


def build_export_now(export_id: int) -> DataExport | None:
    """Build a queued export (the job queue calls this). An export that is gone (its member was
    erased meanwhile) or no longer queued is left alone, so a repeated job does nothing."""
    started = DataExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, progress=0
    )
    if not started:
        return None
    export = DataExport.objects.select_related("member").defer("archive").get(pk=export_id)

    def progress(percent: int) -> None:
        DataExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(progress=percent)

    try:
        archive = build_archive(export.member, progress)
    except Exception:
        log.exception("Export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED)
        export.status = ExportStatus.FAILED
        return export
    now = timezone.now()
    with transaction.atomic():
        # Only the newest archive is kept: the member's earlier ones are emptied.
        DataExport.objects.filter(member_id=export.member_id, status=ExportStatus.READY).exclude(pk=export_id).update(
            status=ExportStatus.EXPIRED, archive=b"", size=0
        )
        DataExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
            status=ExportStatus.READY,
            progress=100,
            archive=archive,
            size=len(archive),
            ready_at=now,
            expires_at=now + DataExport.lifetime(),
        )
    return DataExport.objects.defer("archive").filter(pk=export_id).first()


def expire_exports(now: datetime | None = None) -> int:
    """Empty the archives whose week is over, and let the member ask again after a stalled job."""
    now = now or timezone.now()
    DataExport.objects.filter(status__in=ACTIVE_EXPORT, created_at__lt=now - STALLED_AFTER).update(
        status=ExportStatus.FAILED
    )
    return DataExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now).update(
        status=ExportStatus.EXPIRED, archive=b"", size=0
    )


# --- Deletion -----------------------------------------------------------------------------------


def password_is_right(member: User, password: str) -> bool:
    """Check the member's password as allauth does when asking again during a session (its
    failed-attempt limits apply); outside a request, against the stored hash."""
    if not password or "\x00" in password:
        return False
    if context.request is not None:
        return bool(get_adapter().reauthenticate(member, password))
    return member.check_password(password)


def pending_deletion(member: User) -> AccountDeletion | None:
    return AccountDeletion.objects.filter(member=member, cancelled_at__isnull=True, erased_at__isnull=True).first()


def do_request_deletion(member: User, password: str, *, keep_posts: bool) -> AccountDeletion:
    """Schedule the member's account for erasure in 14 days; nothing changes on a wrong password."""
    if not password_is_right(member, password):
        raise ValidationError("That is not your password. Nothing was changed.", code="incorrect_password")
    if pending_deletion(member) is not None:
        raise ValidationError("Your account is already scheduled for deletion.", code="pending")
    now = timezone.now()
    try:
        # Race: the form sent twice; the partial unique constraint keeps one pending deletion.
        with transaction.atomic():
            deletion = AccountDeletion.objects.create(
                member=member, requested_at=now, erase_after=now + AccountDeletion.grace(), keep_posts=keep_posts
            )
            record(member, "account:request_deletion", member, keep_posts=keep_posts)
    except IntegrityError:
        raise ValidationError("Your account is already scheduled for deletion.", code="pending") from None
    return deletion


def do_cancel_deletion(member: User) -> AccountDeletion:
    with transaction.atomic():
        # Race: undo at the moment the job erases; whoever locks the row first decides.
        deletion = (
            AccountDeletion.objects.select_for_update()
            .filter(member=member, cancelled_at__isnull=True, erased_at__isnull=True)
            .first()
        )
        if deletion is None:
            raise ValidationError("Your account is not scheduled for deletion.", code="not_pending")
        deletion.cancelled_at = timezone.now()
        deletion.save(update_fields=["cancelled_at"])
        record(member, "account:cancel_deletion", member)
    return deletion


def erase_due_accounts(now: datetime | None = None) -> int:
    """Erase every account whose grace period is over (the job queue calls this)."""
    now = now or timezone.now()
    due = AccountDeletion.objects.filter(
        cancelled_at__isnull=True, erased_at__isnull=True, member__isnull=False, erase_after__lte=now
    ).values_list("pk", flat=True)
    erased = 0
    for deletion_id in list(due[:100]):
        with transaction.atomic():
            deletion = (
                AccountDeletion.objects.select_for_update(of=("self",)).select_related("member").get(pk=deletion_id)
            )
            if deletion.is_pending and deletion.member is not None and deletion.erase_after <= now:
                erasure.erase(deletion)
                erased += 1
    return erased


# --- Research consent ---------------------------------------------------------------------------


def open_consent(member: User) -> ResearchConsent | None:
    return ResearchConsent.objects.filter(member=member, withdrawn_at__isnull=True).first()


def do_give_consent(member: User, version: str = CONSENT_VERSION) -> ResearchConsent:
    """Consent to the current text. Asking with an older version (a page left open while the
    text changed) is refused, so nobody agrees to a text they did not read."""
    if version != CONSENT_VERSION:
        raise ValidationError(
            "The consent text has changed since you opened the page. Please read the new text.", code="stale_version"
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            # Race: two tabs consenting at once; the partial unique constraint keeps one open.
            current = (
                ResearchConsent.objects.select_for_update().filter(member=member, withdrawn_at__isnull=True).first()
            )
            if current is not None and current.version == version:
                return current
            if current is not None:
                current.withdrawn_at = now
                current.save(update_fields=["withdrawn_at"])
            return ResearchConsent.objects.create(member=member, version=version, given_at=now)
    except IntegrityError:
        found = open_consent(member)
        if found is None:
            raise
        return found


def do_withdraw_consent(member: User) -> ResearchConsent | None:
    """Withdraw at once: from now on `has_research_consent` says no."""
    with transaction.atomic():
        current = ResearchConsent.objects.select_for_update().filter(member=member, withdrawn_at__isnull=True).first()
        if current is not None:
            current.withdrawn_at = timezone.now()
            current.save(update_fields=["withdrawn_at"])
    return current


# --- Looking at private data --------------------------------------------------------------------


def check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why you need to see this; the member will read your reason.", code="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"A reason has at most {REASON_MAX:,} characters.", code="reason")
    refuse_nul(reason)
    return reason


def do_view_private(
    viewer: Any, member: User, what: str, reason: str, *, community: Community | None = None
) -> PrivateAccessEntry:
    """Call before showing `member`'s private data of kind `what` (a `Viewed`) to an
    administrator or moderator: it refuses anyone else with 404, requires a reason, and writes
    the entry the member sees in their access log."""
    if what not in Viewed.values:
        raise ValueError(f"Unknown kind of private data: {what}")
    role = viewer_role(viewer, member, what, community)
    reason = check_reason(reason)
    return PrivateAccessEntry.objects.create(
        member=member, viewer=viewer, viewer_role=role, community=community, what=what, reason=reason
    )
