"""Verifying professionals: a member applies (once at a time) as a clinician, a researcher or a
patient organisation; an administrator other than them verifies or declines, and may later
withdraw a verification. The badge on the member (`User.verified_as`, `verified_title`) changes
in the same transaction as the verification, and every step is audit-logged with the member as
its subject, so it shows in their record.

Whoever calls the deciding actions has fetched the application through `access.application_for`,
which answers 404 to anyone but an administrator; the actions check it again, so a forged
request cannot get past them either.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from hearth.accounts.access import refuse_if_suspended
from hearth.accounts.models import ProfessionalKind, User
from hearth.audit.actions import record
from hearth.lib.text import refuse_nul
from hearth.notifications.actions import notify
from hearth.notifications.models import Kind
from hearth.professionals.access import can_decide, own_refusal
from hearth.professionals.models import DETAILS_MAX, REASON_MAX, TITLE_MAX, Verification, VerificationStatus

REGISTER_URL_MAX = 500
OPEN = (VerificationStatus.PENDING, VerificationStatus.VERIFIED)


@dataclass(frozen=True)
class Application:
    kind: str
    title: str
    details: str
    register_url: str = ""


class AlreadyOpen(ValidationError):  # noqa: N818  (a ValidationError, named for what is wrong)
    """The member has an application waiting, or is verified already."""

    def __init__(self, open_one: Verification | None) -> None:
        if open_one is not None and open_one.status == VerificationStatus.VERIFIED:
            said = "You are verified already. To be verified differently, ask an administrator to withdraw it first."
        else:
            said = "You already have an application waiting for an administrator. Cancel it to send a new one."
        super().__init__(said, code="open")


class AlreadyDecided(ValidationError):  # noqa: N818
    """Another administrator (or this one, in another tab) decided first, or the member cancelled."""

    def __init__(self, verification: Verification | None) -> None:
        if verification is None:
            said = "This application was cancelled by the member."
        else:
            by = verification.decided_by
            name = f"@{by.handle}" if by is not None else "an administrator"
            said = f"This application was already {verification.get_status_display().lower()} by {name}."
        super().__init__(said, code="handled")


def open_verification(member: User) -> Verification | None:
    """The member's application waiting, or their verification standing; None otherwise."""
    return Verification.objects.filter(member=member, status__in=OPEN).first()


def latest_verification(member: User) -> Verification | None:
    """The member's most recent application, whatever became of it."""
    found = Verification.objects.filter(member=member).select_related("decided_by", "withdrawn_by")
    return found.order_by("-created_at", "-pk").first()


def _text(value: str, *, field: str, what: str, most: int, required: bool = True) -> str:
    refuse_nul(value)
    value = value.strip()
    if required and not value:
        raise ValidationError(f"Write {what}.", code=field)
    if len(value) > most:
        raise ValidationError(f"{what[0].upper()}{what[1:]} has at most {most:,} characters.", code=field)
    return value


def check_application(data: Application) -> Application:
    """The application's fields, tidied, or a plain refusal naming the field (its `code`)."""
    if data.kind not in ProfessionalKind.values:
        raise ValidationError("Choose clinician, researcher or patient organisation.", code="kind")
    title = _text(data.title, field="title", what="the title shown with your badge", most=TITLE_MAX)
    details = _text(data.details, field="details", what="how an administrator can check", most=DETAILS_MAX)
    url = _text(
        data.register_url, field="register_url", what="the register's address", most=REGISTER_URL_MAX, required=False
    )
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(
                "Give the register's full web address, starting with https:// or http://.", code="register_url"
            ) from None
    return Application(kind=data.kind, title=title, details=details, register_url=url)


def do_apply(member: User, data: Application) -> Verification:
    """Send an application; it waits for an administrator. One open at a time."""
    data = check_application(data)
    refuse_if_suspended(member, "apply to be verified")
    existing = open_verification(member)
    if existing is not None:
        raise AlreadyOpen(existing)
    try:
        # Race: the same form sent twice at once; the partial unique constraint keeps one.
        with transaction.atomic():
            verification = Verification.objects.create(
                member=member,
                kind=data.kind,
                title=data.title,
                details=data.details,
                register_url=data.register_url,
            )
            # The details are for administrators alone: the log says only what was asked for.
            record(member, "professional:apply", verification, subject=member, kind=data.kind)
    except IntegrityError:
        raise AlreadyOpen(open_verification(member)) from None
    return verification


def do_cancel(member: User) -> None:
    """Cancel one's own application while it waits; its details go with it."""
    with transaction.atomic():
        # Race: an administrator deciding it at this moment; whoever locks it first wins.
        pending = (
            Verification.objects.select_for_update()
            .filter(member=member, status=VerificationStatus.PENDING)
            .order_by("-created_at", "-pk")
            .first()
        )
        if pending is None:
            raise ValidationError("You have no application waiting to cancel.", code="nothing")
        record(member, "professional:cancel", pending, subject=member, kind=pending.kind)
        pending.delete()


def _reason(reason: str, *, what: str) -> str:
    refuse_nul(reason)
    reason = reason.strip()
    if not reason:
        raise ValidationError(f"Write why {what}: the member is told it.", code="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"A reason has at most {REASON_MAX} characters.", code="reason")
    return reason


def _locked(admin: User, verification: Verification) -> Verification:
    """The application, locked for the decision; refusals for forged or stale requests."""
    if not can_decide(admin):
        raise Http404
    locked = Verification.objects.select_for_update().filter(pk=verification.pk).first()
    refusal = own_refusal(admin, locked or verification)
    if refusal:
        raise ValidationError(refusal, code="own")
    if locked is None:
        raise AlreadyDecided(None)
    return locked


def do_decide(admin: User, verification: Verification, *, verify: bool, reason: str) -> Verification:
    """Verify or decline a waiting application, saying why (how it was checked, or what was
    missing); the member reads it. Verifying puts the badge on the member in the same transaction."""
    reason = _reason(reason, what="you verify it" if verify else "you decline it")
    with transaction.atomic():
        # Race: two administrators deciding at once, or the member cancelling; the lock orders them.
        locked = _locked(admin, verification)
        if locked.status != VerificationStatus.PENDING:
            raise AlreadyDecided(locked)
        locked.status = VerificationStatus.VERIFIED if verify else VerificationStatus.DECLINED
        locked.decided_by = admin
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        if verify:
            User.objects.filter(pk=locked.member_id).update(verified_as=locked.kind, verified_title=locked.title)
        record(
            admin,
            "professional:verify" if verify else "professional:decline",
            locked,
            reason=reason,
            subject=locked.member,
            kind=locked.kind,
        )
        _tell(locked.member)
    return locked


def _tell(member: User) -> None:
    """A notification pointing to /professionals/me/, where the decision and its reason are."""
    transaction.on_commit(lambda: notify(member, Kind.VERIFICATION))


def do_withdraw(admin: User, verification: Verification, *, reason: str) -> Verification:
    """Withdraw a standing verification, with a reason the member reads; the badge goes at once."""
    reason = _reason(reason, what="you withdraw it")
    with transaction.atomic():
        locked = _locked(admin, verification)
        if locked.status != VerificationStatus.VERIFIED:
            raise ValidationError("Only a standing verification can be withdrawn.", code="not_verified")
        locked.status = VerificationStatus.WITHDRAWN
        locked.withdrawn_by = admin
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason
        locked.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
        User.objects.filter(pk=locked.member_id).update(verified_as="", verified_title="")
        record(admin, "professional:withdraw", locked, reason=reason, subject=locked.member, kind=locked.kind)
        _tell(locked.member)
    return locked
