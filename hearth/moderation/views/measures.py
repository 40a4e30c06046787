"""Pages: a member as a community's moderators see them, and the measures they take there: a
private warning, a mute for some days, a removal; site administrators also suspend accounts.
Any of these is lifted early from the same page, with a reason. Everyone who does not moderate
the community gets 404, for members and strangers alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.access import member_of, until_words
from hearth.accounts.models import User
from hearth.communities.models import Membership
from hearth.discussions.models import Post
from hearth.lib.http import row_id
from hearth.moderation.access import moderates
from hearth.moderation.actions import author_of, target_of
from hearth.moderation.actions import measures as actions
from hearth.moderation.models import DECISION_REASON_MAX, Measure, QueueItem

# --- Forms: the actions check what matters; these gather the fields -------------------------------

_REASON_HELP = f"Up to {DECISION_REASON_MAX} characters. The member is told it, and can appeal once."


class MeasureForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=DECISION_REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}), help_text=_REASON_HELP
    )
    # The queue item the moderator came from, when acting on an author from the queue.
    item = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)


class WarnForm(MeasureForm):
    pass


class MuteForm(MeasureForm):
    days = forms.IntegerField(
        label="For how many days",
        min_value=1,
        max_value=actions.MUTE_DAYS_MAX,
        initial=3,
        help_text=f"From 1 to {actions.MUTE_DAYS_MAX} days.",
    )
    field_order = ["days", "reason", "item"]


class RemoveForm(MeasureForm):
    pass


UNTIL_LIFTED = "lifted"


class SuspendForm(MeasureForm):
    length = forms.ChoiceField(
        label="For how long",
        choices=[("days", "For a number of days"), (UNTIL_LIFTED, "Until an administrator lifts it")],
        widget=forms.RadioSelect,
        initial="days",
    )
    days = forms.IntegerField(
        label="Days (for a number of days)",
        required=False,
        min_value=1,
        max_value=actions.SUSPEND_DAYS_MAX,
        help_text=f"From 1 to {actions.SUSPEND_DAYS_MAX} days.",
    )
    field_order = ["length", "days", "reason", "item"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("length") == "days" and data.get("days") is None and "days" not in self.errors:
            self.add_error("days", f"Give the number of days, from 1 to {actions.SUSPEND_DAYS_MAX}.")
        return data

    def chosen_days(self) -> int | None:
        return None if self.cleaned_data["length"] == UNTIL_LIFTED else self.cleaned_data["days"]


class LiftForm(forms.Form):
    reason = forms.CharField(
        label="Why lift it",
        max_length=DECISION_REASON_MAX,
        help_text=f"Up to {DECISION_REASON_MAX} characters. Kept in the audit log; the member is told it was lifted.",
    )
    # The community whose member page the form is on (a suspension belongs to none).
    slug = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)


FORMS: dict[str, type[MeasureForm]] = {"warn": WarnForm, "mute": MuteForm, "remove": RemoveForm, "suspend": SuspendForm}


# --- The member page --------------------------------------------------------------------------


def member_url(found: actions.MemberInCommunity, item: QueueItem | None = None) -> str:
    url = reverse("moderation_member", args=[found.community.slug, found.member.handle])
    return f"{url}?item={item.pk}" if item is not None else url


def author_page_url(item: QueueItem) -> str:
    """The member page of the author of a queue item's post or chat message, while they are a member
    of its community; empty otherwise, and for anonymous posts, whose author moderators do not see."""
    if item.community is None:
        return ""
    target = target_of(item)
    if isinstance(target, Post) and target.is_anonymous:
        return ""
    author = author_of(target)
    if author is None or not Membership.objects.filter(community=item.community, user=author).exists():
        return ""
    url = reverse("moderation_member", args=[item.community.slug, author.handle])
    return f"{url}?item={item.pk}"


def _item(user: User, text: str | None) -> QueueItem | None:
    """The queue item a form names, if the moderator may see it; anything else is ignored."""
    item_id = row_id(text)
    item = QueueItem.objects.select_related("community").filter(pk=item_id).first() if item_id else None
    if item is None or not moderates(user, item.community):
        return None
    return item


def _lift_form(measure: Measure, slug: str, data: Any = None) -> LiftForm:
    return LiftForm(data, prefix=f"lift-{measure.pk}", initial={"slug": slug})


def _page(
    request: HttpRequest,
    user: User,
    found: actions.MemberInCommunity,
    *,
    bound: tuple[str, forms.Form] | None = None,
    lifting: tuple[int, LiftForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    shown = actions.standing_of(found)
    item_text = request.GET.get("item") if bound is None else bound[1].data.get(f"{bound[0]}-item")
    item = _item(user, item_text)
    initial = {"item": item.pk} if item is not None else {}
    names = ["warn", "mute", "remove"] if found.membership is not None else []
    if found.access.is_site_admin:
        names.append("suspend")
    forms_shown: dict[str, forms.Form] = {name: FORMS[name](prefix=name, initial=initial) for name in names}
    if bound is not None:
        forms_shown[bound[0]] = bound[1]
    slug = found.community.slug
    lifts = []
    for measure in [*shown.standing, *shown.suspensions]:
        form = lifting[1] if lifting is not None and lifting[0] == measure.pk else _lift_form(measure, slug)
        lifts.append((measure, form, until_words(measure.ends_at) if measure.ends_at else "until lifted"))
    errors = [form for form in [*forms_shown.values(), *(f for _, f, _ in lifts)] if form.is_bound and form.errors]
    context = {
        "community": found.community,
        "found": found,
        "member": found.member,
        "shown": shown,
        "lifts": lifts,
        "forms": forms_shown,
        "item": item,
        "errors": errors,
        "recent_days": actions.RECENT_DAYS,
        "muted_until": until_words(found.membership.muted_until)
        if found.membership is not None and found.membership.muted_until
        else "",
    }
    return render(request, "moderation/member.html", context, status=status)


@login_required
@require_GET
def member(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    user = member_of(request)
    return _page(request, user, actions.member_for(user, slug, handle))


def _act(
    request: HttpRequest, slug: str, handle: str, name: str, do: Callable[[User, Any, Any], Measure], done: str
) -> HttpResponse:
    """One measure from the member page: done and back to the page, or the page again (422) with
    what was typed and why it cannot be done."""
    user = member_of(request)
    found = actions.member_for(user, slug, handle)
    form = FORMS[name](request.POST, prefix=name)
    if form.is_valid():
        try:
            do(user, found, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done.format(handle=found.member.handle, community=found.community.name))
            return redirect(member_url(found))
    return _page(request, user, found, bound=(name, form), status=422)


def _queue_item(user: User, form: forms.Form) -> QueueItem | None:
    return _item(user, form.cleaned_data.get("item"))


@login_required
@require_POST
def warn(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    def do(user: User, found: actions.MemberInCommunity, form: forms.Form) -> Measure:
        data = form.cleaned_data
        return actions.do_warn(user, found.community, found.member, data["reason"], item=_queue_item(user, form))

    return _act(request, slug, handle, "warn", do, "@{handle} is warned privately. They are told why.")


@login_required
@require_POST
def mute(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    def do(user: User, found: actions.MemberInCommunity, form: forms.Form) -> Measure:
        data = form.cleaned_data
        item = _queue_item(user, form)
        return actions.do_mute(user, found.community, found.member, data["days"], data["reason"], item=item)

    return _act(request, slug, handle, "mute", do, "@{handle} is muted in {community}. They are told why.")


@login_required
@require_POST
def remove(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    def do(user: User, found: actions.MemberInCommunity, form: forms.Form) -> Measure:
        data = form.cleaned_data
        return actions.do_remove(user, found.community, found.member, data["reason"], item=_queue_item(user, form))

    return _act(request, slug, handle, "remove", do, "@{handle} is removed from {community}. They are told why.")


@login_required
@require_POST
def suspend(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    user = member_of(request)
    actions.site_admin_for(user, handle)  # 404 to everyone but site administrators

    def do(user: User, found: actions.MemberInCommunity, form: forms.Form) -> Measure:
        assert isinstance(form, SuspendForm)  # noqa: S101  (FORMS["suspend"])
        item = _queue_item(user, form)
        return actions.do_suspend(user, found.member, form.chosen_days(), form.cleaned_data["reason"], item=item)

    return _act(request, slug, handle, "suspend", do, "@{handle}'s account is suspended. They are told why.")


@login_required
@require_POST
def lift(request: HttpRequest, measure_id: int) -> HttpResponse:
    user = member_of(request)
    measure = actions.measure_for(user, measure_id)
    form = _lift_form(measure, "", request.POST)
    slug = measure.community.slug if measure.community is not None else str(form.data.get(f"{form.prefix}-slug", ""))
    found = None
    if measure.member is not None and slug:
        try:
            found = actions.member_for(user, slug, measure.member.handle)
        except Http404:
            found = None  # a suspension lifted from elsewhere, or a member who left since
    back = member_url(found) if found is not None else reverse("moderation_site_queue")
    if measure.community is not None and found is None:
        back = reverse("moderation_queue", args=[measure.community.slug])
    if form.is_valid():
        try:
            actions.do_lift_early(user, measure, form.cleaned_data["reason"])
        except actions.AlreadyLifted as error:
            messages.info(request, error.messages[0])
            return redirect(back)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The {measure.get_kind_display().lower()} measure is lifted.")
            return redirect(back)
    if found is None:
        messages.error(request, " ".join(str(said) for errors in form.errors.values() for said in errors))
        return redirect(back)
    return _page(request, user, found, lifting=(measure.pk, form), status=422)


urlpatterns: list[URLPattern] = [
    path("measures/<int:measure_id>/lift/", lift, name="moderation_lift"),
    path("<str:slug>/members/<str:handle>/", member, name="moderation_member"),
    path("<str:slug>/members/<str:handle>/warn/", warn, name="moderation_warn"),
    path("<str:slug>/members/<str:handle>/mute/", mute, name="moderation_mute"),
    path("<str:slug>/members/<str:handle>/remove/", remove, name="moderation_remove"),
    path("<str:slug>/members/<str:handle>/suspend/", suspend, name="moderation_suspend"),
]
