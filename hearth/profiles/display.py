"""What a profile shows to one viewer, built once for the page and the API alike.

Only fields the viewer may see are read at all: a hidden field's rows are never fetched, so no
template or serializer can leak them by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from hearth.lib import places
from hearth.profiles.access import ProfileView
from hearth.profiles.models import AgeRange, Avatar, ProfileRole


@dataclass(frozen=True)
class ConditionLine:
    slug: str
    name: str
    url: str
    diagnosed_year: int | None


@dataclass(frozen=True)
class TreatmentLine:
    id: int
    slug: str
    name: str
    url: str
    started_on: str | None
    stopped_on: str | None

    @property
    def is_current(self) -> bool:
        return self.stopped_on is None


@dataclass(frozen=True)
class SymptomLine:
    slug: str
    name: str


@dataclass
class VisibleProfile:
    """The parts of one profile one viewer may see; a part left at None is hidden from them."""

    handle: str
    name: str
    url: str
    member_since: str
    shown: list[str] = field(default_factory=list)
    bio: str | None = None
    role: str | None = None
    role_label: str | None = None
    caregiver_of: str | None = None
    age_range: str | None = None
    age_range_label: str | None = None
    country: str | None = None
    country_name: str | None = None
    region: str | None = None
    region_name: str | None = None
    interests: list[str] | None = None
    avatar_url: str | None = None
    conditions: list[ConditionLine] | None = None
    treatments: list[TreatmentLine] | None = None
    symptoms: list[SymptomLine] | None = None

    @property
    def is_empty(self) -> bool:
        return (
            not any(
                [self.bio, self.role, self.age_range, self.country, self.interests, self.conditions, self.treatments]
            )
            and not self.symptoms
        )


def country_name(code: str) -> str:
    found = places.country(code)
    return found.name if found else code


def region_name(code: str) -> str:
    found = places.subdivision(code)
    return found[0].name if found else code


def visible_profile(view: ProfileView) -> VisibleProfile:
    member, profile = view.member, view.profile
    shown = [name for name in ("bio", "avatar", "role", "interests", "age_range", "place") if view.shows(name)]
    shown += [name for name in ("conditions", "treatments", "symptoms") if view.shows(name)]
    result = VisibleProfile(
        handle=member.handle,
        name=member.public_name,
        url=member.get_absolute_url(),
        member_since=member.date_joined.date().isoformat(),
        shown=shown,
    )
    saved = not profile._state.adding
    if "bio" in shown:
        result.bio = profile.bio
    if "role" in shown and profile.role:
        result.role = profile.role
        result.role_label = ProfileRole(profile.role).label
        result.caregiver_of = profile.caregiver_of if profile.role == ProfileRole.CAREGIVER else ""
    if "age_range" in shown and profile.age_range:
        result.age_range = profile.age_range
        result.age_range_label = AgeRange(profile.age_range).label
    if "place" in shown and profile.country:
        result.country, result.country_name = profile.country, country_name(profile.country)
        if profile.region:
            result.region, result.region_name = profile.region, region_name(profile.region)
    if "interests" in shown:
        result.interests = list(profile.interests)
    if "avatar" in shown and saved and Avatar.objects.filter(profile=profile).exists():
        result.avatar_url = reverse("member_avatar", args=[member.handle])
    if "conditions" in shown:
        result.conditions = (
            [
                ConditionLine(c.condition.slug, c.condition.name, c.condition.get_absolute_url(), c.diagnosed_year)
                for c in profile.conditions.select_related("condition").order_by("condition__name")
            ]
            if saved
            else []
        )
    if "treatments" in shown:
        result.treatments = (
            [
                TreatmentLine(
                    t.pk,
                    t.treatment.slug,
                    t.treatment.name,
                    reverse("treatment_detail", args=[t.treatment.slug]),
                    t.started_on.isoformat() if t.started_on else None,
                    t.stopped_on.isoformat() if t.stopped_on else None,
                )
                for t in profile.treatments.select_related("treatment")
            ]
            if saved
            else []
        )
    if "symptoms" in shown:
        result.symptoms = (
            [
                SymptomLine(s.symptom.slug, s.symptom.name)
                for s in profile.symptoms.select_related("symptom").order_by("symptom__name")
            ]
            if saved
            else []
        )
    return result
