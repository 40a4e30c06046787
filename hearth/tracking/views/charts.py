"""The member's charts page, the chart as an SVG image, and the summary they print for a visit.

Malformed parameters answer 400 with the page and its error; a series that is not the member's
answers 404 (`charts.resolve_series`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.tracking import charts
from hearth.tracking import summary as visit_summary
from hearth.tracking.series import PERIOD_LABELS, Series, available_series, local_today
from hearth.tracking.sharing import share_this_context

# pygal writes its look as a <style> inside the SVG; nothing else may load or run in it.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def svg_response(svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # Health data: no shared cache and no browser cache may keep it.
    response["Cache-Control"] = "private, no-store"
    # CSPMiddleware only sets its site-wide policy when the response has none, so this one stands.
    response["Content-Security-Policy"] = SVG_POLICY
    return response


def bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _choices(member: User, chosen: Sequence[Series]) -> list[tuple[Series, bool]]:
    keys = {one.key for one in chosen}
    offered = available_series(member)
    offered += [one for one in chosen if one.key not in {other.key for other in offered}]
    return [(one, one.key in keys) for one in offered]


@login_required
@require_GET
def chart_page(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    try:
        chosen = charts.parse_chart_request(member, request.GET, defaults=charts.default_chart_series)
    except charts.ChartRequestError as error:
        asked = set(request.GET.getlist("series"))
        context = {
            "error": str(error),
            "error_field": error.field,
            "choices": [(one, one.key in asked) for one in available_series(member)],
            "periods": PERIOD_LABELS.items(),
            "period": request.GET.get("period", charts.DEFAULT_PERIOD),
            "max_series": charts.MAX_SERIES,
        }
        return render(request, "tracking/charts.html", context, status=400)
    data = charts.chart_data(member, chosen.series, chosen.start, chosen.end, period=chosen.period)
    context = {
        "data": data,
        "svg_url": f"{reverse('tracking_chart_svg')}?{data.query}",
        "choices": _choices(member, chosen.series),
        "periods": PERIOD_LABELS.items(),
        "period": chosen.period or "",
        "max_series": charts.MAX_SERIES,
        **share_this_context(member),
    }
    return render(request, "tracking/charts.html", context)


@login_required
@require_GET
def chart_svg(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    try:
        chosen = charts.parse_chart_request(member, request.GET)
    except charts.ChartRequestError as error:
        return bad_request(str(error))
    title = charts.svg_title(chosen.series, chosen.start, chosen.end, chosen.period)
    compact = request.GET.get("size") == "compact"
    return svg_response(
        charts.render_chart(member, chosen.series, chosen.start, chosen.end, title=title, compact=compact)
    )


class SummaryForm(forms.Form):
    start = forms.DateField(label="First day", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Last day", widget=forms.DateInput(attrs={"type": "date"}))
    series = forms.MultipleChoiceField(
        label="What to chart",
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Up to {visit_summary.MAX_SERIES}.",
    )
    note = forms.MultipleChoiceField(
        label="Notes to include",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only the notes you tick are in the summary.",
    )

    def __init__(self, member: User, *args: object, chosen: Sequence[Series] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.member = member
        offered = _choices(member, chosen)
        self.fields["series"].choices = [(one.key, one.label) for one, _checked in offered]  # type: ignore[attr-defined]
        self.fields["note"].choices = [  # type: ignore[attr-defined]
            (note.day.isoformat(), f"{charts.show_day(note.day)}: {_clip(note.text)}") for note in self._notes()
        ]

    def _notes(self) -> list[visit_summary.Note]:
        start, end = self._period()
        if start is None or end is None or start > end or (end - start).days + 1 > visit_summary.MAX_DAYS:
            return []
        return visit_summary.notes_in(self.member, start, end)

    def _period(self) -> tuple[dt.date | None, dt.date | None]:
        if not self.is_bound:
            return self.initial.get("start"), self.initial.get("end")
        days: list[dt.date | None] = []
        for name in ("start", "end"):
            try:
                days.append(charts.parse_day(str(self.data.get(name, ""))))
            except charts.ChartRequestError:
                days.append(None)
        return days[0], days[1]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            try:
                visit_summary.check_period(self.member, start, end)
            except ValidationError as error:
                self.add_error(None, error)
        if len(data.get("series") or []) > visit_summary.MAX_SERIES:
            self.add_error("series", f"Choose at most {visit_summary.MAX_SERIES}.")
        return data


def _clip(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else f"{text[: length - 1]}…"


def summary_sections(found: visit_summary.VisitSummary, src: str, extra: str = "") -> list[dict[str, object]]:
    """Each table group with its series' chart images: `src` is the SVG URL, to which each
    series' key is added (and `extra`, the rest of the query)."""
    sections = []
    for group in found.charts:
        images = [
            {"facts": facts, "src": f"{src}?{urlencode([('series', facts.series.key)])}{extra}"}
            for facts in group.facts
        ]
        sections.append({"chart": group, "images": images})
    return sections


@login_required
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    chosen = charts.resolve_series(member, request.GET.getlist("series")[: visit_summary.MAX_SERIES + 1])
    if "start" not in request.GET and "end" not in request.GET:
        start, end = visit_summary.default_period(member)
        defaults = chosen or visit_summary.default_series(member)
        form = SummaryForm(
            member,
            initial={"start": start, "end": end, "series": [one.key for one in defaults]},
            chosen=defaults,
        )
        return render(request, "tracking/summary.html", {"form": form})
    form = SummaryForm(member, request.GET, chosen=chosen)
    if not form.is_valid():
        return render(request, "tracking/summary.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if request.GET.get("show") != "1":
        return render(request, "tracking/summary.html", {"form": form})
    note_days = [dt.date.fromisoformat(day) for day in form.cleaned_data["note"]]
    series = charts.resolve_series(member, form.cleaned_data["series"])
    found = visit_summary.build_summary(member, series, start, end, note_days)
    extra = "&" + urlencode([("start", start.isoformat()), ("end", end.isoformat()), ("size", "compact")])
    change = request.GET.copy()
    change.pop("show", None)
    context = {
        "summary": found,
        "sections": summary_sections(found, reverse("tracking_chart_svg"), extra),
        "change_url": f"{reverse('tracking_summary')}?{change.urlencode()}",
        "share_series": [one.key for one in series],
        "share_notes": [day.isoformat() for day in note_days],
        "today": local_today(member),
        **share_this_context(member),
    }
    return render(request, "tracking/summary.html", context)
