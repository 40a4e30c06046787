"""Writes to profiles: the member's own fields and who sees each, conditions, treatments, symptoms,
the avatar, and whether others may find them in "patients like me".

Views and the API call these, so each rule (a year of diagnosis cannot be in the future, a place is
never finer than a region) lives in one place.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from hearth.accounts.models import User
from hearth.conditions.models import Condition, Symptom
from hearth.lib import places
from hearth.profiles.access import profile_of
from hearth.profiles.models import (
    BIO_MAX,
    FIELD_DEFAULTS,
    INTEREST_MAX_LENGTH,
    INTERESTS_MAX,
    AgeRange,
    Avatar,
    MessagesFrom,
    Profile,
    ProfileCondition,
    ProfileRole,
    ProfileSymptom,
    ProfileTreatment,
    Visibility,
)
from hearth.treatments.models import Treatment

AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = 40_000_000  # a 5 MB file can claim billions of pixels: refuse before decoding
AVATAR_SIZE = 256
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EARLIEST_YEAR = 1900
SYMPTOMS_MAX = 30
TREATMENTS_MAX = 50
CONDITIONS_MAX = 20


def _today() -> dt.date:
    return timezone.localdate()


def _own_profile(user: User) -> Profile:
    """The member's saved profile, created with the defaults on their first change."""
    profile = profile_of(user)
    if profile._state.adding:
        try:
            with transaction.atomic():
                profile.save()
        except IntegrityError:  # Race: two first edits at once; the other one saved it.
            profile = Profile.objects.get(user=user)
        user.profile = profile
    return profile


@dataclass(frozen=True)
class ProfileInput:
    """The plain fields of a profile, as a form or the API hands them over (None: leave as it is)."""

    bio: str | None = None
    role: str | None = None
    caregiver_of: str | None = None
    age_range: str | None = None
    country: str | None = None
    region: str | None = None
    interests: list[str] | None = None
    messages_from: str | None = None
    discoverable: bool | None = None
    visibility: dict[str, str] | None = None


def _choice(value: str, choices: Any, what: str) -> str:
    if value and value not in choices.values:
        raise ValidationError(f"Choose one of the {what} offered.", code="choice")
    return value


def check_place(country: str, region: str) -> tuple[str, str]:
    """A country (ISO 3166-1) and, optionally, one of its top-level regions (ISO 3166-2): never finer."""
    country = country.strip().upper()
    region = region.strip().upper()
    if country and places.country(country) is None:
        raise ValidationError("Choose a country from the list.", code="country")
    if region:
        if not country:
            raise ValidationError("Choose the country before the region.", code="region")
        found = places.subdivision(region)
        if found is None or found[1] != country:
            raise ValidationError("Choose a region of that country from the list.", code="region")
        if not found[2]:
            raise ValidationError(
                "Choose a region, not a smaller area: Hearth never records a place finer than a region.",
                code="too_fine",
            )
    return country, region


def check_interests(interests: list[str]) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for interest in interests:
        text = " ".join(interest.split())
        if not text or text.casefold() in seen:
            continue
        if len(text) > INTEREST_MAX_LENGTH:
            raise ValidationError(
                f"Keep each interest under {INTEREST_MAX_LENGTH} characters.", code="interest_too_long"
            )
        seen.add(text.casefold())
        cleaned.append(text)
    if len(cleaned) > INTERESTS_MAX:
        raise ValidationError(f"List at most {INTERESTS_MAX} interests.", code="too_many_interests")
    return cleaned


def check_visibility(visibility: dict[str, str]) -> dict[str, str]:
    unknown = set(visibility) - set(FIELD_DEFAULTS)
    if unknown:
        raise ValidationError(f"Unknown profile field: {sorted(unknown)[0][:40]}.", code="field")
    for value in visibility.values():
        _choice(value, Visibility, "visibilities")
    return visibility


def do_update_profile(user: User, data: ProfileInput) -> Profile:
    changes: dict[str, Any] = {}
    if data.bio is not None:
        bio = data.bio.strip()
        if len(bio) > BIO_MAX:
            raise ValidationError(f"Keep your bio under {BIO_MAX} characters.", code="bio_too_long")
        changes["bio"] = bio
    if data.role is not None:
        changes["role"] = _choice(data.role, ProfileRole, "roles")
    if data.caregiver_of is not None:
        caregiver_of = " ".join(data.caregiver_of.split())
        if len(caregiver_of) > Profile._meta.get_field("caregiver_of").max_length:  # type: ignore[operator]
            raise ValidationError("Keep “whom you care for” short.", code="caregiver_of_too_long")
        changes["caregiver_of"] = caregiver_of
    if data.age_range is not None:
        changes["age_range"] = _choice(data.age_range, AgeRange, "age ranges")
    if data.country is not None or data.region is not None:
        profile = profile_of(user)
        country = data.country if data.country is not None else profile.country
        region = data.region if data.region is not None else profile.region
        if data.country is not None and data.region is None and country != profile.country:
            region = ""  # a region of the old country means nothing in the new one
        changes["country"], changes["region"] = check_place(country, region)
    if data.interests is not None:
        changes["interests"] = check_interests(data.interests)
    if data.messages_from is not None:
        changes["messages_from"] = _choice(data.messages_from, MessagesFrom, "message settings")
    for field, value in check_visibility(data.visibility or {}).items():
        changes[f"{field}_visibility"] = value
    with transaction.atomic():
        profile = _own_profile(user)
        for name, value in changes.items():
            setattr(profile, name, value)
        if data.discoverable is not None:
            _set_discoverable(profile, data.discoverable)
        profile.updated_at = timezone.now()
        profile.save()
    return profile


def _set_discoverable(profile: Profile, discoverable: bool) -> None:
    if discoverable and not profile.discoverable:
        profile.discoverable_since = timezone.now()
    if not discoverable:
        profile.discoverable_since = None
    profile.discoverable = discoverable


def do_set_discoverable(user: User, discoverable: bool) -> Profile:
    """Opt in to (or out of) "patients like me"; opting out takes effect on the next search."""
    with transaction.atomic():
        profile = _own_profile(user)
        _set_discoverable(profile, discoverable)
        profile.save(update_fields=["discoverable", "discoverable_since"])
    return profile


def check_year(year: int | None) -> int | None:
    if year is None:
        return None
    if year > _today().year:
        raise ValidationError("The year of diagnosis cannot be in the future.", code="future_year")
    if year < EARLIEST_YEAR:
        raise ValidationError(f"Give a year of diagnosis from {EARLIEST_YEAR} on.", code="year")
    return year


def _condition(slug: str) -> Condition:
    condition = Condition.objects.filter(slug=slug[:100]).first() if slug else None
    if condition is None:
        raise ValidationError("Choose a condition from the catalogue.", code="unknown_condition")
    return condition


def do_add_condition(user: User, condition_slug: str, diagnosed_year: int | None = None) -> ProfileCondition:
    """Add a condition, or update its year if it is already on the profile."""
    condition = _condition(condition_slug)
    year = check_year(diagnosed_year)
    with transaction.atomic():
        profile = _own_profile(user)
        existing = ProfileCondition.objects.select_for_update().filter(profile=profile, condition=condition).first()
        if existing is not None:
            existing.diagnosed_year = year
            existing.save(update_fields=["diagnosed_year"])
            return existing
        if profile.conditions.count() >= CONDITIONS_MAX:
            raise ValidationError(f"A profile lists at most {CONDITIONS_MAX} conditions.", code="too_many")
        try:
            # Race: the same condition added twice at once (two tabs); the unique constraint decides.
            with transaction.atomic():
                return ProfileCondition.objects.create(profile=profile, condition=condition, diagnosed_year=year)
        except IntegrityError:
            return ProfileCondition.objects.get(profile=profile, condition=condition)


def do_remove_condition(user: User, condition_slug: str) -> bool:
    return bool(ProfileCondition.objects.filter(profile_id=user.pk, condition__slug=condition_slug[:100]).delete()[0])


def _treatment(slug: str) -> Treatment:
    treatment = Treatment.objects.filter(slug=slug[:100]).first() if slug else None
    if treatment is None:
        raise ValidationError("Choose a treatment from the catalogue.", code="unknown_treatment")
    return treatment


def check_treatment_dates(started_on: dt.date | None, stopped_on: dt.date | None) -> None:
    today = _today()
    if started_on and started_on > today:
        raise ValidationError("The start date cannot be in the future.", code="future_start")
    if stopped_on and stopped_on > today:
        raise ValidationError("The stop date cannot be in the future.", code="future_stop")
    if started_on and stopped_on and stopped_on < started_on:
        raise ValidationError("The stop date comes before the start date.", code="stop_before_start")
    for day in (started_on, stopped_on):
        if day and day.year < EARLIEST_YEAR:
            raise ValidationError(f"Give dates from {EARLIEST_YEAR} on.", code="too_early")


def do_add_treatment(
    user: User, treatment_slug: str, started_on: dt.date | None = None, stopped_on: dt.date | None = None
) -> ProfileTreatment:
    treatment = _treatment(treatment_slug)
    check_treatment_dates(started_on, stopped_on)
    with transaction.atomic():
        profile = _own_profile(user)
        # Race: a double-submitted form; the profile row lock makes the second see the first.
        Profile.objects.select_for_update().filter(pk=profile.pk).first()
        same = ProfileTreatment.objects.filter(
            profile=profile, treatment=treatment, started_on=started_on, stopped_on=stopped_on
        ).first()
        if same is not None:
            return same
        if profile.treatments.count() >= TREATMENTS_MAX:
            raise ValidationError(f"A profile lists at most {TREATMENTS_MAX} treatments.", code="too_many")
        return ProfileTreatment.objects.create(
            profile=profile, treatment=treatment, started_on=started_on, stopped_on=stopped_on
        )


def own_treatment(user: User, treatment_id: int) -> ProfileTreatment:
    found = ProfileTreatment.objects.filter(pk=treatment_id, profile_id=user.pk).select_related("treatment").first()
    if found is None:
        raise ProfileTreatment.DoesNotExist
    return found


def do_update_treatment(
    user: User, treatment_id: int, *, started_on: dt.date | None, stopped_on: dt.date | None
) -> ProfileTreatment:
    entry = own_treatment(user, treatment_id)
    check_treatment_dates(started_on, stopped_on)
    entry.started_on, entry.stopped_on = started_on, stopped_on
    entry.save(update_fields=["started_on", "stopped_on"])
    return entry


def do_remove_treatment(user: User, treatment_id: int) -> bool:
    return bool(ProfileTreatment.objects.filter(pk=treatment_id, profile_id=user.pk).delete()[0])


def do_set_symptoms(user: User, symptom_slugs: list[str]) -> list[Symptom]:
    """Replace the member's symptoms with these (unknown ones refused, nothing changed)."""
    wanted = list(dict.fromkeys(slug[:100] for slug in symptom_slugs if slug))
    if len(wanted) > SYMPTOMS_MAX:
        raise ValidationError(f"A profile lists at most {SYMPTOMS_MAX} symptoms.", code="too_many")
    symptoms = list(Symptom.objects.filter(slug__in=wanted))
    if len(symptoms) != len(wanted):
        raise ValidationError("Choose symptoms from the list.", code="unknown_symptom")
    with transaction.atomic():
        profile = _own_profile(user)
        Profile.objects.select_for_update().filter(pk=profile.pk).first()  # Race: two saves at once.
        ProfileSymptom.objects.filter(profile=profile).exclude(symptom__in=symptoms).delete()
        have = set(ProfileSymptom.objects.filter(profile=profile).values_list("symptom_id", flat=True))
        ProfileSymptom.objects.bulk_create(
            [ProfileSymptom(profile=profile, symptom=s) for s in symptoms if s.pk not in have]
        )
    return symptoms


def _decode_image(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in AVATAR_FORMATS:
                raise ValidationError("Upload a JPEG, PNG, WebP or GIF picture.", code="type")
            width, height = image.size
            if width * height > AVATAR_MAX_PIXELS:
                raise ValidationError("That picture is too large in pixels. Please use a smaller one.", code="bomb")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("That picture is too large in pixels. Please use a smaller one.", code="bomb") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError("That file is not a picture Hearth can read.", code="not_image") from None
    return image


def render_avatar(data: bytes) -> tuple[bytes, int, int]:
    """Decode, check, square and re-encode an uploaded picture; nothing of the original's metadata
    (EXIF position, camera, comments) survives, because only the pixels are written out."""
    if len(data) > AVATAR_MAX_BYTES:
        raise ValidationError("That picture is over 5 MB. Please use a smaller one.", code="too_big")
    if not data:
        raise ValidationError("Choose a picture to upload.", code="empty")
    image = _decode_image(data)
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P", "PA"} else "RGB")
    image = ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=85, method=4)
    return out.getvalue(), image.width, image.height


def do_set_avatar(user: User, upload: IO[bytes], *, size: int | None = None) -> Avatar:
    if size is not None and size > AVATAR_MAX_BYTES:
        raise ValidationError("That picture is over 5 MB. Please use a smaller one.", code="too_big")
    data = upload.read(AVATAR_MAX_BYTES + 1)
    encoded, width, height = render_avatar(data)
    with transaction.atomic():
        profile = _own_profile(user)
        avatar, _ = Avatar.objects.update_or_create(
            profile=profile,
            defaults={
                "image": encoded,
                "content_type": "image/webp",
                "width": width,
                "height": height,
                "updated_at": timezone.now(),
            },
        )
    return avatar


def do_remove_avatar(user: User) -> bool:
    return bool(Avatar.objects.filter(profile_id=user.pk).delete()[0])
