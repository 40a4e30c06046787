"""Writes to accounts: creating members, changing handles and preferences, access tokens.

Views, the API and management commands all call these, so each rule lives in one place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.accounts.models import AccessToken, TextSize, User
from hearth.accounts.validators import HANDLE_VALIDATORS
from hearth.lib.zones import time_zone_names

MAX_LIVE_TOKENS = 20
_LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def check_handle(handle: str, *, exclude: User | None = None) -> str:
    handle = handle.strip()
    for validator in HANDLE_VALIDATORS:
        validator(handle)
    taken = User.objects.named(handle)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError("That handle is taken. Please choose another.", code="taken")
    return handle


def do_create_member(
    *,
    handle: str,
    email: str,
    password: str | None,
    display_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a member whose email address is already verified (for admins, scripts and demo data)."""
    handle = check_handle(handle)
    email = User.objects.normalize_email(email).lower()
    if User.objects.with_email(email).exists() or EmailAddress.objects.filter(email__iexact=email).exists():
        raise ValidationError("An account with that email address already exists.", code="email_taken")
    user = User(handle=handle, email=email, display_name=display_name, is_staff=is_staff, is_superuser=is_superuser)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    try:
        # Race: two scripts creating the same handle at once; the unique constraint decides.
        with transaction.atomic():
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    except IntegrityError:
        raise ValidationError("That handle or email address was just taken.", code="taken") from None
    return user


def do_change_handle(user: User, handle: str) -> User:
    user.handle = check_handle(handle, exclude=user)
    try:
        with transaction.atomic():
            user.save(update_fields=["handle"])
    except IntegrityError:
        raise ValidationError("That handle was just taken. Please choose another.", code="taken") from None
    return user


def do_update_preferences(user: User, *, display_name: str, text_size: str, time_zone: str | None = None) -> User:
    if text_size not in TextSize.values:
        raise ValidationError("Choose a text size from the list.", code="invalid")
    if time_zone and time_zone not in time_zone_names():
        raise ValidationError("Choose a time zone from the list.", code="invalid")
    user.display_name = display_name.strip()
    user.text_size = text_size
    user.time_zone = time_zone or user.time_zone
    user.full_clean(validate_unique=False, validate_constraints=False)
    user.save(update_fields=["display_name", "text_size", "time_zone"])
    return user


@dataclass(frozen=True)
class NewToken:
    """A token just created: `secret` is shown to the member once and never stored."""

    token: AccessToken
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def do_create_access_token(user: User, name: str) -> NewToken:
    name = name.strip()
    if not name:
        raise ValidationError("Give the token a name, so you can recognise it later.", code="required")
    if len(name) > 60:
        raise ValidationError("A token name has at most 60 characters.", code="max_length")
    live = user.access_tokens.filter(revoked_at__isnull=True)
    if live.filter(name=name).exists():
        raise ValidationError("You already have a token with that name.", code="duplicate")
    if live.count() >= MAX_LIVE_TOKENS:
        raise ValidationError(f"You can have at most {MAX_LIVE_TOKENS} tokens. Revoke one first.", code="limit")
    secret = AccessToken.PREFIX + secrets.token_urlsafe(32)
    try:
        # Race: a double-submitted form; the partial unique constraint keeps one.
        with transaction.atomic():
            token = AccessToken.objects.create(user=user, name=name, digest=_digest(secret), hint=secret[:8])
    except IntegrityError:
        raise ValidationError("You already have a token with that name.", code="duplicate") from None
    return NewToken(token=token, secret=secret)


def do_revoke_access_token(token: AccessToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_token(secret: str) -> User | None:
    """The active member a live token belongs to, or None."""
    if not secret.startswith(AccessToken.PREFIX) or len(secret) > 100:
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_GRANULARITY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
