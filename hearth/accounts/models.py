"""Members and their personal access tokens.

A member is known to others only by a handle (and an optional display name); the email address
is for signing in and mail, and is never shown to other members.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.validators import HANDLE_MAX, HANDLE_VALIDATORS


class TextSize(models.TextChoices):
    NORMAL = "normal", "Normal"
    LARGE = "large", "Large"
    LARGER = "larger", "Larger"


class ProfessionalKind(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    RESEARCHER = "researcher", "Researcher"
    ORGANISATION = "organisation", "Patient organisation"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, handle: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email), handle=handle, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, handle: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, handle, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.with_email(username or "").get()

    # Compared as LOWER(column) = lower(text), the very expression the unique indexes are built on:
    # Django's __iexact compares UPPER() on PostgreSQL, which no index serves (a scan of every
    # member, 88 ms at 400,000 of them, on each profile page and each sign-in).

    def named(self, handle: str) -> models.QuerySet[User]:
        """The member with this handle, in any case. Nobody for text with a NUL, which no handle
        holds and PostgreSQL cannot compare (a URL can carry one)."""
        if "\x00" in handle:
            return self.none()
        return self.alias(handle_lower=Lower("handle")).filter(handle_lower=handle.lower())

    def with_email(self, email: str) -> models.QuerySet[User]:
        """The member with this email address, in any case."""
        if "\x00" in email:
            return self.none()
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


class User(AbstractBaseUser, PermissionsMixin):
    handle = models.CharField(max_length=HANDLE_MAX, validators=HANDLE_VALIDATORS)
    email = models.EmailField(max_length=254, unique=True)
    display_name = models.CharField(max_length=60, blank=True)
    text_size = models.CharField(max_length=10, choices=TextSize.choices, default=TextSize.NORMAL)
    hide_reaction_counts = models.BooleanField(
        default=False, help_text="Show reactions without their numbers, for a calmer page."
    )
    time_zone = models.CharField(
        max_length=64, default="UTC", help_text="Times of live chats and reminders are shown in this zone."
    )
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    # A site suspension (hearth.moderation): the member signs in and reads, sees why and may
    # appeal, but posts, reacts, chats and sends messages nowhere until then.
    suspended_until = models.DateTimeField(null=True, blank=True)
    # A verified professional's badge (hearth.professionals keeps it in step with the verification).
    verified_as = models.CharField(max_length=20, choices=ProfessionalKind.choices, blank=True)
    verified_title = models.CharField(max_length=80, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["handle"]

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("handle"), name="accounts_user_handle_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.handle

    def get_absolute_url(self) -> str:
        return reverse("member_detail", args=[self.handle])

    @property
    def public_name(self) -> str:
        """What other members see: the display name if set, else the handle."""
        return self.display_name or self.handle


class AccessToken(models.Model):
    """A personal access token for the API. Only a SHA-256 digest of the secret is stored."""

    PREFIX = "hth_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=60)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters of the token, to recognise it.")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                "user",
                "name",
                condition=models.Q(revoked_at__isnull=True),
                name="accounts_accesstoken_live_name_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
