"""Pages of goals and milestones (set a goal, see its weeks, end it, celebrate and share a milestone)
and of the daily check-in reminder. Everything here is the member's own: another member's goal or
milestone answers 404 (`access.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.discussions.actions import DuplicateSubmission
from hearth.lib.ratelimit import RateLimited
from hearth.tracking import goals, reminders
from hearth.tracking.access import own_goal, own_milestone
from hearth.tracking.goal_forms import GoalForm, ReminderForm, ShareMilestoneForm
from hearth.web.errors import too_many_requests


@login_required
@require_http_methods(["GET", "POST"])
def goal_list(request: HttpRequest) -> HttpResponse:
    """The member's goals with this week's progress, a form for a new one, and ended goals below."""
    member = member_of(request)
    form = GoalForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            goal = goals.do_create_goal(member, form.goal_input())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Your goal is set: {goals.progress_of(member, [goal])[0].title}.")
            return redirect("goals")
    active = list(goals.active_goals(member))
    ended = list(goals.ended_goals(member)[: goals.ENDED_SHOWN])
    context = {
        "form": form,
        "active": goals.progress_of(member, active),
        "ended": goals.progress_of(member, ended),
        "at_limit": len(active) >= goals.MAX_ACTIVE_GOALS,
        "goal_limit": goals.MAX_ACTIVE_GOALS,
        "celebrations": goals.uncelebrated(member),
        "error_summary": error_summary(form),
    }
    return render(request, "tracking/goals.html", context)


@login_required
@require_http_methods(["GET"])
def goal_detail(request: HttpRequest, goal_id: int) -> HttpResponse:
    member = member_of(request)
    goal = own_goal(member, goal_id)
    item = goals.progress_of(member, [goal])[0]
    milestones = list(goal.milestones.order_by("reached_on", "id"))
    context = {
        "item": item,
        "goal": goal,
        "milestones": [(m, goals.SHORT.get(m.kind, m.kind)) for m in milestones],
        "celebrations": [m for m in goals.uncelebrated(member) if m.goal_id == goal.pk],
    }
    return render(request, "tracking/goal_detail.html", context)


@login_required
@require_POST
def end_goal(request: HttpRequest, goal_id: int) -> HttpResponse:
    member = member_of(request)
    goal = own_goal(member, goal_id)
    goals.do_end_goal(member, goal)
    messages.success(request, "Your goal is ended. Its milestones stay with it below.")
    return redirect("goals")


def error_summary(form: Form) -> list[tuple[str, str, str]]:
    """The fields in error, as (anchor, label, message), for the summary above a form: each links
    to its field (the first radio of a group)."""
    found = []
    for field in form.visible_fields():
        anchor = field.auto_id + ("_0" if field.field.widget.use_fieldset else "")
        found += [(anchor, str(field.label), str(message)) for message in field.errors]
    return found


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def celebrated(request: HttpRequest, milestone_id: int) -> HttpResponse:
    """ "Thanks": the celebration is seen and shows no more."""
    member = member_of(request)
    milestone = own_milestone(member, milestone_id)
    goals.do_celebrate(member, milestone)
    return redirect(_back(request, reverse("goal_detail", args=[milestone.goal_id])))


@login_required
@require_http_methods(["GET", "POST"])
def share_milestone(request: HttpRequest, milestone_id: int) -> HttpResponse:
    """Share a milestone with one of the member's communities, once; values only if they choose."""
    member = member_of(request)
    milestone = own_milestone(member, milestone_id)
    series = goals.series_of_goals(member, [milestone.goal]).get(milestone.goal.series)
    context: dict[str, object] = {
        "milestone": milestone,
        "title": goals.goal_title(milestone.goal, series),
        "short": goals.SHORT.get(milestone.kind, milestone.kind),
        "shared_post": goals.shared_post_of(milestone),
    }
    if context["shared_post"] is not None:
        return render(request, "tracking/share_milestone.html", context)
    initial = {"title": goals.share_title(milestone), "message": goals.share_message(milestone, series)}
    form = ShareMilestoneForm(request.POST or None, member=member, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = goals.ShareInput(
            community=form.chosen(),
            title=form.cleaned_data["title"],
            message=form.cleaned_data["message"],
            include_values=form.cleaned_data["include_values"],
        )
        try:
            post = goals.do_share_milestone(member, milestone, data)
        except RateLimited as error:
            return too_many_requests(request, error)
        except DuplicateSubmission:  # pragma: no cover  (no submission token is sent from here)
            return redirect("goal_detail", milestone.goal_id)
        except goals.AlreadyShared as error:
            context["shared_post"] = error.post
            return render(request, "tracking/share_milestone.html", context)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Your milestone is shared in {data.community.name}.")
            return redirect(post)
    context.update({"form": form, "has_communities": bool(form.communities), "error_summary": error_summary(form)})
    return render(request, "tracking/share_milestone.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reminder(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    current = reminders.reminder_of(member)
    initial = {"enabled": current.enabled, "at": current.at, "by_email": current.by_email}
    form = ReminderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reminders.do_set_reminder(member, enabled=data["enabled"], at=data["at"], by_email=data["by_email"])
        if data["enabled"]:
            messages.success(request, f"You will be reminded each day at {data['at']:%H:%M} ({member.time_zone}).")
        else:
            messages.success(request, "The daily reminder is off.")
        return redirect("check_in_reminder")
    context = {
        "form": form,
        "reminder": current,
        "time_zone": member.time_zone or "UTC",
        "error_summary": error_summary(form),
    }
    return render(request, "tracking/reminder.html", context)
