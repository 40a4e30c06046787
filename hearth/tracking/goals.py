"""Goals and milestones (being written)."""

from __future__ import annotations

from hearth.accounts.models import User
from hearth.tracking.models import Milestone


def check_milestones(member: User) -> list[Milestone]:
    """Milestones newly reached by the member's goals after a write to their tracking."""
    return []
