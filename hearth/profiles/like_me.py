"""The "patients like me" page: a discoverable member's matches with the reasons for each, filtered
by one of their own conditions, a role or their own country or region, with a plain GET form."""

from __future__ import annotations

from typing import Any, cast

import pycountry
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hearth.accounts.access import member_of
from hearth.conditions.models import Condition
from hearth.lib.ratelimit import RateLimited
from hearth.profiles.matching import MAX_RESULTS, NotDiscoverable, search_matches
from hearth.profiles.models import Profile, ProfileCondition, ProfileRole
from hearth.web.errors import too_many_requests

PER_PAGE = 20


class MatchFilters(forms.Form):
    """Choices drawn from the viewer's own profile: their conditions, their country and region."""

    condition = forms.ChoiceField(label="Condition", required=False)
    role = forms.ChoiceField(label="Role", required=False, choices=[("", "Any role"), *ProfileRole.choices])
    region = forms.ChoiceField(label="Where", required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_RESULTS // PER_PAGE, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, conditions: list[Condition], profile: Profile) -> None:
        super().__init__(data)
        self.conditions = {condition.slug: condition for condition in conditions}
        cast("forms.ChoiceField", self.fields["condition"]).choices = [("", "Any of my conditions")] + [
            (condition.slug, condition.lay_name) for condition in conditions
        ]
        places = [("", "Anywhere")]
        if profile.country:
            country = pycountry.countries.get(alpha_2=profile.country)
            places.append((profile.country, f"In my country ({country.name if country else profile.country})"))
        if profile.region:
            region = pycountry.subdivisions.get(code=profile.region)  # type: ignore[no-untyped-call]
            places.append((profile.region, f"In my region ({region.name if region else profile.region})"))
        cast("forms.ChoiceField", self.fields["region"]).choices = places

    def filters(self) -> dict[str, Any]:
        """The valid filters; a doctored value is left out rather than refused."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "condition": self.conditions.get(data.get("condition") or ""),
            "role": data.get("role") or None,
            "region": data.get("region") or None,
        }

    @property
    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_valid() else None) or 1


@login_required
@require_GET
def patients_like_me(request: HttpRequest) -> HttpResponse:
    """Reciprocal: a member who does not let others find them is told how to opt in, and sees no one."""
    user = member_of(request)
    profile = Profile.objects.filter(user=user).first()
    if profile is None or not profile.discoverable:
        return render(request, "profiles/like_me.html", {"closed": True})
    own = ProfileCondition.objects.filter(profile_id=user.pk).values("condition_id")
    conditions = list(Condition.objects.filter(pk__in=own).order_by("lay_name"))
    form = MatchFilters(request.GET, conditions=conditions, profile=profile)
    filters = form.filters()
    page = form.page_number
    try:
        matches = search_matches(user, **filters, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE)
    except NotDiscoverable:  # opted out in another tab since the check above
        return render(request, "profiles/like_me.html", {"closed": True})
    except RateLimited as error:
        return too_many_requests(request, error)
    context = {
        "form": form,
        "matches": matches[:PER_PAGE],
        "has_conditions": bool(conditions),
        "page": page,
        "first_number": (page - 1) * PER_PAGE + 1,
        "next_page": page + 1 if len(matches) > PER_PAGE and page * PER_PAGE < MAX_RESULTS else None,
        "query": _query_without_page(request),
    }
    return render(request, "profiles/like_me.html", context)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
