"""Refusing a NUL (U+0000), which PostgreSQL can neither store nor compare, in text that reaches an
action without a form field to refuse it."""

from __future__ import annotations

from django.core.validators import ProhibitNullCharactersValidator


def refuse_nul(*texts: str, message: str | None = None, code: str | None = None) -> None:
    """Raise `ValidationError` when any of `texts` holds a NUL, in the words and with the code of
    Django's form fields unless `message` and `code` are given."""
    validator = ProhibitNullCharactersValidator(message, code)
    for text in texts:
        validator(text)
