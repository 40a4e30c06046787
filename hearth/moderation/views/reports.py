"""Pages for reporting what a member can see and did not write. The reporter stays anonymous to
the reported member."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from hearth.accounts.access import member_of
from hearth.discussions.access import post_for
from hearth.lib.ratelimit import RateLimited
from hearth.moderation import actions
from hearth.moderation.forms import ReportPostForm
from hearth.web.errors import too_many_requests


@login_required
@require_http_methods(["GET", "POST"])
def report_post(request: HttpRequest, post_id: int) -> HttpResponse:
    user = member_of(request)
    post, _ = post_for(user, post_id)
    if post.author_id == user.pk:
        raise Http404  # nobody reports their own post; there is no such page for them
    form = ReportPostForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = actions.do_report_post(user, post.pk, data["reason"], data["note"], data["evidence_url"])
            except RateLimited as error:
                return too_many_requests(request, error)
            except ValidationError as error:
                form.add_error("evidence_url" if error.code == "evidence_url" else None, error)
            else:
                messages.success(request, done.message)
                return redirect(post.get_absolute_url())
    context = {"post": post, "form": form}
    return render(request, "moderation/report_post.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("report/post/<int:post_id>/", report_post, name="moderation_report_post"),
]
