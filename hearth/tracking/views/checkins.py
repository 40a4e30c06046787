"""Pages of a member's own tracking: the overview, the daily check-in (today or a day before), the
history of check-ins, scheduled doses, and trackers with their readings.

Nobody but the member sees any of it: another member's tracker or dose answers 404, as does a day
that has not happened yet. Writes go through the actions of `checkins.py`, then redirect (PRG).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.conditions.models import Symptom
from hearth.profiles.models import ProfileSymptom, ProfileTreatment
from hearth.tracking import access, checkins, goals
from hearth.tracking.access import own_tracker
from hearth.tracking.forms import (
    DOSE_PREFIX,
    SYMPTOM_PREFIX,
    CheckInForm,
    DayForm,
    DoseForm,
    ReadingDayForm,
    ReadingForm,
    RenameForm,
    TrackerForm,
    add_action_errors,
    error_summary,
)
from hearth.tracking.models import CheckIn, DoseTaken, Observation, ScheduledDose, SymptomRating, Tracker
from hearth.tracking.series import local_today, tracker_series
from hearth.tracking.units import TrackerKind

HISTORY_PAGE = 30
RECENT_READINGS = 30
WEEK = 7


def day_words(day: dt.date, today: dt.date) -> str:
    """A day as a person says it: "today", "yesterday", or "Monday 3 March 2025"."""
    if day == today:
        return "today"
    if day == today - dt.timedelta(days=1):
        return "yesterday"
    return date_format(day, "l j F Y")


@dataclass(frozen=True)
class TrackerRow:
    tracker: Tracker
    latest: str | None
    latest_day: dt.date | None


def reading_text(tracker: Tracker, value: float) -> str:
    """A reading as the tracker's owner reads it: "70.3 kg", "7 of 10", "yes"."""
    shown = tracker_series(tracker).show(value)
    if tracker.kind == TrackerKind.NUMBER:
        return f"{shown} {tracker_series(tracker).unit}"
    if tracker.kind == TrackerKind.SCALE:
        return f"{shown} of 10"
    return shown


def trackers_with_latest(member: User) -> list[TrackerRow]:
    """The member's trackers with their latest reading, in one query."""
    latest = Observation.objects.filter(tracker=OuterRef("pk")).order_by("-day")
    trackers = Tracker.objects.filter(member=member).annotate(
        latest_value=Subquery(latest.values("value")[:1]), latest_day=Subquery(latest.values("day")[:1])
    )
    return [
        TrackerRow(
            tracker=tracker,
            latest=None if tracker.latest_value is None else reading_text(tracker, tracker.latest_value),
            latest_day=tracker.latest_day,
        )
        for tracker in trackers
    ]


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    today = local_today(member)
    week = [today - dt.timedelta(days=n) for n in range(WEEK)]
    by_day = {
        check_in.day: check_in for check_in in CheckIn.objects.filter(member=member, day__range=(week[-1], today))
    }
    context: dict[str, object] = {
        "today": today,
        "today_check_in": by_day.get(today),
        "week": [(day, by_day.get(day)) for day in week],
        "trackers": trackers_with_latest(member),
        "celebrations": goals.uncelebrated(member),
        **goals.overview_context(member),
    }
    return render(request, "tracking/overview.html", context)


def _week_links(member: User, today: dt.date) -> list[tuple[dt.date, bool]]:
    start = today - dt.timedelta(days=WEEK - 1)
    done = set(CheckIn.objects.filter(member=member, day__range=(start, today)).values_list("day", flat=True))
    return [(day, day in done) for day in (today - dt.timedelta(days=n) for n in range(WEEK))]


def _check_in_page(request: HttpRequest, member: User, day: dt.date, day_form: DayForm | None = None) -> HttpResponse:
    today = local_today(member)
    existing = CheckIn.objects.filter(member=member, day=day).first()
    ratings: dict[str, int] = {}
    recorded: dict[tuple[int, str], bool] = {}
    recorded_doses: list[DoseTaken] = []
    if existing is not None:
        ratings = dict(SymptomRating.objects.filter(check_in=existing).values_list("symptom__slug", "severity"))
        recorded_doses = list(DoseTaken.objects.filter(check_in=existing).select_related("treatment"))
        recorded = {(dose.treatment_id, dose.label): dose.taken for dose in recorded_doses}
    on_profile = ProfileSymptom.objects.filter(profile_id=member.pk).values("symptom_id")
    symptoms = list(Symptom.objects.filter(Q(pk__in=on_profile) | Q(slug__in=ratings)).order_by("name"))
    doses = list(
        ScheduledDose.objects.filter(
            profile_treatment__profile_id=member.pk, profile_treatment__stopped_on__isnull=True
        )
        .select_related("profile_treatment__treatment")
        .order_by("profile_treatment__treatment__name", "profile_treatment_id", "position", "id")
    )
    scheduled = {(dose.profile_treatment.treatment_id, dose.label) for dose in doses}
    initial: dict[str, object] = {}
    if existing is not None:
        for name in ("feeling", "pain", "energy", "sleep_hours", "note"):
            initial[name] = getattr(existing, name)
        initial.update({f"{SYMPTOM_PREFIX}{slug}": severity for slug, severity in ratings.items()})
        for dose in doses:
            taken = recorded.get((dose.profile_treatment.treatment_id, dose.label))
            if taken is not None:
                initial[f"{DOSE_PREFIX}{dose.pk}"] = "1" if taken else "0"
    form = CheckInForm(
        request.POST if request.method == "POST" else None, initial=initial, symptoms=symptoms, doses=doses
    )
    if request.method == "POST" and form.is_valid():
        try:
            checkins.do_check_in(member, form.to_input(day))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Check-in saved for {day_words(day, today)}.")
            return redirect("tracking")
    if day_form is None:
        day_form = DayForm(initial={"day": day})
    day_form.fields["day"].widget.attrs["max"] = today.isoformat()
    context = {
        "form": form,
        "summary": error_summary(form),
        "day": day,
        "today": today,
        "day_words": day_words(day, today),
        "existing": existing,
        "earlier_doses": [dose for dose in recorded_doses if (dose.treatment_id, dose.label) not in scheduled],
        "week": _week_links(member, today),
        "day_form": day_form,
        "day_summary": error_summary(day_form),
        "has_symptoms": bool(symptoms),
        "has_doses": bool(doses),
    }
    return render(request, "tracking/check_in.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check_in_today(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    today = local_today(member)
    if request.method == "GET" and "day" in request.GET:
        # The "another day" form: a GET, so it works without JavaScript and can be bookmarked.
        day_form = DayForm(request.GET)
        if day_form.is_valid():
            chosen: dt.date = day_form.cleaned_data["day"]
            refusal = checkins.day_refusal(member, chosen)
            if refusal is None:
                if chosen == today:
                    return redirect("check_in")
                return redirect("check_in_on", chosen.year, chosen.month, chosen.day)
            day_form.add_error("day", refusal)
        return _check_in_page(request, member, today, day_form)
    return _check_in_page(request, member, today)


@login_required
@require_http_methods(["GET", "POST"])
def check_in_on(request: HttpRequest, year: int, month: int, day: int) -> HttpResponse:
    member = member_of(request)
    try:
        chosen = dt.date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404 from None
    if checkins.day_refusal(member, chosen) is not None:
        raise Http404
    return _check_in_page(request, member, chosen)


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    check_ins = (
        CheckIn.objects.filter(member=member)
        .order_by("-day")
        .prefetch_related(
            Prefetch("ratings", SymptomRating.objects.select_related("symptom").order_by("symptom__name")),
            Prefetch("doses", DoseTaken.objects.select_related("treatment").order_by("treatment__name", "id")),
        )
    )
    page = Paginator(check_ins, HISTORY_PAGE).get_page(request.GET.get("page"))
    today = local_today(member)
    return render(request, "tracking/history.html", {"page": page, "today": today})


def _dose_form(entry: ProfileTreatment, data: QueryDict | None = None) -> DoseForm:
    # One form per treatment on the page: the ids and the label say which treatment it is for.
    form = DoseForm(data, initial={"treatment": entry.pk}, auto_id=f"id_dose_{entry.pk}_%s")
    form.fields["label"].label = f"New dose of {entry.treatment.name}"
    return form


@login_required
@require_http_methods(["GET", "POST"])
def doses(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    posted: DoseForm | None = None
    posted_to = None
    if request.method == "POST":
        raw = request.POST.get("treatment", "")
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
            raise Http404
        posted_to = access.own_current_treatment(member, int(raw))
        posted = _dose_form(posted_to, request.POST)
        if posted.is_valid():
            try:
                dose = checkins.do_add_dose(member, posted_to, posted.cleaned_data["label"])
            except ValidationError as error:
                add_action_errors(posted, error)
            else:
                messages.success(request, f"“{dose.label}” is scheduled for {posted_to.treatment.name}.")
                return redirect("tracking_doses")
    rows = [
        (entry, posted if posted_to is not None and posted_to.pk == entry.pk else _dose_form(entry))
        for entry in checkins.current_treatments(member)
    ]
    context = {
        "rows": rows,
        "summary": error_summary(posted) if posted is not None else [],
        "max_doses": checkins.DOSES_PER_TREATMENT_MAX,
    }
    return render(request, "tracking/doses.html", context)


@login_required
@require_POST
def remove_dose(request: HttpRequest, dose_id: int) -> HttpResponse:
    member = member_of(request)
    dose = access.own_dose(member, dose_id)
    checkins.do_remove_dose(member, dose)
    messages.success(request, f"“{dose.label}” of {dose.profile_treatment.treatment.name} is no longer scheduled.")
    return redirect("tracking_doses")


@login_required
@require_http_methods(["GET", "POST"])
def trackers(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = TrackerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tracker = checkins.do_create_tracker(
                member, name=data["name"], kind=data["kind"], unit=data["unit"] or None
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Your tracker “{tracker.name}” is ready: add its first value.")
            return redirect("tracker_detail", tracker.pk)
    context = {
        "form": form,
        "summary": error_summary(form),
        "rows": trackers_with_latest(member),
        "max_trackers": checkins.TRACKERS_MAX,
    }
    return render(request, "tracking/trackers.html", context)


def _tracker_page(
    request: HttpRequest,
    member: User,
    tracker: Tracker,
    *,
    reading_form: ReadingForm | None = None,
    rename_form: RenameForm | None = None,
    confirm_delete: bool = False,
) -> HttpResponse:
    today = local_today(member)
    reading_form = reading_form or ReadingForm(initial={"day": today}, tracker=tracker, today=today)
    rename_form = rename_form or RenameForm(initial={"name": tracker.name}, auto_id="id_rename_%s")
    recent = Observation.objects.filter(tracker=tracker).order_by("-day")[:RECENT_READINGS]
    context = {
        "tracker": tracker,
        "unit_label": tracker.get_unit_display(),
        "reading_form": reading_form,
        "rename_form": rename_form,
        "summary": error_summary(reading_form, rename_form),
        "readings": [(reading, reading_text(tracker, reading.value)) for reading in recent],
        "today": today,
        "confirm_delete": confirm_delete,
        "reading_count": tracker.observations.count() if confirm_delete else None,
    }
    return render(request, "tracking/tracker_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tracker_detail(request: HttpRequest, tracker_id: int) -> HttpResponse:
    member = member_of(request)
    tracker = own_tracker(member, tracker_id)
    if request.method == "GET":
        return _tracker_page(request, member, tracker)
    action = request.POST.get("action")
    if action == "rename":
        rename_form = RenameForm(request.POST, auto_id="id_rename_%s")
        if rename_form.is_valid():
            try:
                checkins.do_update_tracker(member, tracker, name=rename_form.cleaned_data["name"])
            except ValidationError as error:
                add_action_errors(rename_form, error)
            else:
                messages.success(request, f"The tracker is now named “{tracker.name}”.")
                return redirect("tracker_detail", tracker.pk)
        return _tracker_page(request, member, tracker, rename_form=rename_form)
    today = local_today(member)
    if action == "remove":
        day_form = ReadingDayForm(request.POST)
        if day_form.is_valid():
            removed: dt.date = day_form.cleaned_data["day"]
            checkins.do_remove_reading(member, tracker, removed)
            messages.success(request, f"The value of {day_words(removed, today)} is removed.")
        return redirect("tracker_detail", tracker.pk)
    reading_form = ReadingForm(request.POST, tracker=tracker, today=today)
    if reading_form.is_valid():
        day: dt.date = reading_form.cleaned_data["day"]
        try:
            checkins.do_record(member, tracker, day, reading_form.cleaned_data["value"])
        except ValidationError as error:
            add_action_errors(reading_form, error)
        else:
            messages.success(request, f"{tracker.name}: value saved for {day_words(day, today)}.")
            return redirect("tracker_detail", tracker.pk)
    return _tracker_page(request, member, tracker, reading_form=reading_form)


@login_required
@require_http_methods(["GET", "POST"])
def delete_tracker(request: HttpRequest, tracker_id: int) -> HttpResponse:
    member = member_of(request)
    tracker = own_tracker(member, tracker_id)
    if request.method == "GET":
        return _tracker_page(request, member, tracker, confirm_delete=True)
    name = tracker.name
    checkins.do_delete_tracker(member, tracker)
    messages.success(request, f"The tracker “{name}” and its values are deleted.")
    return redirect("trackers")
