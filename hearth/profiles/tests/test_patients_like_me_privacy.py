"""A property of patients like me: no match, reason, score or filter ever rests on a field the
candidate keeps from the viewer. Hypothesis builds small worlds of members with every mix of
visibilities and relations; each match's reasons may name only what the viewer may see, and
giving a candidate's hidden fields the viewer's own values changes nothing at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.conditions.models import Symptom
from hearth.connections import actions as connections
from hearth.profiles import actions
from hearth.profiles.access import admits, relation_between
from hearth.profiles.matching import find_matches
from hearth.profiles.models import AgeRange, Profile, ProfileSymptom, ProfileTreatment, Visibility
from hearth.profiles.tests.like_me_people import BREAST_CANCER, LUPUS, T1D, profile, symptoms
from hearth.treatments.models import Treatment

pytestmark = pytest.mark.django_db

FIELDS = ("conditions", "treatments", "symptoms", "role", "age_range", "place")
CONDITIONS = [LUPUS, BREAST_CANCER, T1D]
TREATMENTS = ["hydroxychloroquine", "tamoxifen", "prednisone"]
SYMPTOMS = ["fatigue", "joint-pain"]

person = st.fixed_dictionaries(
    {
        "shows": st.fixed_dictionaries({f: st.sampled_from(list(Visibility.values)) for f in FIELDS}),
        "relation": st.sampled_from(["none", "community", "connection", "blocked"]),
        "conditions": st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=3, unique=True),
        "treatments": st.lists(st.sampled_from(TREATMENTS), max_size=2, unique=True),
        "symptoms": st.lists(st.sampled_from(SYMPTOMS), max_size=2, unique=True),
        "role": st.sampled_from(["patient", "caregiver"]),
        "age_range": st.sampled_from(["25_34", "35_44"]),
        "region": st.sampled_from(["GB-ENG", "GB-SCT"]),
    }
)
filters = st.fixed_dictionaries(
    {}, optional={"role": st.sampled_from(["patient", "caregiver"]), "region": st.sampled_from(["GB-ENG", "GB"])}
)


def _world(people: list[dict[str, Any]]) -> tuple[User, list[User]]:
    symptoms("fatigue", "joint pain")
    viewer = profile(
        UserFactory.create(handle="viewer"),
        conditions=CONDITIONS,
        treatments=TREATMENTS,
        symptom_slugs=SYMPTOMS,
        role="patient",
        age_range="35_44",
        country="GB",
        region="GB-ENG",
        shows=Visibility.ONLY_ME,
    )
    founder = UserFactory.create(handle="founder")
    community = make_community(founder, "Shared", members=[viewer])
    members = []
    for number, about in enumerate(people):
        member = UserFactory.create(handle=f"member{number}")
        profile(
            member,
            conditions=about["conditions"],
            treatments=about["treatments"],
            symptom_slugs=about["symptoms"],
            role=about["role"],
            age_range=about["age_range"],
            country="GB",
            region=about["region"],
            shows=about["shows"],
        )
        if about["relation"] == "community":
            community.memberships.create(user=member)
        elif about["relation"] == "connection":
            connections.do_request(member, viewer)
            connections.do_accept(viewer, member)
        elif about["relation"] == "blocked":
            connections.do_block(member, viewer)
        members.append(member)
    return viewer, members


def _check_reasons(viewer: User, found: list[Any], chosen: dict[str, str]) -> None:
    for match in found:
        candidate = match.member
        relation = relation_between(viewer, candidate)
        shown = Profile.objects.get(user=candidate)

        def sees(field: str, *, shown: Profile = shown, relation: Any = relation) -> bool:
            return admits(shown.visibility_of(field), relation)

        assert sees("conditions"), "a member was matched on conditions the viewer may not see"
        for reason in match.reasons:
            if " take " in reason or " taken " in reason:
                assert sees("treatments"), reason
            elif reason.startswith("both have "):
                assert sees("symptoms"), reason
            elif reason in {"both patients", "both caregivers"}:
                assert sees("role"), reason
            elif reason == f"both {AgeRange('35_44').label}":
                assert sees("age_range"), reason
            else:
                assert reason.startswith("both living with "), reason
        if "role" in chosen:
            assert sees("role")
        if "region" in chosen:
            assert sees("place")


def _reveal_hidden(viewer: User, members: list[User]) -> None:
    """Give every hidden field of every member the viewer's own values."""
    for member in members:
        shown = Profile.objects.get(user=member)
        relation = relation_between(viewer, member)
        hidden = {field for field in FIELDS if not admits(shown.visibility_of(field), relation)}
        if "conditions" in hidden:
            for slug in CONDITIONS:
                actions.do_add_condition(member, slug, 2020)
        if "treatments" in hidden:
            for slug in TREATMENTS:
                ProfileTreatment.objects.get_or_create(profile=shown, treatment=Treatment.objects.get(slug=slug))
        if "symptoms" in hidden:
            for slug in SYMPTOMS:
                ProfileSymptom.objects.get_or_create(profile=shown, symptom_id=_symptom_id(slug))
        if "role" in hidden:
            shown.role = "patient"
        if "age_range" in hidden:
            shown.age_range = "35_44"
        if "place" in hidden:
            shown.region = "GB-ENG"
        shown.save()


def _symptom_id(slug: str) -> int:
    return Symptom.objects.get(slug=slug).pk


def _outcome(found: list[Any]) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(match.member.handle, match.score, match.reasons) for match in found]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(person, min_size=1, max_size=4), chosen=filters)
def test_nothing_hidden_ever_counts(db: None, people: list[dict[str, Any]], chosen: dict[str, str]) -> None:
    with transaction.atomic():
        cache.clear()
        viewer, members = _world(people)
        found = find_matches(viewer, **chosen)  # type: ignore[arg-type]
        _check_reasons(viewer, found, chosen)

        _reveal_hidden(viewer, members)
        cache.clear()  # rarity too is counted afresh, and must not move either

        assert _outcome(find_matches(viewer, **chosen)) == _outcome(found)  # type: ignore[arg-type]
        transaction.set_rollback(True)
