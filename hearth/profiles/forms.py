"""Forms for editing one's own profile; each field is followed by who may see it."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms

from hearth.conditions.models import Condition, Symptom
from hearth.lib import places
from hearth.profiles.models import (
    BIO_MAX,
    AgeRange,
    MessagesFrom,
    Profile,
    ProfileRole,
    Visibility,
)
from hearth.treatments.models import Kind, Treatment

_VISIBILITY_LABELS = {
    "bio": "Who sees your bio",
    "role": "Who sees your role",
    "age_range": "Who sees your age range",
    "place": "Who sees your country and region",
    "interests": "Who sees your interests",
    "avatar": "Who sees your picture",
    "conditions": "Who sees your conditions",
    "treatments": "Who sees your treatments",
    "symptoms": "Who sees your symptoms",
}
HEALTH_HELP = "Health information stays “Only me” until you choose otherwise."


def country_choices() -> list[tuple[str, str]]:
    return [("", "Not shown"), *((p.code, p.name) for p in places.countries())]


def region_choices(country: str) -> list[tuple[str, str]]:
    if not country:
        return [("", "Choose a country first")]
    return [("", "Not shown"), *((p.code, p.name) for p in places.regions(country))]


def _visibility_field(field: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_VISIBILITY_LABELS[field],
        choices=Visibility.choices,
        help_text=HEALTH_HELP if field in {"conditions", "treatments", "symptoms"} else "",
    )


class ProfileForm(forms.Form):
    bio = forms.CharField(
        label="About you (optional)",
        max_length=BIO_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"A few words for others, up to {BIO_MAX} characters.",
    )
    bio_visibility = _visibility_field("bio")
    role = forms.ChoiceField(label="You are here as", choices=[("", "Not shown"), *ProfileRole.choices], required=False)
    caregiver_of = forms.CharField(
        label="If you are a caregiver: whom you care for (optional)",
        max_length=80,
        required=False,
        help_text="For example “my son, 9”. Leave out names.",
    )
    role_visibility = _visibility_field("role")
    age_range = forms.ChoiceField(label="Age range", choices=[("", "Not shown"), *AgeRange.choices], required=False)
    age_range_visibility = _visibility_field("age_range")
    country = forms.ChoiceField(label="Country", choices=country_choices, required=False)
    region = forms.ChoiceField(
        label="Region",
        required=False,
        help_text="A state, province or nation at most: Hearth never records a town.",
    )
    place_visibility = _visibility_field("place")
    interests = forms.CharField(
        label="Interests (optional)",
        required=False,
        help_text="Separate them with commas, e.g. “gardening, pacing, cooking”. Up to 10.",
    )
    interests_visibility = _visibility_field("interests")
    avatar_visibility = _visibility_field("avatar")
    conditions_visibility = _visibility_field("conditions")
    treatments_visibility = _visibility_field("treatments")
    symptoms_visibility = _visibility_field("symptoms")
    discoverable = forms.BooleanField(
        label="Let members who share a condition find me in “Patients like me”",
        required=False,
        help_text="Off unless you turn it on. Matches only use what each person may see of your profile.",
    )
    messages_from = forms.ChoiceField(
        label="Who may send you direct messages", choices=MessagesFrom.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, country: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = str(self.data.get("country", country) or "") if self.is_bound else country
        self.fields["region"].choices = region_choices(chosen.upper()[:2])  # type: ignore[attr-defined]

    @staticmethod
    def initial_from(profile: Profile) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(profile, name)
            for name in (
                "bio",
                "role",
                "caregiver_of",
                "age_range",
                "country",
                "region",
                "discoverable",
                "messages_from",
            )
        }
        initial["interests"] = ", ".join(profile.interests)
        for field in _VISIBILITY_LABELS:
            initial[f"{field}_visibility"] = profile.visibility_of(field)
        return initial

    def interests_list(self) -> list[str]:
        return [part for part in self.cleaned_data["interests"].split(",") if part.strip()]


def _condition_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    conditions = Condition.objects.order_by("category", "name").values_list("category", "slug", "name")
    return [
        (category, [(slug, name) for _, slug, name in group])
        for category, group in groupby(conditions, key=lambda row: row[0])
    ]


class ConditionForm(forms.Form):
    condition = forms.ChoiceField(label="Condition")
    diagnosed_year = forms.IntegerField(
        label="Year of diagnosis (optional)", required=False, min_value=1900, max_value=9999
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = [("", "Choose a condition"), *_condition_choices()]  # type: ignore[attr-defined]


def _treatment_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    labels = dict(Kind.choices)
    treatments = Treatment.objects.order_by("kind", "name").values_list("kind", "slug", "name", "other_names")
    return [
        (
            labels.get(kind, kind),
            [(slug, f"{name} ({', '.join(other[:2])})" if other else name) for _, slug, name, other in group],
        )
        for kind, group in groupby(treatments, key=lambda row: row[0])
    ]


class DateInput(forms.DateInput):
    input_type = "date"


class TreatmentForm(forms.Form):
    treatment = forms.ChoiceField(label="Treatment")
    started_on = forms.DateField(label="Started (optional)", required=False, widget=DateInput)
    stopped_on = forms.DateField(
        label="Stopped (optional)", required=False, widget=DateInput, help_text="Leave empty if you still take it."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["treatment"].choices = [("", "Choose a treatment"), *_treatment_choices()]  # type: ignore[attr-defined]


class TreatmentDatesForm(forms.Form):
    started_on = forms.DateField(label="Started", required=False, widget=DateInput)
    stopped_on = forms.DateField(label="Stopped", required=False, widget=DateInput)


class SymptomsForm(forms.Form):
    symptoms = forms.MultipleChoiceField(
        label="Your symptoms", required=False, widget=forms.CheckboxSelectMultiple, help_text=HEALTH_HELP
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["symptoms"].choices = list(Symptom.objects.values_list("slug", "name"))  # type: ignore[attr-defined]


class AvatarForm(forms.Form):
    picture = forms.FileField(
        label="Picture",
        help_text="JPEG, PNG, WebP or GIF, up to 5 MB. Hearth keeps a square copy without the photo's hidden "
        "details (such as where it was taken).",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
