"""Countries and their regions (ISO 3166-1 and 3166-2, from pycountry), typed, in one place.

A region is a top-level subdivision (a US state, a Canadian province, a nation of the UK, a French
region): Hearth never records a place finer than that.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry


@dataclass(frozen=True)
class Place:
    code: str
    name: str


def _name(entry: Any) -> str:
    return str(getattr(entry, "common_name", None) or entry.name)


@cache
def countries() -> tuple[Place, ...]:
    return tuple(sorted((Place(c.alpha_2, _name(c)) for c in pycountry.countries), key=lambda p: p.name))


@cache
def country(code: str) -> Place | None:
    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return Place(found.alpha_2, _name(found)) if found else None


@cache
def regions(country_code: str) -> tuple[Place, ...]:
    """The top-level regions of a country, by name."""
    found = pycountry.subdivisions.get(country_code=country_code) or []  # type: ignore[no-untyped-call]
    return tuple(sorted((Place(s.code, s.name) for s in found if s.parent_code is None), key=lambda p: p.name))


@cache
def subdivision(code: str) -> tuple[Place, str, bool] | None:
    """A subdivision with its country's code, and whether it is a top-level region."""
    found = pycountry.subdivisions.get(code=code) if 0 < len(code) <= 6 else None  # type: ignore[no-untyped-call]
    return (Place(found.code, found.name), found.country_code, found.parent_code is None) if found else None
