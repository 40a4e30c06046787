"""Rules for handles and passwords, with messages that say what to do instead."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

HANDLE_MIN = 3
HANDLE_MAX = 30
PASSWORD_MAX = 128

_HANDLE_CHARS = re.compile(r"^[A-Za-z0-9_.-]+$")
_EMAIL_LIKE = re.compile(r"@|\b[\w.+-]+(?:\.|dot)(?:com|org|net|edu|gov|co|uk|io|de|fr|es)\b", re.IGNORECASE)
# Seven or more digits, possibly broken by spaces, dots, dashes or a leading plus: a phone number.
_PHONE_LIKE = re.compile(r"(?:\+|00)?(?:\d[\s().-]*){7,}")
_RESERVED = {
    "admin", "administrator", "anonymous", "api", "hearth", "moderator", "root", "staff",
    "support", "system", "former-member", "me", "settings", "static", "accounts",
}  # fmt: skip


def validate_handle(value: str) -> None:
    if len(value) < HANDLE_MIN or len(value) > HANDLE_MAX:
        raise ValidationError(
            f"A handle has {HANDLE_MIN} to {HANDLE_MAX} characters (this one has {len(value)}).",
            code="length",
        )
    if _EMAIL_LIKE.search(value):
        raise ValidationError(
            "That looks like an email address. Choose a handle that other members can see without "
            "learning how to reach you.",
            code="email_like",
        )
    if _PHONE_LIKE.search(value):
        raise ValidationError(
            "That looks like a phone number. Choose a handle that does not say how to reach you.",
            code="phone_like",
        )
    if any(ch.isspace() for ch in value):
        raise ValidationError("A handle cannot contain spaces.", code="spaces")
    if not _HANDLE_CHARS.match(value):
        raise ValidationError("Use only letters, digits, dots, dashes and underscores in a handle.", code="characters")
    if value.lower() in _RESERVED:
        raise ValidationError("That handle is reserved. Please choose another.", code="reserved")


HANDLE_VALIDATORS = [validate_handle]


class MaximumLengthValidator:
    """Refuse passwords longer than PASSWORD_MAX, so hashing cannot be used to tie up the server."""

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > PASSWORD_MAX:
            raise ValidationError(
                f"Use at most {PASSWORD_MAX} characters for your password (this one has {len(password)}).",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password can be up to {PASSWORD_MAX} characters long."
