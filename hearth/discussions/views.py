"""Thread pages, writing, editing and deleting posts, reactions, tag pages and the home feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.communities.access import CommunityAccess, Need, community_for
from hearth.communities.models import Community, Membership, Visibility
from hearth.discussions import actions
from hearth.discussions.access import post_for, posts_in, thread_for
from hearth.discussions.display import post_displays
from hearth.discussions.forms import EditForm, PostForm, ThreadForm
from hearth.discussions.models import Post, Reaction, ReactionKind, Thread, hidden_post_ids
from hearth.lib.http import HtmxHttpRequest, row_id
from hearth.lib.markdown import render as render_markdown
from hearth.lib.markdown import tag_from
from hearth.lib.page_cache import same_for_visitors
from hearth.lib.ratelimit import RateLimited
from hearth.moderation import safeguards
from hearth.moderation.views.threads import thread_moderation
from hearth.notifications.models import Level, Subscription
from hearth.safety.actions import do_notice_crisis, show_panel
from hearth.safety.models import CheckedContent
from hearth.web.errors import too_many_requests
from hearth.wellbeing.breaks import current_break, welcome_back
from hearth.wellbeing.muting import muting_of

POSTS_PER_PAGE = 50


def _post_form_options(access: CommunityAccess) -> dict[str, bool]:
    return {
        "allow_members_only": access.community.visibility == Visibility.PUBLIC,
        "allow_anonymous": access.community.anonymous_posting,
    }


def _post_input(form: PostForm) -> actions.PostInput:
    return actions.PostInput(
        source=form.cleaned_data["body"],
        content_warning=form.cleaned_data.get("content_warning", ""),
        members_only=form.cleaned_data.get("members_only", False),
        anonymous=form.cleaned_data.get("anonymous", False),
        submission_token=form.cleaned_data.get("submission", ""),
    )


def _notice_crisis(request: HttpRequest, user: User, community: Community, post_id: int, text: str) -> None:
    """The post went through; if it speaks of a crisis, its author sees the private panel next."""
    crisis = do_notice_crisis(user, text, what=CheckedContent.POST, object_id=post_id, community=community)
    show_panel(request, crisis)


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest, slug: str) -> HttpResponse:
    user = member_of(request)
    access = community_for(user, slug, Need.SEE)
    if not access.can_post:
        why = access.cannot_post_because if access.is_paused else "Join the community to start a thread."
        messages.info(request, why)
        return redirect(access.community)
    form = ThreadForm(request.POST or None, **_post_form_options(access))
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"][: actions.MAX_POST]).html
        else:
            try:
                thread = actions.do_create_thread(user, access.community, form.cleaned_data["title"], _post_input(form))
            except RateLimited as error:
                return too_many_requests(request, error)
            except actions.DuplicateSubmission:
                return redirect(access.community)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                first = Post.objects.filter(thread=thread, is_first=True).values_list("pk", flat=True).get()
                text = f"{thread.title}\n{form.cleaned_data['body']}"
                _notice_crisis(request, user, access.community, first, text)
                if thread.is_held:
                    messages.info(request, safeguards.WAITING)
                return redirect(thread)
    return render(
        request,
        "discussions/new_thread.html",
        {"access": access, "community": access.community, "form": form, "preview": preview},
    )


@require_GET
def post_link(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post's address: the page of its thread that shows it, opened at the post (replies in a
    long thread are on later pages)."""
    post, access = post_for(request.user, post_id)
    before = (
        posts_in(post.thread, access)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    page = before // POSTS_PER_PAGE + 1
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{post.thread.get_absolute_url()}{query}#post-{post.pk}")


def _thread_context(request: HttpRequest, thread: Thread, access: CommunityAccess) -> dict[str, Any]:
    """Everything the thread page shows, in a fixed number of queries however long the thread."""
    user = request.user
    posts = (
        posts_in(thread, access)
        .select_related("author")
        .defer("source", "plain_text", "author__password")
        .order_by("created_at", "pk")
    )
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    following = None
    if user.is_authenticated:
        following = Subscription.objects.filter(user=user, thread=thread).values_list("level", flat=True).first()
    return {
        "thread": thread,
        "community": thread.community,
        "access": access,
        "page": page,
        "posts": post_displays(list(page.object_list), user, access),
        "following": following,
        # Collapsed for the viewer (muted words and members), by post id; the thread itself was chosen.
        "hidden_posts": muting_of(request).reasons(page.object_list, places=False),
        # A lock's reason (one query, for a locked thread only), slow mode, moderators' form.
        **thread_moderation(thread, access),
    }


@same_for_visitors
@require_GET
def thread_detail(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    thread, access = thread_for(request.user, slug, thread_id)
    context = _thread_context(request, thread, access)
    if access.can_post and (thread.locked_at is None or access.can_moderate):  # locked: moderators reply
        initial = {}
        quote = row_id(request.GET.get("quote"))
        if quote is not None and not hidden_post_ids([quote]):
            quoted = Post.objects.filter(pk=quote, thread=thread, deleted_at__isnull=True).first()
            if quoted is not None and not quoted.members_only:
                initial["body"] = "\n".join(f"> {line}" for line in quoted.source.splitlines()) + "\n\n"
        context["form"] = PostForm(initial=initial, **_post_form_options(access))
    return render(request, "discussions/thread.html", context)


@login_required
@require_POST
def reply(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    user = member_of(request)
    thread, access = thread_for(user, slug, thread_id)
    form = PostForm(request.POST, **_post_form_options(access))
    preview = None
    if form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"][: actions.MAX_POST]).html
        else:
            try:
                post = actions.do_reply(user, thread, _post_input(form))
            except RateLimited as error:
                return too_many_requests(request, error)
            except actions.DuplicateSubmission:
                return redirect(thread)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _notice_crisis(request, user, thread.community, post.pk, form.cleaned_data["body"])
                if safeguards.is_held(post):
                    messages.info(request, safeguards.WAITING)
                return redirect(post.get_absolute_url())
    context = _thread_context(request, thread, access)
    context.update({"form": form, "preview": preview})
    return render(request, "discussions/thread.html", context, status=200 if preview or form.is_valid() else 422)


@login_required
@require_http_methods(["GET", "POST"])
def edit_post(request: HttpRequest, post_id: int) -> HttpResponse:
    user = member_of(request)
    post, access = post_for(user, post_id)
    if post.author_id != user.pk:
        raise Http404
    form = EditForm(request.POST or None, initial={"body": post.source, "content_warning": post.content_warning})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_edit_post(user, post, form.cleaned_data["body"], form.cleaned_data["content_warning"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your post is updated.")
            return redirect(post.get_absolute_url())
    return render(request, "discussions/edit_post.html", {"post": post, "form": form, "access": access})


@login_required
@require_http_methods(["GET", "POST"])
def delete_post(request: HttpRequest, post_id: int) -> HttpResponse:
    user = member_of(request)
    post, access = post_for(user, post_id)
    if post.author_id != user.pk and not access.can_moderate:
        raise Http404
    if request.method == "POST":
        actions.do_delete_post(user, post)
        messages.success(request, "The post is deleted.")
        if post.is_first:
            return redirect(post.community)
        return redirect(post.thread)
    return render(request, "discussions/delete_post.html", {"post": post, "access": access})


@login_required
@require_POST
def react(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    user = member_of(request)
    post, access = post_for(user, post_id)
    kind = request.POST.get("kind", "")
    try:
        if kind in ReactionKind.values and Reaction.objects.filter(post=post, user=user, kind=kind).exists():
            actions.do_unreact(user, post, kind)
        else:
            actions.do_react(user, post, kind)
    except RateLimited as error:
        return too_many_requests(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        post = Post.objects.select_related("author").get(pk=post.pk)
        (shown,) = post_displays([post], user, access)
        context = {"post": shown, "can_post": access.can_post}
        return render(request, "discussions/reactions.html", context, using="jinja2")
    return redirect(post.get_absolute_url())


@login_required
@require_GET
def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    user = member_of(request)
    post, access = post_for(user, post_id, Need.MODERATE)
    return render(
        request,
        "discussions/history.html",
        {"post": post, "access": access, "revisions": post.revisions.select_related("edited_by")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reveal_author(request: HttpRequest, post_id: int) -> HttpResponse:
    user = member_of(request)
    post, access = post_for(user, post_id, Need.MODERATE)
    author = None
    error = None
    if request.method == "POST":
        try:
            author = actions.do_reveal_author(user, post, request.POST.get("reason", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    response = render(
        request, "discussions/reveal.html", {"post": post, "access": access, "author": author, "error": error}
    )
    response["Cache-Control"] = "no-store"
    return response


@same_for_visitors
@require_GET
def tag_page(request: HttpRequest, tag: str) -> HttpResponse:
    found = tag_from(tag)
    if found is None:
        raise Http404
    tag = found
    posts = (
        Post.objects.visible_to(request.user)
        .filter(tags__tag=tag)
        .select_related("thread", "community", "author")
        .order_by("-created_at")
    )
    page = Paginator(posts, 30).get_page(request.GET.get("page"))
    following = None
    if request.user.is_authenticated:
        following = Subscription.objects.filter(user=request.user, tag=tag).values_list("level", flat=True).first()
    return render(request, "discussions/tag.html", {"tag": tag, "page": page, "following": following})


@login_required
@require_GET
def home_feed(request: HttpRequest) -> HttpResponse:
    """Threads in the communities a member belongs to or follows, newest activity first;
    "unanswered" shows the questions still waiting for a first reply."""
    user = member_of(request)
    if (taking := current_break(user)) is not None:
        return render(request, "wellbeing/feed_paused.html", {"taking": taking, "time_zone": user.time_zone or "UTC"})
    followed = Subscription.objects.filter(user=user, level=Level.FOLLOW, community__isnull=False).values(
        "community_id"
    )
    muted_communities = Subscription.objects.filter(user=user, level=Level.MUTE, community__isnull=False).values(
        "community_id"
    )
    muted_threads = Subscription.objects.filter(user=user, level=Level.MUTE, thread__isnull=False).values("thread_id")
    mine = Membership.objects.filter(user=user).values("community_id")
    threads = (
        Thread.objects.visible_to(user)
        .filter(Q(community__in=mine) | Q(community__in=followed))
        .exclude(community__in=muted_communities)
        .exclude(pk__in=muted_threads)
        .select_related("community", "author")
    )
    show = request.GET.get("show", "")
    if show == "unanswered":
        threads = threads.filter(reply_count=0).order_by("-created_at")
    else:
        threads = threads.order_by("-last_post_at")
    page = Paginator(threads, 30).get_page(request.GET.get("page"))
    context = {"page": page, "show": show, "welcome_back": welcome_back(user)}
    return render(request, "discussions/home_feed.html", context)
