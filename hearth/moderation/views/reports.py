"""Pages for reporting what a member can see and did not write (a post, a live chat message, a
profile, a community), and the calm page a member is sent to when someone is worried about them.
The reporter stays anonymous to the reported member."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods

from hearth.accounts.access import member_of
from hearth.communities.access import Need, community_for
from hearth.discussions.access import post_for
from hearth.discussions.display import author_label
from hearth.lib.markdown import safe_html
from hearth.lib.ratelimit import RateLimited
from hearth.moderation import actions
from hearth.moderation.actions import reports
from hearth.moderation.forms import ReportForm
from hearth.profiles.access import profile_for
from hearth.safety.actions import crisis_for
from hearth.safety.detector import SELF_HARM
from hearth.web.errors import too_many_requests

Report = Callable[[str, str, str], actions.Reported]  # (reason, note, evidence_url) -> what was done


def _report_page(
    request: HttpRequest, form: ReportForm, report: Report, back: str, context: dict[str, Any]
) -> HttpResponse:
    """Show the form; on a valid POST, report and go back to `back` with thanks. A refusal shows
    the form again (422) with what was typed."""
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = report(data["reason"], data["note"], data["evidence_url"])
            except RateLimited as error:
                return too_many_requests(request, error)
            except ValidationError as error:
                form.add_error("evidence_url" if error.code == "evidence_url" else None, error)
            else:
                messages.success(request, reports.thanks_for(done))
                return redirect(back)
    return render(request, "moderation/report.html", {"form": form, "back": back, **context}, status=status)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def report_post(request: HttpRequest, post_id: int) -> HttpResponse:
    user = member_of(request)
    post, _ = post_for(user, post_id)
    if post.author_id == user.pk:
        raise Http404  # nobody reports their own post; there is no such page for them
    context = {
        "heading": "Report a post",
        "back_label": post.thread.title,
        "who_reads": f"Moderators of {post.community.name} will read the post and your note.",
        "reported": author_label(post),
        "quote": safe_html(post.html),
        "action": reverse("moderation_report_post", args=[post.pk]),
    }

    def report(reason: str, note: str, evidence_url: str) -> actions.Reported:
        return actions.do_report_post(user, post.pk, reason, note, evidence_url)

    return _report_page(request, ReportForm(_posted(request)), report, post.get_absolute_url(), context)


@login_required
@require_http_methods(["GET", "POST"])
def report_chat_message(request: HttpRequest, message_id: int) -> HttpResponse:
    user = member_of(request)
    message, _ = reports.chat_message_for(user, message_id)
    if message.author_id == user.pk:
        raise Http404  # as for posts: no page for reporting one's own message
    chat = message.live_chat
    context = {
        "heading": "Report a live chat message",
        "back_label": f"#{chat.series.tag}",
        "who_reads": f"Moderators of {chat.community.name} will read the message and your note.",
        "reported": message.author.public_name,
        "quote": safe_html(message.html),
        "action": reverse("moderation_report_chat_message", args=[message.pk]),
    }

    def report(reason: str, note: str, evidence_url: str) -> actions.Reported:
        return reports.do_report_chat_message(user, message.pk, reason, note, evidence_url)

    return _report_page(request, ReportForm(_posted(request)), report, message.get_absolute_url(), context)


@login_required
@require_http_methods(["GET", "POST"])
def report_profile(request: HttpRequest, handle: str) -> HttpResponse:
    user = member_of(request)
    view = profile_for(user, handle)
    if view.is_self:
        raise Http404
    member = view.member
    bio = view.profile.bio if view.shows("bio") else ""
    context = {
        "heading": f"Report {member.public_name}'s profile",
        "back_label": member.public_name,
        "who_reads": "The site's administrators will read the profile and your note.",
        "reported": member.public_name,
        "quote": format_html("<p>{}</p>", bio) if bio else SafeString(""),
        "action": reverse("moderation_report_profile", args=[member.handle]),
    }

    def report(reason: str, note: str, evidence_url: str) -> actions.Reported:
        return reports.do_report_profile(user, member.handle, reason, note, evidence_url)

    return _report_page(request, ReportForm(_posted(request)), report, member.get_absolute_url(), context)


@login_required
@require_http_methods(["GET", "POST"])
def report_community(request: HttpRequest, slug: str) -> HttpResponse:
    user = member_of(request)
    community = community_for(user, slug, Need.SEE).community
    context = {
        "heading": f"Report {community.name}",
        "back_label": community.name,
        "who_reads": "The site's administrators will read the community's description and your note.",
        "reported": "",
        "quote": safe_html(community.description_html),
        "action": reverse("moderation_report_community", args=[community.slug]),
    }

    def report(reason: str, note: str, evidence_url: str) -> actions.Reported:
        return reports.do_report_community(user, community.slug, reason, note, evidence_url)

    form = ReportForm(_posted(request), about_a_person=False)
    return _report_page(request, form, report, community.get_absolute_url(), context)


@login_required
@require_GET
def support(request: HttpRequest) -> HttpResponse:
    """Where the kind word leads: someone is thinking of you, and who to call, for your country.
    It never says who sent the word, nor why, and looks the same for everyone who opens it."""
    panel = crisis_for(member_of(request), SELF_HARM)
    return render(request, "moderation/support.html", {"panel": panel})


urlpatterns: list[URLPattern] = [
    path("report/post/<int:post_id>/", report_post, name="moderation_report_post"),
    path("report/chat-message/<int:message_id>/", report_chat_message, name="moderation_report_chat_message"),
    path("report/profile/<str:handle>/", report_profile, name="moderation_report_profile"),
    path("report/community/<str:slug>/", report_community, name="moderation_report_community"),
    path("me/support/", support, name="moderation_support"),
]
