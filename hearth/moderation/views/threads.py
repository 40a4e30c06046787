"""Locking a thread and slow mode: the small "Moderate this thread" form on a thread's page and
the three addresses it posts to. Only the community's moderators (and site administrators) see
the form; everyone else gets 404 from the addresses."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from hearth.accounts.access import member_of
from hearth.communities.access import CommunityAccess
from hearth.discussions.models import Thread
from hearth.moderation.actions import threads as actions
from hearth.moderation.actions.threads import LOCK_REASON_MAX, SLOW_MODE_CHOICES, slow_mode_label, wait_words


class LockForm(forms.Form):
    reason = forms.CharField(
        label="Why lock it",
        max_length=LOCK_REASON_MAX,
        help_text=f"Up to {LOCK_REASON_MAX} characters, shown at the top of the thread.",
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label="Why unlock it (optional)",
        required=False,
        max_length=LOCK_REASON_MAX,
        help_text="Kept in the moderation log.",
    )


class SlowModeForm(forms.Form):
    seconds = forms.TypedChoiceField(label="Slow mode", coerce=int)
    reason = forms.CharField(
        label="Why (optional)", required=False, max_length=LOCK_REASON_MAX, help_text="Kept in the moderation log."
    )

    def __init__(self, *args: Any, current: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A number set through the API is offered too, so the list shows what is in force.
        offered = sorted({*SLOW_MODE_CHOICES, current})
        seconds = self.fields["seconds"]
        assert isinstance(seconds, forms.TypedChoiceField)  # noqa: S101  (as declared above)
        seconds.choices = [(choice, slow_mode_label(choice)) for choice in offered]
        seconds.initial = current


@dataclass(frozen=True)
class ThreadControls:
    """The moderator's forms on a thread's page (or on the page that says what was wrong)."""

    thread: Thread
    lock: LockForm | None  # None while the thread is locked
    unlock: UnlockForm | None  # None while it is not
    slow_mode: SlowModeForm

    @property
    def forms_with_errors(self) -> list[forms.Form]:
        return [form for form in (self.lock, self.unlock, self.slow_mode) if form is not None and form.errors]


def _controls(thread: Thread) -> ThreadControls:
    locked = thread.locked_at is not None
    return ThreadControls(
        thread=thread,
        lock=None if locked else LockForm(prefix="lock"),
        unlock=UnlockForm(prefix="unlock") if locked else None,
        slow_mode=SlowModeForm(prefix="slow", current=thread.slow_mode_seconds),
    )


def thread_moderation(thread: Thread, access: CommunityAccess) -> dict[str, Any]:
    """What a thread's page shows of its moderation: the lock's reason (one query, only for a
    locked thread), slow mode in words, and for moderators their form (no query)."""
    return {
        "locked_reason": actions.lock_reason(thread) if thread.locked_at is not None else "",
        "slow_mode": wait_words(thread.slow_mode_seconds) if thread.slow_mode_seconds else "",
        "thread_controls": _controls(thread) if access.can_moderate else None,
    }


def _done(request: HttpRequest, thread: Thread, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(thread)


def _refused(request: HttpRequest, thread: Thread, form: forms.Form, error: ValidationError | None) -> HttpResponse:
    """Already done (by another moderator, or in another tab): say so on the thread. Otherwise
    the form again, with what was typed and what was wrong (422)."""
    if error is not None and error.code == "handled":
        messages.info(request, error.messages[0])
        return redirect(thread)
    if error is not None:
        form.add_error(None, error)
    shown = _controls(thread)
    if isinstance(form, LockForm):
        shown = replace(shown, lock=form)
    elif isinstance(form, UnlockForm):
        shown = replace(shown, unlock=form)
    elif isinstance(form, SlowModeForm):
        shown = replace(shown, slow_mode=form)
    context = {"thread": thread, "community": thread.community, "thread_controls": shown}
    return render(request, "moderation/thread_controls.html", context, status=422)


@login_required
@require_POST
def lock(request: HttpRequest, thread_id: int) -> HttpResponse:
    user = member_of(request)
    thread, _ = actions.thread_to_moderate(user, thread_id)
    form = LockForm(request.POST, prefix="lock")
    if not form.is_valid():
        return _refused(request, thread, form, None)
    try:
        actions.do_lock_thread(user, thread, form.cleaned_data["reason"])
    except ValidationError as error:
        return _refused(request, thread, form, error)
    return _done(request, thread, "The thread is locked. Members can read it but not reply.")


@login_required
@require_POST
def unlock(request: HttpRequest, thread_id: int) -> HttpResponse:
    user = member_of(request)
    thread, _ = actions.thread_to_moderate(user, thread_id)
    form = UnlockForm(request.POST, prefix="unlock")
    if not form.is_valid():
        return _refused(request, thread, form, None)
    try:
        actions.do_unlock_thread(user, thread, form.cleaned_data["reason"])
    except ValidationError as error:
        return _refused(request, thread, form, error)
    return _done(request, thread, "The thread is open to replies again.")


@login_required
@require_POST
def slow_mode(request: HttpRequest, thread_id: int) -> HttpResponse:
    user = member_of(request)
    thread, _ = actions.thread_to_moderate(user, thread_id)
    form = SlowModeForm(request.POST, prefix="slow", current=thread.slow_mode_seconds)
    if not form.is_valid():
        return _refused(request, thread, form, None)
    seconds = form.cleaned_data["seconds"]
    try:
        actions.do_set_slow_mode(user, thread, seconds, form.cleaned_data["reason"])
    except ValidationError as error:
        return _refused(request, thread, form, error)
    if not seconds:
        return _done(request, thread, "Slow mode is off.")
    return _done(request, thread, f"Slow mode is on: one reply every {wait_words(seconds)} each.")


urlpatterns: list[URLPattern] = [
    path("threads/<int:thread_id>/lock/", lock, name="moderation_thread_lock"),
    path("threads/<int:thread_id>/unlock/", unlock, name="moderation_thread_unlock"),
    path("threads/<int:thread_id>/slow-mode/", slow_mode, name="moderation_thread_slow_mode"),
]
