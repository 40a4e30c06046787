"""Crisis lines and emergency numbers by country, shown in the private crisis panel.

The table is data in code (`RESOURCES`); a deployment can replace it with a JSON file named by
the setting `HEARTH_CRISIS_RESOURCES`: an object from ISO 3166-1 alpha-2 codes (and "default")
to lists of `{"name", "number", "kind", "note"}`, `kind` being "crisis_line" or "emergency".
A country missing from the table gets the default list, which names several numbers.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from hearth.accounts.models import User
from hearth.profiles.models import Profile

ResourceKind = Literal["crisis_line", "emergency"]
CRISIS_LINE: ResourceKind = "crisis_line"
EMERGENCY: ResourceKind = "emergency"
DEFAULT = "default"


@dataclass(frozen=True)
class Resource:
    name: str
    number: str
    kind: ResourceKind
    note: str = ""

    @property
    def tel(self) -> str:
        """The number as a `tel:` link dials it ("0800 111 0 111" → "08001110111")."""
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _line(name: str, number: str, note: str = "") -> Resource:
    return Resource(name, number, CRISIS_LINE, note)


def _emergency(number: str, note: str = "") -> Resource:
    return Resource("Emergency services", number, EMERGENCY, note)


RESOURCES: dict[str, tuple[Resource, ...]] = {
    "US": (_line("988 Suicide & Crisis Lifeline", "988", "Call or text, any time."), _emergency("911")),
    "CA": (_line("988 Suicide Crisis Helpline", "988", "Call or text, any time."), _emergency("911")),
    "GB": (
        _line("Samaritans", "116 123", "Free, any time."),
        _line("NHS 111", "111", "Urgent medical help that is not an emergency."),
        _emergency("999"),
    ),
    "IE": (_line("Samaritans", "116 123", "Free, any time."), _emergency("112", "999 works too.")),
    "ES": (
        _line("Línea 024 de atención a la conducta suicida", "024", "Gratuita, a cualquier hora."),
        _emergency("112"),
    ),
    "AU": (_line("Lifeline", "13 11 14", "Any time."), _emergency("000")),
    "MX": (_line("Línea de la Vida", "800 911 2000", "Gratuita, a cualquier hora."), _emergency("911")),
    "FR": (
        _line("3114, numéro national de prévention du suicide", "3114", "Gratuit, à toute heure."),
        _emergency("15", "SAMU; 112 works too."),
    ),
    "DE": (_line("TelefonSeelsorge", "0800 111 0 111", "Kostenlos, rund um die Uhr."), _emergency("112")),
    DEFAULT: (
        _emergency("112", "Most of Europe, and from many mobile phones elsewhere."),
        _emergency("911", "The United States, Canada, Mexico and much of the Americas."),
        _emergency("999", "The United Kingdom and Ireland."),
        _emergency("000", "Australia."),
    ),
}


@lru_cache(maxsize=4)
def _from_file(path: str) -> dict[str, tuple[Resource, ...]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        table = {
            str(code).upper() if code != DEFAULT else DEFAULT: tuple(Resource(**entry) for entry in entries)
            for code, entries in data.items()
        }
    except (OSError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"HEARTH_CRISIS_RESOURCES: cannot read {path}: {error}") from error
    if DEFAULT not in table:
        raise ImproperlyConfigured(f'HEARTH_CRISIS_RESOURCES: {path} has no "default" list')
    return table


def table() -> dict[str, tuple[Resource, ...]]:
    path = getattr(settings, "HEARTH_CRISIS_RESOURCES", "")
    return _from_file(str(path)) if path else RESOURCES


def resources_for(country: str) -> tuple[Resource, ...]:
    """The crisis lines and emergency numbers for a country code (blank or unknown: the default)."""
    found = table()
    return found.get((country or "").upper(), found[DEFAULT])


def country_of(user: User) -> str:
    """The member's country from their profile; blank when they have none or did not say."""
    return Profile.objects.filter(user_id=user.pk).values_list("country", flat=True).first() or ""


def resources_of(user: User) -> tuple[Resource, ...]:
    return resources_for(country_of(user))
