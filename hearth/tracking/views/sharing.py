"""The member's share links (create, list with their openings, revoke) and the read-only page and
chart image that a link opens for anyone who has it, until it expires or is revoked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.lib.zones import zone
from hearth.tracking import charts, sharing
from hearth.tracking import summary as visit_summary
from hearth.tracking.access import open_share, own_share
from hearth.tracking.models import ShareKind, ShareLink, ShareOpening
from hearth.tracking.series import Series, available_series, series_of
from hearth.tracking.views.charts import summary_sections, svg_response


class DayListField(forms.Field):
    """Days as hidden inputs (the notes picked on the summary page), each year-month-day."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> list[dt.date]:
        if not value:
            return []
        if not isinstance(value, list | tuple) or len(value) > visit_summary.MAX_DAYS:
            raise ValidationError("Pick the notes again.")
        try:
            return [charts.parse_day(str(day)) for day in value]
        except charts.ChartRequestError:
            raise ValidationError("Pick the notes again.") from None


class ShareForm(forms.Form):
    kind = forms.ChoiceField(label="What to share", choices=ShareKind.choices, widget=forms.RadioSelect)
    series = forms.MultipleChoiceField(
        label="Series",
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Up to {charts.MAX_SERIES} for a chart, {visit_summary.MAX_SERIES} for a summary.",
    )
    start = forms.DateField(label="First day", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Last day", widget=forms.DateInput(attrs={"type": "date"}))
    note_days = DayListField(required=False)
    recipient = forms.CharField(
        label="Who it is for",
        max_length=sharing.RECIPIENT_MAX,
        help_text='For example "Dr. Attai". Only you see this.',
    )
    connection = forms.TypedChoiceField(
        label="One of your connections (optional)", coerce=int, required=False, empty_value=None
    )
    expires_in_days = forms.TypedChoiceField(
        label="The link stops working after",
        choices=list(sharing.EXPIRY_LABELS.items()),
        coerce=int,
        initial=sharing.DEFAULT_EXPIRY,
        widget=forms.RadioSelect,
    )

    include_medications = forms.BooleanField(
        label="Include my medication changes and missed doses",
        required=False,
        help_text="From the treatments on your profile. Left out unless you tick this.",
    )

    def __init__(self, member: User, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["series"].choices = [(one.key, one.label) for one in available_series(member)]  # type: ignore[attr-defined]
        self.fields["connection"].choices = [("", "Nobody")] + [  # type: ignore[attr-defined]
            (one.pk, f"@{one.handle}") for one in sharing.accepted_connections(member)
        ]

    def to_input(self) -> sharing.ShareInput:
        data = self.cleaned_data
        return sharing.ShareInput(
            kind=data["kind"],
            series=data["series"],
            start=data["start"],
            end=data["end"],
            note_days=data["note_days"],
            recipient=data["recipient"],
            connection_id=data["connection"],
            expires_in_days=data["expires_in_days"],
            include_medications=data["include_medications"],
        )


@dataclass(frozen=True)
class ShareRow:
    link: ShareLink
    status: str
    what: str
    url: str
    opened: int
    openings: list[ShareOpening]


def _what(link: ShareLink, known: dict[str, Series]) -> str:
    found = [known[key] for key in map(str, link.series) if key in known]
    names = charts.names_of(found) or "Series you removed"
    text = (
        f"{ShareKind(link.kind).label}: {names}, {charts.show_day(link.starts_on)} to {charts.show_day(link.ends_on)}"
    )
    if link.note_days:
        count = len(link.note_days)
        text += f", with {count} note{'s' if count != 1 else ''}"
    return text


@login_required
@require_http_methods(["GET", "POST"])
def share_links(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = ShareForm(member, request.POST or None, initial={"kind": ShareKind.CHART})
    if request.method == "POST" and form.is_valid():
        try:
            link = sharing.do_create_share(member, form.to_input())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The link for {link.recipient} is ready; copy it from the list below.")
            return redirect(f"{reverse('tracking_shares')}#share-{link.pk}")
    links = list(
        ShareLink.objects.filter(member=member).select_related("connection").annotate(opened=Count("openings"))[:100]
    )
    # Two queries for the whole list, not two a link: the series resolved once, the latest openings
    # of all the links together (a bounded number), grouped here.
    known = {one.key: one for one in available_series(member)}
    latest: dict[int, list[ShareOpening]] = {link.pk: [] for link in links}
    recent = ShareOpening.objects.filter(link__in=latest).select_related("viewer").order_by("-opened_at", "-pk")
    for opening in recent[: sharing.OPENINGS_SHOWN * max(1, len(links))]:
        if len(latest[opening.link_id]) < sharing.OPENINGS_SHOWN:
            latest[opening.link_id].append(opening)
    rows = [
        ShareRow(
            link=link,
            status=sharing.status_of(link),
            what=_what(link, known),
            url=request.build_absolute_uri(reverse("tracking_shared", args=[link.token])),
            opened=link.opened,
            openings=latest[link.pk],
        )
        for link in links
    ]
    context = {"form": form, "rows": rows, "member_zone": zone(member.time_zone), "shown": sharing.OPENINGS_SHOWN}
    return render(request, "tracking/shares.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    member = member_of(request)
    link = sharing.do_revoke_share(member, own_share(member, share_id))
    messages.success(request, f"The link for {link.recipient} no longer works.")
    return redirect("tracking_shares")


def _shared_series(link: ShareLink) -> list[Series]:
    """The link's series that still exist (a tracker may have been deleted since)."""
    return [one for key in link.series if (one := series_of(link.member, str(key))) is not None]


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    # The token is in the URL: no link on this page may carry it to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    link = open_share(token)
    viewer = request.user if isinstance(request.user, User) else None
    sharing.record_opening(link, viewer)
    member = link.member
    series = _shared_series(link)
    svg = reverse("tracking_shared_svg", args=[token])
    context: dict[str, object] = {"link": link, "member_zone": zone(member.time_zone)}
    if link.kind == ShareKind.SUMMARY:
        found = visit_summary.build_summary(
            member,
            series,
            link.starts_on,
            link.ends_on,
            sharing.note_days_of(link),
            medications=link.include_medications,
        )
        context.update(summary=found, sections=summary_sections(found, svg))
    else:
        data = charts.chart_data(member, series, link.starts_on, link.ends_on, medications=link.include_medications)
        query = urlencode([("series", one.key) for one in data.series])
        context.update(data=data, svg_url=f"{svg}?{query}")
    return _private(render(request, "tracking/shared.html", context))


@require_GET
def shared_chart_svg(request: HttpRequest, token: str) -> HttpResponse:
    link = open_share(token)
    keys = list(dict.fromkeys(request.GET.getlist("series")))
    named = {str(key) for key in link.series}
    if not keys or len(keys) > charts.MAX_SERIES or not set(keys) <= named:
        raise Http404
    series = charts.resolve_series(link.member, keys)
    title = charts.svg_title(series, link.starts_on, link.ends_on)
    svg = charts.render_chart(
        link.member,
        series,
        link.starts_on,
        link.ends_on,
        title=title,
        compact=link.kind == ShareKind.SUMMARY,
        medications=link.include_medications,
    )
    response = svg_response(svg)
    response["X-Robots-Tag"] = "noindex"
    return response
