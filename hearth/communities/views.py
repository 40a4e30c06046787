"""Community pages: the directory, a community's home, its settings, joining, requests, invites and members.

Each view starts with `community_for(user, slug, need)`, which fetches and authorises at once and
answers 404 to anyone who may not see what they asked for.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.chats.agenda import next_chat_by_community
from hearth.chats.views import community_chats_preview, viewer_zone
from hearth.communities import actions
from hearth.communities.access import Need, community_for, is_site_admin
from hearth.communities.forms import CommunityForm, CommunitySettingsForm, InviteForm
from hearth.communities.models import Community, Invite, JoinRequest, Membership, Role, Status, holding_words
from hearth.conditions.models import Condition
from hearth.conditions.search import search_conditions
from hearth.discussions.access import threads_in
from hearth.lib.page_cache import same_for_visitors
from hearth.search.terms import parse

THREADS_PER_PAGE = 30


@same_for_visitors
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100].strip()
    condition_slug = request.GET.get("condition", "")[:100]
    communities = Community.objects.visible_to(request.user).filter(parent__isnull=True)
    # A doctored ?condition= that is no slug (a NUL, say, which PostgreSQL cannot compare) is ignored.
    condition = Condition.objects.filter(slug=condition_slug).first() if slug_re.match(condition_slug) else None
    if condition is not None:
        communities = communities.filter(Q(conditions=condition) | Q(subcommunities__conditions=condition))
    if query:
        matching = [c.pk for c in search_conditions(query, limit=10)]
        communities = communities.filter(holding_words(parse(query)) | Q(conditions__in=matching))
    communities = communities.distinct().prefetch_related("conditions").order_by("-member_count", "name")
    visible_children = Community.objects.visible_to(request.user).filter(parent__isnull=False)
    children: dict[int, list[Community]] = {}
    for child in visible_children.only("slug", "name", "parent_id", "visibility", "member_count"):
        children.setdefault(child.parent_id or 0, []).append(child)
    page = Paginator(communities, 30).get_page(request.GET.get("page"))
    next_chats = next_chat_by_community(request.user, [c.pk for c in page.object_list], timezone.now())
    return render(
        request,
        "communities/directory.html",
        {
            "page": page,
            "query": query,
            "condition": condition,
            "children": children,
            "next_chats": next_chats,
            "zone": viewer_zone(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    founded = Community.objects.filter(
        parent__isnull=True, status=Status.ACTIVE, memberships__user=user, memberships__role=Role.FOUNDER
    )
    form = CommunityForm(request.POST or None, parents=founded)
    if request.method == "POST" and form.is_valid():
        data = actions.CommunityInput(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            visibility=form.cleaned_data["visibility"],
            rules=form.cleaned_data["rules"],
            conditions=list(form.cleaned_data["conditions"]),
            parent=form.cleaned_data["parent"],
            anonymous_posting=form.cleaned_data["anonymous_posting"],
            entry_questions=form.questions(),
        )
        try:
            community = actions.do_create_community(user, data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if community.status == Status.PENDING:
                messages.info(request, "Your community is waiting for a site administrator's approval.")
            else:
                messages.success(request, f"{community.name} is open. Welcome, founder.")
            return redirect(community)
    return render(request, "communities/create.html", {"form": form})


@same_for_visitors
@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_for(request.user, slug, Need.SEE)
    community = access.community
    context: dict[str, object] = {"access": access, "community": community}
    if access.can_read:
        threads = threads_in(access).select_related("author", "community")
        if request.GET.get("show") == "unanswered":
            threads = threads.filter(reply_count=0)
        context["page"] = Paginator(threads.order_by("-last_post_at"), THREADS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["show"] = request.GET.get("show", "")
        context["coming_chats"] = community_chats_preview(community)
        context["zone"] = viewer_zone(request)
    context["subcommunities"] = Community.objects.visible_to(request.user).filter(parent=community)
    context["moderators"] = (
        Membership.objects.filter(community=community, role__in=[Role.MODERATOR, Role.FOUNDER])
        .select_related("user")
        .order_by("role", "joined_at")
    )
    if request.user.is_authenticated:
        context["pending_request"] = JoinRequest.objects.filter(
            community=community, user=request.user, status="pending"
        ).exists()
    return render(request, "communities/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Founders (and site admins) change the name, description, rules, conditions and, where they
    apply, anonymous posting and entry questions. Visibility and the parent stay as they are."""
    user = member_of(request)
    access = community_for(user, slug, Need.MANAGE)
    community = access.community
    form = CommunitySettingsForm.for_community(community, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = actions.CommunityInput(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            visibility=community.visibility,
            rules=form.cleaned_data["rules"],
            conditions=list(form.cleaned_data["conditions"]),
            parent=community.parent,
            anonymous_posting=form.cleaned_data.get("anonymous_posting", False),
            entry_questions=form.questions(),
            wellbeing_checks=form.cleaned_data["wellbeing_checks"],
            hold_first_posts=form.cleaned_data["hold_first_posts"],
        )
        try:
            actions.do_update_community(user, community, data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The community's settings are saved.")
            return redirect(community)
    return render(request, "communities/settings.html", {"access": access, "community": community, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    user = member_of(request)
    access = community_for(user, slug, Need.SEE)
    community = access.community
    questions = list(community.entry_questions.all())
    error = None
    if request.method == "POST":
        try:
            if access.can_join_directly:
                actions.do_join(user, community)
                messages.success(request, f"You joined {community.name}. Welcome.")
                return redirect(community)
            answers = [request.POST.get(q.field_name, "") for q in questions]
            actions.do_request_to_join(user, community, answers)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Your request was sent. The moderators will decide soon; we will let you know.")
            return redirect(community)
    return render(
        request,
        "communities/join.html",
        {"access": access, "community": community, "questions": questions, "error": error, "answers": request.POST},
    )


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    user = member_of(request)
    access = community_for(user, slug, Need.SEE)
    try:
        actions.do_leave(user, access.community)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(access.community)
    messages.success(request, f"You left {access.community.name}.")
    return redirect("community_directory") if not access.community.is_public else redirect(access.community)


@require_GET
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Who belongs to a community is itself private: only its members (and site admins) see it."""
    access = community_for(request.user, slug, Need.SEE)
    if not access.can_see_members_only:
        raise Http404
    memberships = access.community.memberships.select_related("user").order_by("-role", "user__handle")
    page = Paginator(memberships, 100).get_page(request.GET.get("page"))
    return render(request, "communities/members.html", {"access": access, "community": access.community, "page": page})


@login_required
@require_GET
def requests_queue(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_for(member_of(request), slug, Need.MODERATE)
    pending = actions.pending_requests(access.community)
    return render(
        request, "communities/requests.html", {"access": access, "community": access.community, "requests": pending}
    )


@login_required
@require_POST
def decide_request(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    user = member_of(request)
    access = community_for(user, slug, Need.MODERATE)
    join_request = get_object_or_404(JoinRequest, pk=request_id, community=access.community)
    approve = request.POST.get("decision") == "approve"
    try:
        actions.do_decide_request(user, join_request, approve=approve)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        verb = "approved" if approve else "declined"
        messages.success(request, f"You {verb} {join_request.user.handle}'s request.")
    return redirect("community_requests", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def invites(request: HttpRequest, slug: str) -> HttpResponse:
    user = member_of(request)
    access = community_for(user, slug, Need.MODERATE)
    form = InviteForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.do_create_invite(user, access.community, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            link = request.build_absolute_uri(reverse("invite_accept", args=[created.secret]))
            form = InviteForm()
    live = access.community.invites.filter(revoked_at__isnull=True).order_by("-created_at")
    response = render(
        request,
        "communities/invites.html",
        {"access": access, "community": access.community, "form": form, "link": link, "invites": live},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_invite(request: HttpRequest, slug: str, invite_id: int) -> HttpResponse:
    user = member_of(request)
    access = community_for(user, slug, Need.MODERATE)
    invite = get_object_or_404(Invite, pk=invite_id, community=access.community)
    actions.do_revoke_invite(user, invite)
    messages.success(request, "The invitation is withdrawn; its link no longer works.")
    return redirect("community_invites", slug=slug)


@require_http_methods(["GET", "POST"])
def accept_invite(request: HttpRequest, secret: str) -> HttpResponse:
    invite = actions.invite_for_secret(secret)
    if invite is None:
        return render(request, "communities/invite_invalid.html", status=404)
    community = invite.community
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            actions.do_accept_invite(member_of(request), secret)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"You joined {community.name}. Welcome.")
            return redirect(community)
    return render(request, "communities/invite_accept.html", {"community": community, "invite": invite})


@login_required
@require_POST
def member_action(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    user = member_of(request)
    access = community_for(user, slug, Need.MODERATE)
    member = get_object_or_404(User.objects.named(handle), memberships__community=access.community)
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            # A removal is a measure: it stands (no rejoining), the member is told why and may appeal.
            from hearth.moderation.actions.measures import do_remove

            do_remove(user, access.community, member, request.POST.get("reason", ""))
            messages.success(request, f"{member.handle} is no longer a member.")
        elif action in {"member", "moderator", "founder"}:
            actions.do_set_role(user, access.community, member, action)
            messages.success(request, f"{member.handle} is now a {action}.")
        else:
            messages.error(request, "Choose what to do.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("community_members", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def pending_communities(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    if not is_site_admin(user):
        raise Http404
    if request.method == "POST":
        chosen = request.POST.get("community", "")
        community = get_object_or_404(Community, pk=int(chosen) if chosen.isdecimal() else 0)
        try:
            actions.do_decide_community(user, community, approve=request.POST.get("decision") == "approve")
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        return redirect("communities_pending")
    pending = Community.objects.filter(status=Status.PENDING).select_related("created_by")
    return render(request, "communities/pending.html", {"pending": pending})
