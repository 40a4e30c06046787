"""Reminding a member who signs in that their account is scheduled for deletion, with the way
to undo it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from hearth.privacy.actions import pending_deletion


@receiver(user_logged_in, dispatch_uid="privacy_deletion_reminder")
def remind_of_deletion(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    deletion = pending_deletion(user)
    if deletion is not None and request is not None and hasattr(request, "_messages"):
        messages.warning(
            request,
            f"Your account will be deleted on {deletion.erase_after:%d %B %Y}. "
            "To keep it, go to My data and choose “Keep my account”.",
        )
