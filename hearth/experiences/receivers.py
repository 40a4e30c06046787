"""What keeps treatment figures current when something outside treatment reports changes whether
a report counts: a member giving or withdrawing research consent (hearth.privacy), and a member
being erased (their reports go with their account)."""

from __future__ import annotations

from typing import Any

from hearth.experiences import figures


def consent_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A consent given, withdrawn or replaced: every figure the member's reports enter."""
    figures.refresh_member(instance.member_id)


def member_leaving(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before an account is deleted, note the figures its reports enter (afterwards they are gone)."""
    instance._treatment_pairs = figures.member_pairs(instance.pk)


def member_left(sender: Any, instance: Any, **kwargs: Any) -> None:
    figures.refresh_later(getattr(instance, "_treatment_pairs", ()))
