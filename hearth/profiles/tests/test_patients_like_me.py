"""Patients like me: Maya finds members who live with what she lives with, each with the reasons,
and never through a field they keep from her."""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.tests.factories import make_community
from hearth.conditions.models import Condition
from hearth.connections import actions as connections
from hearth.profiles import actions
from hearth.profiles.matching import NotDiscoverable, find_matches, in_sentence
from hearth.profiles.tests.like_me_people import (
    BREAST_CANCER,
    COMMUNITIES,
    EVERYONE,
    LUPUS,
    ONLY_ME,
    SJOGRENS,
    T1D,
    member,
    profile,
    symptoms,
)

pytestmark = pytest.mark.django_db


def handles(viewer: User, **filters: object) -> list[str]:
    return [match.member.handle for match in find_matches(viewer, **filters)]  # type: ignore[arg-type]


@pytest.fixture
def maya_found(maya: User) -> User:
    """Maya, newly diagnosed with breast cancer, on tamoxifen, findable."""
    return profile(maya, conditions=[(BREAST_CANCER, 2024)], treatments=["tamoxifen"], shows=ONLY_ME)


def test_maya_finds_a_member_of_her_community_with_breast_cancer(maya_found: User) -> None:
    june = member("june", conditions=[(BREAST_CANCER, 2024)], treatments=["tamoxifen"], shows=COMMUNITIES)
    make_community(june, "Breast cancer friends", members=[maya_found])

    [match] = find_matches(maya_found)

    assert match.member == june
    assert match.reasons == ("both living with breast cancer since about 2024", "both take tamoxifen")
    assert match.score > 0


def test_fields_kept_for_communities_do_not_count_without_a_shared_community(maya_found: User) -> None:
    member("june", conditions=[BREAST_CANCER], shows=COMMUNITIES)

    assert find_matches(maya_found) == []


def test_conditions_kept_to_oneself_never_match_nor_show(maya_found: User) -> None:
    secret = member(
        "secret",
        conditions=[BREAST_CANCER, LUPUS],
        treatments=["tamoxifen"],
        shows={"conditions": ONLY_ME, "treatments": EVERYONE, "role": EVERYONE},
    )
    make_community(secret, "Breast cancer friends", members=[maya_found])

    matches = find_matches(maya_found)

    assert all(match.member != secret for match in matches)
    assert not any("breast cancer" in reason or "lupus" in reason for m in matches for reason in m.reasons)


def test_opting_out_leaves_the_results_at_once(maya_found: User) -> None:
    june = member("june", conditions=[BREAST_CANCER])
    assert handles(maya_found) == ["june"]

    actions.do_set_discoverable(june, discoverable=False)

    assert handles(maya_found) == []


def test_blocked_either_way_never_appear(maya_found: User) -> None:
    june = member("june", conditions=[BREAST_CANCER])
    ann = member("ann", conditions=[BREAST_CANCER])
    assert sorted(handles(maya_found)) == ["ann", "june"]

    connections.do_block(maya_found, june)
    connections.do_block(ann, maya_found)

    assert handles(maya_found) == []


def test_members_who_left_and_the_viewer_never_appear(maya_found: User) -> None:
    gone = member("gone", conditions=[BREAST_CANCER])
    gone.is_active = False
    gone.save()

    assert handles(maya_found) == []


def test_only_discoverable_members_may_search(maya: User) -> None:
    profile(maya, conditions=[BREAST_CANCER], discoverable=False)
    member("june", conditions=[BREAST_CANCER])

    with pytest.raises(NotDiscoverable):
        find_matches(maya)
    with pytest.raises(NotDiscoverable):
        find_matches(UserFactory.create())  # no profile at all


def test_a_rarer_shared_condition_outranks_a_common_one(db: None) -> None:
    viewer = member("viewer", conditions=[LUPUS, SJOGRENS])
    for number in range(8):  # lupus is common here, Sjögren's is not
        member(f"lupus{number}", conditions=[LUPUS])
    member("rare", conditions=[SJOGRENS])

    ranked = find_matches(viewer)

    assert ranked[0].member.handle == "rare"
    assert ranked[0].reasons == ("both living with Sjögren's",)
    assert ranked[0].score > ranked[1].score


def test_sharing_more_ranks_higher(db: None) -> None:
    symptoms("fatigue", "joint pain")
    viewer = member(
        "viewer", conditions=[LUPUS], treatments=["hydroxychloroquine"], symptom_slugs=["fatigue", "joint-pain"]
    )
    member("plain", conditions=[LUPUS])
    member("closer", conditions=[LUPUS], symptom_slugs=["fatigue"])
    member("closest", conditions=[LUPUS], treatments=["hydroxychloroquine"], symptom_slugs=["fatigue", "joint-pain"])

    assert handles(viewer) == ["closest", "closer", "plain"]


def test_the_reasons_say_what_is_shared_in_plain_words(db: None) -> None:
    symptoms("fatigue", "joint pain")
    past = (dt.date(2019, 1, 1), dt.date(2021, 1, 1))
    viewer = member(
        "viewer",
        conditions=[(LUPUS, 2019), (T1D, 2001)],
        treatments=["hydroxychloroquine", ("prednisone", *past)],
        symptom_slugs=["fatigue", "joint-pain"],
        role="caregiver",
        age_range="35_44",
    )
    member(
        "other",
        conditions=[(LUPUS, 2020), (T1D, 1990)],
        treatments=["hydroxychloroquine", "prednisone"],
        symptom_slugs=["fatigue", "joint-pain"],
        role="caregiver",
        age_range="35_44",
    )

    [match] = find_matches(viewer)

    assert set(match.reasons) == {
        "both living with lupus since about 2020",
        "both living with type 1 diabetes",
        "both take hydroxychloroquine",
        "both have taken prednisone",
        "both have fatigue and joint pain",
        "both caregivers",
        "both 35–44",
    }


def test_filters_keep_only_what_the_viewer_may_see(db: None) -> None:
    viewer = member("viewer", conditions=[LUPUS, T1D], role="patient", country="GB", region="GB-ENG")
    member("lupus_carer", conditions=[LUPUS], role="caregiver", country="GB", region="GB-ENG")
    member(
        "hidden_carer",
        conditions=[LUPUS],
        role="caregiver",
        country="GB",
        region="GB-ENG",
        shows={"conditions": EVERYONE, "role": ONLY_ME, "place": ONLY_ME},
    )
    member("t1d_scot", conditions=[T1D], role="patient", country="GB", region="GB-SCT")

    lupus = Condition.objects.get(slug=LUPUS)
    assert sorted(handles(viewer, condition=lupus)) == ["hidden_carer", "lupus_carer"]
    assert handles(viewer, role="caregiver") == ["lupus_carer"]
    assert handles(viewer, region="GB-ENG") == ["lupus_carer"]
    assert sorted(handles(viewer, region="GB")) == ["lupus_carer", "t1d_scot"]
    assert handles(viewer, condition=Condition.objects.get(slug=BREAST_CANCER)) == []  # not one of hers


def test_pages_follow_each_other(db: None) -> None:
    viewer = member("viewer", conditions=[LUPUS])
    for number in range(5):
        member(f"m{number}", conditions=[LUPUS])

    first, second = handles(viewer, limit=3), handles(viewer, limit=3, offset=3)

    assert len(first) == 3
    assert len(second) == 2
    assert not set(first) & set(second)


@pytest.mark.parametrize(
    ("name", "in_a_sentence"),
    [("Lupus", "lupus"), ("Crohn's", "Crohn's"), ("HIV", "HIV"), ("Down syndrome", "Down syndrome"),
     ("Type 1 diabetes", "type 1 diabetes"), ("Von Willebrand", "von Willebrand")],
)  # fmt: skip
def test_names_read_well_inside_a_sentence(name: str, in_a_sentence: str) -> None:
    assert in_sentence(name) == in_a_sentence
