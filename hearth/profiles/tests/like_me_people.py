"""Members with profiles, for the tests of patients like me, made through the profile actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.conditions.models import Symptom
from hearth.profiles import actions
from hearth.profiles.models import Visibility

LUPUS = "systemic-lupus-erythematosus"
BREAST_CANCER = "breast-cancer"
T1D = "type-1-diabetes"
SJOGRENS = "sjogrens-disease"
EVERYONE = Visibility.PUBLIC
COMMUNITIES = Visibility.COMMUNITIES
CONNECTIONS = Visibility.CONNECTIONS
ONLY_ME = Visibility.ONLY_ME
HEALTH = ("conditions", "treatments", "symptoms")


def symptoms(*names: str) -> None:
    for name in names:
        Symptom.objects.get_or_create(slug=name.replace(" ", "-"), defaults={"name": name.capitalize()})


def profile(
    user: User,
    *,
    conditions: Iterable[str | tuple[str, int | None]] = (),
    treatments: Iterable[str | tuple[str, dt.date | None, dt.date | None]] = (),
    symptom_slugs: Iterable[str] = (),
    discoverable: bool = True,
    shows: str | dict[str, str] = EVERYONE,
    role: str = "",
    age_range: str = "",
    country: str = "",
    region: str = "",
) -> User:
    """Fill in `user`'s profile. `shows` is one visibility for every field, or a visibility per field."""
    visibility = shows if isinstance(shows, dict) else dict.fromkeys(("role", "age_range", "place", *HEALTH), shows)
    actions.do_update_profile(
        user,
        actions.ProfileInput(
            role=role, age_range=age_range, country=country, region=region, visibility=dict(visibility)
        ),
    )
    actions.do_set_discoverable(user, discoverable)
    for entry in conditions:
        slug, year = (entry, None) if isinstance(entry, str) else entry
        actions.do_add_condition(user, slug, year)
    for taken in treatments:
        treatment, started, stopped = (taken, None, None) if isinstance(taken, str) else taken
        actions.do_add_treatment(user, treatment, started, stopped)
    if symptom_slugs:
        actions.do_set_symptoms(user, list(symptom_slugs))
    return user


def member(handle: str, **options: object) -> User:
    return profile(UserFactory.create(handle=handle), **options)  # type: ignore[arg-type]
