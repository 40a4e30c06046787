"""Pages: a community's moderation queue (and the site's, for administrators), deciding an item,
and marking a well-being check done. Moderation pages answer 404 to everyone
who does not moderate the community in question."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.communities.access import Need, community_for
from hearth.evidence.labels import label_choices
from hearth.moderation import actions, queue, record, safeguards
from hearth.moderation.access import check_for, item_for, site_admin_only
from hearth.moderation.forms import DecisionForm
from hearth.moderation.models import QueueItem, TargetType
from hearth.moderation.views import measures


def _queue_url(item: QueueItem) -> str:
    if item.community is None:
        return reverse("moderation_site_queue")
    return reverse("moderation_queue", args=[item.community.slug])


@login_required
def community_queue(request: HttpRequest, slug: str) -> HttpResponse:
    user = member_of(request)
    access = community_for(user, slug, Need.MODERATE)
    context = {
        "community": access.community,
        "access": access,
        "entries": queue.entries(queue.open_items(access.community)),
        "checks": queue.open_checks(access.community),
        "appeals": record.appeal_entries(user, record.open_appeals(access.community)),
    }
    return render(request, "moderation/queue.html", context)


@login_required
def site_queue(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    site_admin_only(user)
    context = {
        "community": None,
        "entries": queue.entries(queue.open_items(None)),
        "checks": [],
        "appeals": record.appeal_entries(user, record.open_appeals(None)),
    }
    return render(request, "moderation/queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    user = member_of(request)
    item = item_for(user, item_id)
    back = _queue_url(item)
    if item.is_handled:
        messages.info(request, str(actions.AlreadyHandled(item.handled_by).messages[0]))
        return redirect(back)
    held = safeguards.waits_for_approval(item)
    library = label_choices(item.community) if item.target_type == TargetType.POST else []
    form = DecisionForm(
        request.POST if request.method == "POST" else None, target_type=item.target_type, held=held, library=library
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            given = actions.DecisionInput(
                data["decision"], data["reason"], data["label_kind"], data["label_text"], form.links()
            )
            try:
                actions.do_decide(user, item, given)
            except actions.AlreadyHandled as error:
                messages.info(request, error.messages[0])
                return redirect(back)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Done. The queue moves on.")
                return redirect(back)
    entry = queue.entries([item])[0]
    context = {"entry": entry, "form": form, "back": back, "community": item.community}
    context["author_url"] = measures.author_page_url(item)  # warn, mute or remove the author
    return render(request, "moderation/decide.html", context, status=status)


@login_required
@require_POST
def check_done(request: HttpRequest, check_id: int) -> HttpResponse:
    user = member_of(request)
    check = check_for(user, check_id)
    try:
        actions.do_mark_check_done(user, check)
    except actions.AlreadyHandled as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, "Marked as done. Thank you for looking out for them.")
    assert check.community is not None  # noqa: S101  (check_for answers 404 otherwise)
    return redirect("moderation_queue", check.community.slug)
