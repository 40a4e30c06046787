"""Recording audit events, from inside the transaction of the action they describe."""

from __future__ import annotations

from typing import Any

from django.db import models

from hearth.audit.models import AuditEvent


def record(
    actor: Any,
    action: str,
    target: models.Model,
    *,
    community: Any = None,
    reason: str = "",
    subject: Any = None,
    **data: Any,
) -> AuditEvent:
    """Write one event. `subject` is the member it concerns, who may read it in their record."""
    assert ":" in action, "audit actions are named subject:action"  # noqa: S101  (a programming error)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.model_name or "",
        target_id=int(target.pk),
        community=community,
        subject=subject,
        reason=reason,
        data=data,
    )
