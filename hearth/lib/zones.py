"""Time zones by their IANA names ("America/New_York"): the list a member chooses from, and a
look-up that never fails (a name that is no zone is read as UTC)."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@lru_cache(maxsize=1)
def time_zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone(name: str) -> ZoneInfo:
    """The zone of that IANA name; UTC for a name that is not one (never raises)."""
    if name not in time_zone_names():
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover  (listed names load)
        return ZoneInfo("UTC")


@lru_cache(maxsize=1)
def zone_choices() -> tuple[tuple[str, str], ...]:
    """Choices for a form: the regional names (Europe/Paris) and UTC, in order."""
    return tuple((name, name.replace("_", " ")) for name in sorted(time_zone_names()) if "/" in name or name == "UTC")
