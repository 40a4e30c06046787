"""API for communities: the directory, creating, joining and leaving, and the member list.

Every lookup goes through `communities/access.py`; who may not see a community gets 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, cast

from django.db.models import Case, CharField, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404, HttpRequest
from ninja import Body, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from hearth.accounts.access import member_of
from hearth.api.auth import OPEN_TO_ANYONE, viewer_of
from hearth.api.errors import refused_as
from hearth.api.schemas import (
    ANY_TEXT,
    CONFLICT,
    INVALID,
    NOT_BLANK,
    NOT_FOUND,
    NOT_SPACE,
    READ_ERRORS,
    SAYS_SOMETHING,
    SPACE,
    STORABLE,
    UNAUTHORISED,
    WRITE_ERRORS,
    Input,
    PageQuery,
    Slug,
    explained,
    storable,
)
from hearth.communities import actions
from hearth.communities.access import Need, community_for
from hearth.communities.models import (
    Community,
    JoinRequest,
    Membership,
    RequestStatus,
    Role,
    Visibility,
    holding_words,
)
from hearth.communities.models import Status as CommunityStatus
from hearth.conditions.models import Condition
from hearth.conditions.search import search_conditions
from hearth.lib.markdown import safe_html
from hearth.privacy.figures import shown
from hearth.search.terms import parse

router = Router(tags=["communities"])


# --- What goes out ----------------------------------------------------------------------------


class CommunityItem(Schema):
    """A community as the directory lists it."""

    slug: str
    name: str
    description_html: str
    visibility: Visibility
    parent: str | None = Field(description="The slug of the community this one is inside, if the viewer may see it.")
    conditions: list[str] = Field(description="Slugs of the conditions it is about.")
    member_count: int | None = Field(description="null when fewer than 10: no figure about a group rests on fewer.")
    thread_count: int
    last_activity_at: dt.datetime
    your_role: Role | None = Field(description="The viewer's role in it; null when not a member.")
    url: str

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        return cast("str | None", obj.visible_parent)

    @staticmethod
    def resolve_description_html(obj: Community) -> str:
        return str(safe_html(obj.description_html))  # cleaned again on the way out, as pages do

    @staticmethod
    def resolve_conditions(obj: Community) -> list[str]:
        return [condition.slug for condition in obj.conditions.all()]

    @staticmethod
    def resolve_member_count(obj: Community) -> int | None:
        return shown(obj.member_count)

    @staticmethod
    def resolve_url(obj: Community) -> str:
        return obj.get_absolute_url()


class CommunityOut(CommunityItem):
    """A community in full: what a viewer who may see it learns about it."""

    description: str = Field(description="The description as written, in Markdown.")
    rules_html: str
    entry_questions: list[str] = Field(description="What a closed community asks people who request to join.")
    anonymous_posting: bool
    post_count: int
    status: CommunityStatus
    created_at: dt.datetime
    join_requested: bool = Field(description="The viewer's request to join is waiting for the moderators.")

    @staticmethod
    def resolve_rules_html(obj: Community) -> str:
        return str(safe_html(obj.rules_html))

    @staticmethod
    def resolve_entry_questions(obj: Community) -> list[str]:
        return [question.text for question in obj.entry_questions.all()]


class CommunityPage(Schema):
    count: int
    items: list[CommunityItem]


class MemberOut(Schema):
    handle: str
    display_name: str
    role: Role
    joined_at: dt.datetime
    url: str

    @staticmethod
    def resolve_handle(obj: Membership) -> str:
        return obj.user.handle

    @staticmethod
    def resolve_display_name(obj: Membership) -> str:
        return obj.user.display_name

    @staticmethod
    def resolve_url(obj: Membership) -> str:
        return obj.user.get_absolute_url()


class MemberPage(Schema):
    count: int
    items: list[MemberOut]


class JoinOut(Schema):
    status: Literal["joined", "requested"]
    url: str = Field(description="The community's page.")


def _for_viewer(communities: QuerySet[Community], user: Any) -> QuerySet[Community]:
    """Annotate what depends on the viewer in one query: their role, and the parent's slug
    only when they may know the parent exists."""
    parent = Community.objects.visible_to(user).filter(pk=OuterRef("parent_id")).values("slug")[:1]
    communities = communities.annotate(visible_parent=Subquery(parent)).prefetch_related("conditions")
    if not getattr(user, "is_authenticated", False):
        return communities.annotate(your_role=Value(None, output_field=CharField()), join_requested=Value(value=False))
    role = Membership.objects.filter(community=OuterRef("pk"), user=user).values("role")[:1]
    requested = JoinRequest.objects.filter(community=OuterRef("pk"), user=user, status=RequestStatus.PENDING)
    return communities.annotate(your_role=Subquery(role), join_requested=Exists(requested))


def _detail(user: Any, community: Community) -> Community:
    return _for_viewer(Community.objects.filter(pk=community.pk), user).prefetch_related("entry_questions").get()


# --- What comes in ----------------------------------------------------------------------------


class DirectoryQuery(PageQuery):
    # Empty rather than optional: a query parameter is always a string, and the document says so.
    q: Annotated[
        str,
        Field(pattern=ANY_TEXT, max_length=100, description="Words in the name or description, or a condition's name."),
        STORABLE,
    ] = ""
    condition: str = Field(
        "", pattern=r"^[-a-zA-Z0-9_]*$", max_length=100, description="Only communities about this condition (its slug)."
    )


_THREE_LETTERS = f"{NOT_SPACE}[{SPACE}]*{NOT_SPACE}[{SPACE}]*{NOT_SPACE}"


class _NewCommunity(Input):
    # Three characters or more besides spaces, so that the action's own count never refuses it.
    name: Annotated[
        str,
        Field(min_length=3, max_length=100, pattern=storable(_THREE_LETTERS)),
        explained("A name has at least three characters besides spaces."),
    ]
    description: Annotated[str, Field(pattern=SAYS_SOMETHING, max_length=5000, description="Markdown."), NOT_BLANK]
    rules: Annotated[
        str, Field(pattern=ANY_TEXT, max_length=10000, description="Markdown: the code of conduct."), STORABLE
    ] = ""
    conditions: list[Slug] = Field(default_factory=list, max_length=20, description="Slugs of its conditions.")
    parent: Slug | None = Field(None, description="The slug of a top-level community you found, to be inside it.")


class NewPublicCommunity(_NewCommunity):
    """Anyone can read it; members post."""

    visibility: Literal[Visibility.PUBLIC]
    anonymous_posting: bool = Field(default=False, description="Members may post as an anonymous member.")


class NewClosedCommunity(_NewCommunity):
    """Listed, but only members read; joining needs the moderators' approval."""

    visibility: Literal[Visibility.CLOSED]
    entry_questions: list[Annotated[str, Field(pattern=ANY_TEXT, max_length=300), STORABLE]] = Field(
        default_factory=list, max_length=actions.MAX_ENTRY_QUESTIONS, description="Asked of who wants to join."
    )


class NewPrivateCommunity(_NewCommunity):
    """Unlisted; by invitation only."""

    visibility: Literal[Visibility.PRIVATE]


NewCommunity = Annotated[
    NewPublicCommunity | NewClosedCommunity | NewPrivateCommunity, Field(discriminator="visibility")
]


class JoinInput(Input):
    answers: list[Annotated[str, Field(pattern=ANY_TEXT, max_length=actions.MAX_ANSWER_CHARS), STORABLE]] = Field(
        default_factory=list,
        max_length=actions.MAX_ENTRY_QUESTIONS,
        description="For a closed community: one answer per entry question, in order.",
    )


# --- Endpoints --------------------------------------------------------------------------------


@router.get(
    "/communities",
    response={200: CommunityPage, **UNAUTHORISED, **INVALID},
    **OPEN_TO_ANYONE,
    summary="The directory of communities",
)
def list_communities(request: HttpRequest, filters: Query[DirectoryQuery]) -> dict[str, Any]:
    user = viewer_of(request)
    communities = Community.objects.visible_to(user)
    if filters.q:
        about = search_conditions(filters.q, limit=20)
        on_condition = Community.conditions.through.objects.filter(condition__in=about).values("community_id")
        communities = communities.filter(holding_words(parse(filters.q)) | Q(pk__in=on_condition))
    if filters.condition:
        with_condition = Community.conditions.through.objects.filter(condition__slug=filters.condition)
        communities = communities.filter(pk__in=with_condition.values("community_id"))
    page = _for_viewer(communities, user)[filters.offset : filters.offset + filters.limit]
    return {"count": communities.count(), "items": list(page)}


@router.post(
    "/communities",
    response={201: CommunityOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Create a community, with you as its founder",
    description=(
        "It opens at once, or waits for a site administrator where the site asks for that "
        "(`status`: `pending`). 404 for a condition not in the catalogue or a parent community "
        "you do not found; 409 when the parent is itself inside another community."
    ),
)
def create_community(request: HttpRequest, data: Body[NewCommunity]) -> Status[Community]:
    user = member_of(request)
    conditions = list(Condition.objects.filter(slug__in=data.conditions))
    missing = sorted(set(data.conditions) - {condition.slug for condition in conditions})
    if missing:
        raise HttpError(404, f"There is no condition “{missing[0]}” in the catalogue.")
    parent = community_for(user, data.parent, Need.MANAGE).community if data.parent is not None else None
    with refused_as({}, otherwise=409):
        community = actions.do_create_community(
            user,
            actions.CommunityInput(
                name=data.name,
                description=data.description,
                visibility=data.visibility,
                rules=data.rules,
                conditions=conditions,
                parent=parent,
                anonymous_posting=isinstance(data, NewPublicCommunity) and data.anonymous_posting,
                entry_questions=data.entry_questions if isinstance(data, NewClosedCommunity) else (),
            ),
        )
    return Status(201, _detail(user, community))


@router.get(
    "/communities/{slug}",
    response={200: CommunityOut, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="A community",
    description="404 for a community the viewer may not know of (private ones they are not in, pending ones).",
)
def get_community(request: HttpRequest, slug: str) -> Community:
    user = viewer_of(request)
    return _detail(user, community_for(user, slug).community)


@router.post(
    "/communities/{slug}/join",
    response={200: JoinOut, 202: JoinOut, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Join a public community, or ask to join a closed one",
    description=(
        "A public community is joined at once (200, `joined`). A closed one takes a request with "
        "an answer to each entry question, which its moderators decide (202, `requested`). "
        "409 when already a member, already waiting, or when the answers leave a question "
        "unanswered; 403 when the community cannot be joined this way (a private one needs an "
        "invitation); 404 for one the member may not know of."
    ),
)
def join_community(request: HttpRequest, slug: str, data: Body[JoinInput | None] = None) -> Status[JoinOut]:
    user = member_of(request)
    access = community_for(user, slug)
    community = access.community
    # The answers are checked against the community's questions, which the document cannot know.
    with refused_as({"closed": 403, "not_closed": 403}, otherwise=409):
        if community.visibility == Visibility.CLOSED and not access.is_member:
            actions.do_request_to_join(user, community, data.answers if data else [])
            return Status(202, JoinOut(status="requested", url=community.get_absolute_url()))
        actions.do_join(user, community)
    return Status(200, JoinOut(status="joined", url=community.get_absolute_url()))


@router.post(
    "/communities/{slug}/leave",
    response={204: None, **WRITE_ERRORS, **NOT_FOUND, **CONFLICT},
    summary="Leave a community",
    description="409 when not a member, or for the only founder, who must name another first.",
)
def leave_community(request: HttpRequest, slug: str) -> Status[None]:
    user = member_of(request)
    access = community_for(user, slug)
    with refused_as({}, otherwise=409):
        actions.do_leave(user, access.community)
    return Status(204, None)


_ROLE_ORDER = Case(
    When(role=Role.FOUNDER, then=Value(0)),
    When(role=Role.MODERATOR, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@router.get(
    "/communities/{slug}/members",
    response={200: MemberPage, **READ_ERRORS},
    **OPEN_TO_ANYONE,
    summary="Who belongs to a community",
    description=(
        "Founders first, then moderators, then members by when they joined. Belonging to a "
        "health community says something about a person's health, so only its members and site "
        "administrators may see the list: everyone else gets 404, for public communities too."
    ),
)
def list_members(request: HttpRequest, slug: str, page: Query[PageQuery]) -> dict[str, Any]:
    user = viewer_of(request)
    access = community_for(user, slug)
    if not access.can_see_members_only:
        raise Http404
    members = (
        Membership.objects.filter(community=access.community, user__is_active=True)
        .select_related("user")
        .order_by(_ROLE_ORDER, "joined_at", "pk")
    )
    return {"count": members.count(), "items": list(members[page.offset : page.offset + page.limit])}
