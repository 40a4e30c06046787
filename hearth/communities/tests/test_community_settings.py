"""The settings page: Tiffany, a founder, changes her community's name, description, rules,
conditions, anonymous posting and entry questions; Ravi (a moderator), Maya (a member) and
outsiders cannot reach it."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.models import Community, Membership, Role
from hearth.communities.tests.factories import make_community

pytestmark = pytest.mark.django_db

LUPUS = "systemic-lupus-erythematosus"


@pytest.fixture
def lupus(tiffany: User, maya: User, ravi: User) -> Community:
    return make_community(
        tiffany,
        "Living with lupus",
        description="Support for lupus.",
        rules="Be kind.",
        members=[maya],
        moderators=[ravi],
    )


@pytest.fixture
def tiffany_client(tiffany: User) -> Client:
    client = Client()
    client.force_login(tiffany)
    return client


def _settings(community: Community, **changes: object) -> dict[str, object]:
    """What the form posts when nothing is changed, with `changes` on top."""
    data: dict[str, object] = {
        "name": community.name,
        "description": community.description,
        "rules": community.rules,
        "conditions": [c.slug for c in community.conditions.all()],
    }
    if community.anonymous_posting:
        data["anonymous_posting"] = "on"
    data.update(changes)
    return data


def test_tiffany_finds_the_settings_from_her_community_page_filled_in(tiffany_client: Client, lupus: Community) -> None:
    home = tiffany_client.get(lupus.get_absolute_url()).content.decode()
    page = tiffany_client.get(f"/c/{lupus.slug}/settings/")

    assert f'href="/c/{lupus.slug}/settings/"' in home
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="Living with lupus"' in body
    assert "Support for lupus.</textarea>" in body
    assert "Be kind.</textarea>" in body
    assert 'name="anonymous_posting"' in body
    assert 'name="entry_questions"' not in body  # a public community has no entry questions


def test_tiffany_changes_the_settings_and_the_community_page_shows_them(
    tiffany_client: Client, lupus: Community
) -> None:
    response = tiffany_client.post(
        f"/c/{lupus.slug}/settings/",
        _settings(
            lupus,
            name="Lupus together",
            description="For people with **lupus**.",
            rules="1. Be kind.\n2. Share experiences, not prescriptions.",
            conditions=[LUPUS],
            anonymous_posting="on",
        ),
        follow=True,
    )

    lupus.refresh_from_db()
    assert response.redirect_chain == [(f"/c/{lupus.slug}/", 302)]
    assert "settings are saved" in response.content.decode()
    assert lupus.slug == "living-with-lupus"  # links already shared keep working
    assert lupus.name == "Lupus together"
    assert lupus.description_html == "<p>For people with <strong>lupus</strong>.</p>\n"
    assert "Share experiences, not prescriptions." in lupus.rules_html
    assert list(lupus.conditions.values_list("slug", flat=True)) == [LUPUS]
    assert lupus.anonymous_posting is True


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"name": "Lu"}, "at least 3 characters"),
        ({"name": "L" * 101}, "at most 100 characters"),
        ({"name": "   "}, "This field is required."),
        ({"description": ""}, "This field is required."),
        ({"rules": "r" * 10001}, "at most 10000 characters"),
        ({"conditions": ["no-such-condition"]}, "Select a valid choice."),
    ],
)
def test_bad_input_is_explained_and_nothing_typed_is_lost(
    tiffany_client: Client, lupus: Community, changes: dict[str, object], error: str
) -> None:
    typed = _settings(lupus, **{"rules": "My new rules, typed with care.", **changes})

    response = tiffany_client.post(f"/c/{lupus.slug}/settings/", typed)

    body = response.content.decode()
    assert response.status_code == 200
    assert error in body
    assert 'class="errors"' in body  # tied to its field, not only at the top
    if "rules" not in changes:
        assert "My new rules, typed with care.</textarea>" in body
    lupus.refresh_from_db()
    assert (lupus.name, lupus.rules) == ("Living with lupus", "Be kind.")


def test_a_closed_community_edits_its_entry_questions_and_the_limits_are_explained(
    tiffany_client: Client, tiffany: User
) -> None:
    group = make_community(
        tiffany, "Rare disease caregivers", visibility="closed", entry_questions=["Who do you care for?"]
    )
    page = tiffany_client.get(f"/c/{group.slug}/settings/").content.decode()

    too_many = "\n".join(f"Question {n}?" for n in range(6))
    refused = tiffany_client.post(f"/c/{group.slug}/settings/", _settings(group, entry_questions=too_many))
    saved = tiffany_client.post(
        f"/c/{group.slug}/settings/", _settings(group, entry_questions="How old is your child?\n\nWho referred you?")
    )

    assert "Who do you care for?</textarea>" in page
    assert 'name="anonymous_posting"' not in page  # anonymous posting is for public communities only
    assert refused.status_code == 200
    assert "Ask at most 5 entry questions" in refused.content.decode()
    assert "Question 5?</textarea>" in refused.content.decode()
    assert saved.status_code == 302
    assert list(group.entry_questions.values_list("text", flat=True)) == ["How old is your child?", "Who referred you?"]


def test_the_visibility_cannot_be_changed_from_this_page(tiffany_client: Client, tiffany: User) -> None:
    circle = make_community(tiffany, "Our circle", visibility="private")

    page = tiffany_client.get(f"/c/{circle.slug}/settings/").content.decode()
    response = tiffany_client.post(
        f"/c/{circle.slug}/settings/", _settings(circle, visibility="public", anonymous_posting="on")
    )

    assert 'name="visibility"' not in page
    assert 'name="entry_questions"' not in page
    assert response.status_code == 302
    circle.refresh_from_db()
    assert (circle.visibility, circle.anonymous_posting) == ("private", False)


def test_a_founder_of_a_group_inside_someone_elses_community_can_change_its_settings(tiffany: User, maya: User) -> None:
    breast_cancer = make_community(tiffany, "Breast cancer")
    stage_four = make_community(tiffany, "Stage IV", parent=breast_cancer, members=[maya])
    Membership.objects.filter(community=stage_four, user=maya).update(role=Role.FOUNDER)
    client = Client()
    client.force_login(maya)

    response = client.post(f"/c/{stage_four.slug}/settings/", _settings(stage_four, rules="Gentle words only."))

    assert response.status_code == 302
    stage_four.refresh_from_db()
    assert stage_four.rules == "Gentle words only."
    assert stage_four.parent == breast_cancer


def test_a_site_admin_can_change_the_settings(client: Client, site_admin: User, lupus: Community) -> None:
    client.force_login(site_admin)

    response = client.post(f"/c/{lupus.slug}/settings/", _settings(lupus, name="Lupus (moved)"))

    assert response.status_code == 302
    lupus.refresh_from_db()
    assert lupus.name == "Lupus (moved)"


@pytest.mark.parametrize("person", ["ravi", "maya"])
def test_a_moderator_or_member_gets_not_found_and_no_link(
    request: pytest.FixtureRequest, lupus: Community, person: str
) -> None:
    client = Client()
    client.force_login(request.getfixturevalue(person))

    home = client.get(lupus.get_absolute_url()).content.decode()
    page = client.get(f"/c/{lupus.slug}/settings/")
    post = client.post(f"/c/{lupus.slug}/settings/", _settings(lupus, name="Taken over"))

    assert f"/c/{lupus.slug}/settings/" not in home
    assert page.status_code == post.status_code == 404
    lupus.refresh_from_db()
    assert lupus.name == "Living with lupus"


@pytest.mark.parametrize("visibility", ["public", "closed", "private"])
def test_an_outsider_gets_not_found_or_the_login_page(client: Client, tiffany: User, visibility: str) -> None:
    community = make_community(tiffany, "Secretive circle", visibility=visibility)
    sam = UserFactory.create(handle="sam_cares")

    anonymous = client.get(f"/c/{community.slug}/settings/")
    client.force_login(sam)
    logged_in = client.get(f"/c/{community.slug}/settings/")
    posted = client.post(f"/c/{community.slug}/settings/", _settings(community, name="Taken over"))
    missing = client.get("/c/no-such-community/settings/")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert logged_in.status_code == posted.status_code == missing.status_code == 404
    assert "Secretive" not in logged_in.content.decode()
    community.refresh_from_db()
    assert community.name == "Secretive circle"


def test_member_html_in_the_settings_is_stored_inert(tiffany_client: Client, lupus: Community) -> None:
    tiffany_client.post(
        f"/c/{lupus.slug}/settings/",
        _settings(lupus, description="<script>alert(1)</script> [x](javascript:alert(1))"),
    )

    lupus.refresh_from_db()
    assert "<script" not in lupus.description_html
    assert "href" not in lupus.description_html


def test_starting_a_community_asks_the_same_questions_plus_visibility_and_parent(
    tiffany_client: Client, tiffany: User
) -> None:
    """The start form is the settings form with the two choices made only once."""
    page = tiffany_client.get("/communities/new/").content.decode()
    response = tiffany_client.post(
        "/communities/new/",
        {
            "name": "Caregivers",
            "description": "For parents.",
            "visibility": "closed",
            "entry_questions": "Who do you care for?",
        },
    )

    fields = [
        "name",
        "description",
        "visibility",
        "conditions",
        "parent",
        "rules",
        "anonymous_posting",
        "entry_questions",
    ]
    positions = [page.index(f'name="{field}"') for field in fields]
    assert positions == sorted(positions)
    assert response.status_code == 302
    group = Community.objects.get(slug="caregivers")
    assert group.visibility == "closed"
    assert list(group.entry_questions.values_list("text", flat=True)) == ["Who do you care for?"]
