"""The communities API: the directory, a community, joining and leaving, and the member list,
for every persona and every kind of community. Whoever may not see a community gets 404."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.actions import do_leave
from hearth.communities.models import Community, JoinRequest, Membership, Role
from hearth.communities.tests.factories import PersonaWorld, make_community, make_persona_world

pytestmark = pytest.mark.django_db

PERSONAS = ["outsider", "non_member", "member", "moderator", "founder", "site_admin"]
VISIBILITIES = ["public", "closed", "private"]
# Who may do what, written out by hand rather than computed by the code under test.
SEE = {"public": set(PERSONAS), "closed": set(PERSONAS), "private": {"member", "moderator", "founder", "site_admin"}}
READ = {
    "public": set(PERSONAS),
    "closed": {"member", "moderator", "founder", "site_admin"},
    "private": {"member", "moderator", "founder", "site_admin"},
}
MEMBERS = {"member", "moderator", "founder", "site_admin"}


_TOKENS = itertools.count()


def api_client(user: User | None = None) -> Client:
    """A client speaking to the API as `user`, with a personal access token; anonymous for None."""
    if user is None:
        return Client()
    token = do_create_access_token(user, f"tests {next(_TOKENS)}")
    return Client(headers={"Authorization": f"Bearer {token.secret}"})


@dataclass(frozen=True)
class World(PersonaWorld):
    def client(self, persona: str) -> Client:
        return api_client(self.people.get(persona))


def build_world(visibility: str) -> World:
    built = make_persona_world(visibility)
    return World(**{field: getattr(built, field) for field in PersonaWorld.__dataclass_fields__})


@pytest.fixture
def world(db: None, request: pytest.FixtureRequest) -> World:
    return build_world(request.param)


def assert_hidden(response: Any) -> None:
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


# --- The persona matrix -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_a_community_is_shown_only_to_who_may_see_it(persona: str, world: World) -> None:
    response = world.client(persona).get(f"/api/v1/communities/{world.community.slug}")

    if persona in SEE[world.visibility]:
        assert response.status_code == 200
        assert response.json()["slug"] == world.community.slug
    else:
        assert_hidden(response)
    assert "Reply-" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_the_member_list_is_only_for_members_and_site_admins(persona: str, world: World) -> None:
    response = world.client(persona).get(f"/api/v1/communities/{world.community.slug}/members")

    if persona in MEMBERS:
        assert response.status_code == 200
        assert {m["handle"] for m in response.json()["items"]} == {"tiffany", "ravi", "maya_r"}
    else:
        assert_hidden(response)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("world", VISIBILITIES, indirect=True)
def test_the_directory_lists_a_community_only_for_who_may_see_it(persona: str, world: World) -> None:
    response = world.client(persona).get("/api/v1/communities", {"q": "secretive"})

    listed = [item["slug"] for item in response.json()["items"]]
    assert response.status_code == 200
    if persona in SEE[world.visibility]:
        assert listed == [world.community.slug]
    else:
        assert listed == []
        assert response.json()["count"] == 0


# --- One community ----------------------------------------------------------------------------


@pytest.fixture
def lupus(tiffany: User, maya: User, ravi: User) -> Community:
    return make_community(
        tiffany,
        "Living with lupus",
        members=[maya],
        moderators=[ravi],
        description="For people with **lupus**.",
        rules="Be kind. <script>alert(1)</script>",
    )


def test_a_community_carries_its_page_url_counts_and_rendered_texts(lupus: Community) -> None:
    body = api_client().get("/api/v1/communities/living-with-lupus").json()

    assert body["url"] == "/c/living-with-lupus/"
    assert body["visibility"] == "public"
    assert body["member_count"] is None  # three members: too few to count
    assert body["description_html"].strip() == "<p>For people with <strong>lupus</strong>.</p>"
    assert "<script>" not in body["rules_html"]
    assert "&lt;script&gt;" in body["rules_html"]
    assert body["your_role"] is None


@pytest.mark.parametrize(
    ("who", "role"), [("tiffany", "founder"), ("ravi", "moderator"), ("maya_r", "member"), ("siteadmin", None)]
)
def test_a_community_tells_each_viewer_their_role(
    lupus: Community, site_admin: User, who: str, role: str | None
) -> None:
    viewer = User.objects.get(handle=who)

    body = api_client(viewer).get("/api/v1/communities/living-with-lupus").json()

    assert body["your_role"] == role


def test_the_browser_session_reads_a_community_too(maya_client: Client, lupus: Community) -> None:
    assert maya_client.get("/api/v1/communities/living-with-lupus").json()["your_role"] == "member"


def test_a_wrong_token_is_refused_even_where_anyone_may_read(client: Client, lupus: Community) -> None:
    response = client.get("/api/v1/communities/living-with-lupus", headers={"Authorization": "Bearer hth_wrong"})

    assert response.status_code == 401


def test_an_unknown_or_malformed_slug_gets_404(client: Client) -> None:
    assert_hidden(client.get("/api/v1/communities/no-such-place"))
    assert_hidden(client.get("/api/v1/communities/not%20a%20slug"))


def test_a_pending_community_is_seen_by_its_creator_only(settings: Any, maya: User, ravi: User) -> None:
    settings.COMMUNITIES_NEED_APPROVAL = True
    created = api_client(maya).post(
        "/api/v1/communities",
        {"name": "Newly diagnosed", "description": "Questions of the first weeks.", "visibility": "public"},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    assert api_client(maya).get("/api/v1/communities/newly-diagnosed").status_code == 200
    assert_hidden(api_client(ravi).get("/api/v1/communities/newly-diagnosed"))


def test_a_closed_community_shows_its_entry_questions_and_a_waiting_request(tiffany: User, maya: User) -> None:
    make_community(tiffany, "Caregivers", visibility="closed", entry_questions=["Who do you care for?"])
    maya_api = api_client(maya)
    maya_api.post("/api/v1/communities/caregivers/join", {"answers": ["My son"]}, content_type="application/json")

    body = maya_api.get("/api/v1/communities/caregivers").json()

    assert body["entry_questions"] == ["Who do you care for?"]
    assert body["join_requested"] is True
    assert body["your_role"] is None


def test_a_group_inside_a_private_community_must_be_private_too(tiffany: User, maya: User) -> None:
    """Otherwise the listed child would reveal that the private parent exists."""
    parent = make_community(tiffany, "Hidden parent", visibility="private")

    with pytest.raises(ValidationError, match="must be private too"):
        make_community(tiffany, "Open child", parent=parent)
    make_community(tiffany, "Hidden child", parent=parent, visibility="private")

    assert api_client(maya).get("/api/v1/communities/hidden-child").status_code == 404
    assert api_client(tiffany).get("/api/v1/communities/hidden-child").json()["parent"] == "hidden-parent"


# --- The directory ----------------------------------------------------------------------------


def test_the_directory_finds_a_community_by_a_condition_synonym(tiffany: User) -> None:
    from hearth.conditions.models import Condition

    sle = Condition.objects.get(slug="systemic-lupus-erythematosus")
    make_community(tiffany, "Butterfly friends", conditions=[sle])
    make_community(tiffany, "Type 1 together")

    found = api_client().get("/api/v1/communities", {"q": "SLE"}).json()
    by_condition = api_client().get("/api/v1/communities", {"condition": sle.slug}).json()

    assert [item["slug"] for item in found["items"]] == ["butterfly-friends"]
    assert found["items"][0]["conditions"] == [sle.slug]
    assert [item["slug"] for item in by_condition["items"]] == ["butterfly-friends"]


def test_the_directory_pages_with_limit_and_offset(tiffany: User) -> None:
    for name in ["Alpha group", "Beta group", "Gamma group"]:
        make_community(tiffany, name)

    page = api_client().get("/api/v1/communities", {"limit": 2, "offset": 1}).json()

    assert page["count"] == 3
    assert [item["name"] for item in page["items"]] == ["Beta group", "Gamma group"]


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"q": "x" * 101}, {"condition": "a b"}]
)
def test_bad_directory_parameters_get_422(params: dict[str, Any]) -> None:
    response = api_client().get("/api/v1/communities", params)

    assert response.status_code == 422
    assert "detail" in response.json()


def test_the_directory_takes_the_same_number_of_queries_however_many_communities(tiffany: User, maya: User) -> None:
    from hearth.conditions.models import Condition

    conditions = list(Condition.objects.all()[:2])
    make_community(tiffany, "First group", conditions=conditions)
    maya_api = api_client(maya)
    maya_api.get("/api/v1/me")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        maya_api.get("/api/v1/communities")
    for n in range(6):
        make_community(tiffany, f"Group number {n}", conditions=conditions, members=[maya])

    with CaptureQueriesContext(connection) as many:
        response = maya_api.get("/api/v1/communities")

    assert len(response.json()["items"]) == 7
    assert len(many) == len(few)


# --- Creating ---------------------------------------------------------------------------------


def test_maya_creates_a_community_and_is_its_founder(maya: User) -> None:
    response = api_client(maya).post(
        "/api/v1/communities",
        {
            "name": "Stage IV together",
            "description": "For people living with metastatic breast cancer.",
            "visibility": "closed",
            "conditions": ["breast-cancer"],
            "entry_questions": ["What brings you here?"],
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["url"] == "/c/stage-iv-together/"
    assert body["your_role"] == "founder"
    assert body["visibility"] == "closed"
    assert body["entry_questions"] == ["What brings you here?"]
    assert body["conditions"] == ["breast-cancer"]
    assert Membership.objects.get(community__slug="stage-iv-together", user=maya).role == Role.FOUNDER


def test_creating_needs_a_member(client: Client) -> None:
    response = client.post("/api/v1/communities", {"name": "Nope", "description": "x"}, content_type="application/json")

    assert response.status_code == 401
    assert not Community.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Lupus", "description": "x"},
        {"name": "Lupus", "description": "x", "visibility": "secret"},
        {"name": "Lupus", "description": "x", "visibility": "closed", "anonymous_posting": True},
        {"name": "Lupus", "description": "x", "visibility": "public", "entry_questions": ["Why?"]},
        {"name": "  L  ", "description": "x", "visibility": "public"},
        {"name": "Lupus", "description": "   ", "visibility": "public"},
        {"name": "Lupus", "description": "x" * 5001, "visibility": "public"},
        {"name": "Lupus", "description": "x", "visibility": "public", "surprise": 1},
        {"name": "Lupus", "description": "x", "visibility": "public", "conditions": ["not a slug"]},
        ["a list"],
    ],
)
def test_input_the_document_does_not_allow_gets_422_and_creates_nothing(maya: User, body: Any) -> None:
    response = api_client(maya).post("/api/v1/communities", body, content_type="application/json")

    assert response.status_code == 422
    assert "detail" in response.json()
    assert not Community.objects.exists()


def test_an_unknown_condition_gets_404_naming_it(maya: User) -> None:
    response = api_client(maya).post(
        "/api/v1/communities",
        {"name": "Lupus", "description": "x", "visibility": "public", "conditions": ["no-such-condition"]},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no condition “no-such-condition” in the catalogue."}
    assert not Community.objects.exists()


@pytest.mark.parametrize("parent", ["hidden-parent", "someone-elses", "no-such-place"])
def test_a_parent_one_does_not_found_gets_404(tiffany: User, maya: User, parent: str) -> None:
    make_community(tiffany, "Hidden parent", visibility="private")
    make_community(tiffany, "Someone elses", members=[maya])

    response = api_client(maya).post(
        "/api/v1/communities",
        {"name": "Lupus", "description": "x", "visibility": "public", "parent": parent},
        content_type="application/json",
    )

    assert_hidden(response)
    assert not Community.objects.filter(created_by=maya).exists()


def test_a_sub_community_cannot_be_a_parent(maya: User) -> None:
    top = make_community(maya, "Breast cancer")
    make_community(maya, "Stage IV", parent=top)

    response = api_client(maya).post(
        "/api/v1/communities",
        {"name": "Lobular", "description": "x", "visibility": "public", "parent": "stage-iv"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "Sub-communities go one level deep: choose a top-level community."}


def test_a_founder_adds_a_sub_community(maya: User) -> None:
    make_community(maya, "Breast cancer")

    response = api_client(maya).post(
        "/api/v1/communities",
        {"name": "Stage IV", "description": "x", "visibility": "public", "parent": "breast-cancer"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["parent"] == "breast-cancer"


def test_half_an_emoji_is_stored_as_a_replacement_character(maya: User) -> None:
    # JSON can carry a lone surrogate (a client cutting "\U0001f49c" in two); it cannot be stored.
    body = '{"name": "Lupus \\ud83d circle", "description": "x", "visibility": "public"}'

    response = api_client(maya).generic("POST", "/api/v1/communities", body, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["name"] == "Lupus \ufffd circle"


# --- Joining and leaving ----------------------------------------------------------------------


def test_sam_joins_a_public_community_at_once(tiffany: User) -> None:
    sam = UserFactory.create(handle="sam_cares")
    lupus = make_community(tiffany, "Living with lupus")

    response = api_client(sam).post("/api/v1/communities/living-with-lupus/join", content_type="application/json")

    assert response.status_code == 200
    assert response.json() == {"status": "joined", "url": "/c/living-with-lupus/"}
    assert Membership.objects.filter(community=lupus, user=sam).exists()


def test_joining_twice_gets_409(lupus: Community, maya: User) -> None:
    response = api_client(maya).post("/api/v1/communities/living-with-lupus/join", content_type="application/json")

    assert response.status_code == 409
    assert response.json() == {"detail": "You are already a member."}


def test_sam_asks_to_join_a_closed_group_with_his_answers(tiffany: User) -> None:
    sam = UserFactory.create(handle="sam_cares")
    group = make_community(tiffany, "Caregivers", visibility="closed", entry_questions=["Who do you care for?"])
    sam_api = api_client(sam)

    empty = sam_api.post("/api/v1/communities/caregivers/join", {"answers": [" "]}, content_type="application/json")
    too_long = sam_api.post(
        "/api/v1/communities/caregivers/join", {"answers": ["x" * 1001]}, content_type="application/json"
    )
    sent = sam_api.post("/api/v1/communities/caregivers/join", {"answers": ["My son"]}, content_type="application/json")
    again = sam_api.post(
        "/api/v1/communities/caregivers/join", {"answers": ["My son"]}, content_type="application/json"
    )

    # How many questions there are is the community's business, not the document's: 409, not 422.
    assert empty.status_code == 409
    assert empty.json() == {"detail": "Please answer every question; the moderators read them before approving."}
    assert too_long.status_code == 422
    assert sent.status_code == 202
    assert sent.json() == {"status": "requested", "url": "/c/caregivers/"}
    assert again.status_code == 409
    assert JoinRequest.objects.get(community=group, user=sam).answers == [
        {"question": "Who do you care for?", "answer": "My son"}
    ]
    assert not Membership.objects.filter(community=group, user=sam).exists()


def test_a_private_community_cannot_be_joined_or_even_found(tiffany: User, maya: User) -> None:
    make_community(tiffany, "Invitation only", visibility="private")

    assert_hidden(api_client(maya).post("/api/v1/communities/invitation-only/join", content_type="application/json"))
    assert not Membership.objects.filter(user=maya, community__slug="invitation-only").exists()


def test_a_site_admin_may_see_but_not_simply_join_a_private_community(tiffany: User, site_admin: User) -> None:
    make_community(tiffany, "Invitation only", visibility="private")

    response = api_client(site_admin).post("/api/v1/communities/invitation-only/join", content_type="application/json")

    assert response.status_code == 403
    assert response.json() == {"detail": "This community needs a request or an invitation to join."}


@pytest.mark.parametrize("action", ["join", "leave"])
def test_joining_and_leaving_need_a_member(client: Client, lupus: Community, action: str) -> None:
    assert (
        client.post(f"/api/v1/communities/living-with-lupus/{action}", content_type="application/json").status_code
        == 401
    )


def test_maya_leaves(lupus: Community, maya: User) -> None:
    response = api_client(maya).post("/api/v1/communities/living-with-lupus/leave", content_type="application/json")

    assert response.status_code == 204
    assert not Membership.objects.filter(community=lupus, user=maya).exists()


def test_leaving_a_community_one_is_not_in_gets_409(lupus: Community) -> None:
    sam = UserFactory.create(handle="sam_cares")

    response = api_client(sam).post("/api/v1/communities/living-with-lupus/leave", content_type="application/json")

    assert response.status_code == 409
    assert response.json() == {"detail": "You are not a member."}


def test_the_only_founder_cannot_leave(lupus: Community, tiffany: User) -> None:
    response = api_client(tiffany).post("/api/v1/communities/living-with-lupus/leave", content_type="application/json")

    assert response.status_code == 409
    assert Membership.objects.filter(community=lupus, user=tiffany).exists()


def test_leaving_a_private_community_one_is_not_in_gets_404(tiffany: User, maya: User) -> None:
    make_community(tiffany, "Invitation only", visibility="private")

    assert_hidden(api_client(maya).post("/api/v1/communities/invitation-only/leave", content_type="application/json"))


def test_someone_who_left_a_private_community_no_longer_finds_it(tiffany: User, maya: User) -> None:
    hidden = make_community(tiffany, "Invitation only", visibility="private", members=[maya])
    do_leave(maya, hidden)

    assert_hidden(api_client(maya).get("/api/v1/communities/invitation-only"))


# --- Members ----------------------------------------------------------------------------------


def test_the_member_list_puts_founders_and_moderators_first_and_shows_no_email(lupus: Community, maya: User) -> None:
    body = api_client(maya).get("/api/v1/communities/living-with-lupus/members").json()

    assert [(m["handle"], m["role"]) for m in body["items"]] == [
        ("tiffany", "founder"),
        ("ravi", "moderator"),
        ("maya_r", "member"),
    ]
    assert body["items"][0]["url"] == "/members/tiffany/"
    assert "example.org" not in str(body)
