"""Charts of a member's series over a period: the SVG drawn with pygal, and the facts the page shows
beside it (a table of the values, each series' last value, average, lowest and highest, and the
medication changes of the period), so that the chart is never the only way to read the numbers.

Days without a value are gaps, never zeros. Long periods are read as weekly (or four-weekly) means,
which keeps both the table short and the drawing fast (a 5-year series renders in a few ms).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pygal  # type: ignore[import-untyped]  # pygal ships no type hints
from django.http import Http404, QueryDict
from django.utils import dateformat
from pygal.style import Style  # type: ignore[import-untyped]

from hearth.accounts.models import User
from hearth.profiles.models import ProfileTreatment
from hearth.tracking.series import (
    PERIODS,
    Point,
    Series,
    local_today,
    measure_series,
    period_start,
    points,
    series_of,
)

MAX_SERIES = 4
DEFAULT_PERIOD = "30"
DEFAULT_KEYS = ("pain", "sleep", "feeling")
# Ten years: the longest period a chart reads; "all time" starts no earlier than this.
MAX_SPAN_DAYS = 3653
# Up to these spans a chart (and its table) reads day by day; beyond, weekly means, and beyond the
# second, means over four weeks, so a chart never draws more than ~400 points.
CHART_DAILY_DAYS = 120
TABLE_DAILY_DAYS = 92
WEEKLY_DAYS = 2800
DOTS_MAX_POINTS = 130
MARKERS_MAX = 6
KEY_MAX = 40

# Dark enough for 4.5:1 on white; each series also has its own dash pattern, so a print in black
# and white or a reader who does not tell red from green can still tell the lines apart.
COLOURS = ("#1f4e99", "#b3261e", "#1b6e3a", "#6b3fa0")
DASHES = ("", "10,5", "3,3", "12,4,3,4")
MARKER_COLOUR = "#4d4d4d"
MARKER_DASH = "2,4"
# Light, solid grid lines (pygal's black dashes compete with the series' own dashes), and lines as
# thick as each series asks (pygal thins every line to 1px, for hovering).
CHART_CSS = (
    "inline:.axis .guide.line{stroke:#d0d0d0 !important;stroke-dasharray:none !important}"
    ".series .line.reactive{stroke-width:inherit !important;stroke-opacity:1 !important}"
)
STYLE_BASE: dict[str, Any] = {
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": "#1d1d1d",
    "foreground_strong": "#1d1d1d",
    "foreground_subtle": "#c8c8c8",
    "opacity": "1",
    "opacity_hover": "1",
    "transition": "0s",
    "font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "label_font_size": 13,
    "major_label_font_size": 13,
    "legend_font_size": 14,
    "title_font_size": 16,
    "value_font_size": 13,
    "tooltip_font_size": 13,
}


class ChartRequestError(ValueError):
    """Malformed chart parameters (a period not offered, too many series, a date that is none):
    the page answers 400 with this message, shown at `field`."""

    def __init__(self, message: str, field: str = "period") -> None:
        super().__init__(message)
        self.field = field


def show_day(day: dt.date) -> str:
    return dateformat.format(day, "j M Y")


@dataclass(frozen=True)
class MedicationChange:
    day: dt.date
    treatment: str
    started: bool

    @property
    def text(self) -> str:
        return f"{'Started' if self.started else 'Stopped'} {self.treatment}"


@dataclass(frozen=True)
class SeriesFacts:
    series: Series
    last: Point | None
    count: int
    average: str
    low: str
    high: str

    @property
    def last_value(self) -> str:
        return self.series.show(self.last.value) if self.last else ""


@dataclass(frozen=True)
class TableRow:
    day: dt.date
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class ChartData:
    """Everything a chart page shows beside the drawing; the shared and summary pages use it too."""

    series: tuple[Series, ...]
    start: dt.date
    end: dt.date
    period: str | None
    bin_days: int
    rows: tuple[TableRow, ...]
    facts: tuple[SeriesFacts, ...]
    changes: tuple[MedicationChange, ...]

    @property
    def names(self) -> str:
        return names_of(self.series)

    @property
    def period_text(self) -> str:
        return period_text(self.start, self.end, self.period)

    @property
    def title(self) -> str:
        return f"{self.names} {self.period_text}"

    @property
    def alt(self) -> str:
        return f"{self.title}; the table below gives the values."

    @property
    def caption(self) -> str:
        if self.bin_days == 1:
            return f"{self.title}, day by day"
        each = "week" if self.bin_days == 7 else "four weeks"
        return f"{self.title}: averages of each {each}, shown from its first day"

    @property
    def query(self) -> str:
        """The SVG's query string for this chart (series, first and last day)."""
        return chart_query(self.series, self.start, self.end)


def chart_query(series: Sequence[Series], start: dt.date, end: dt.date) -> str:
    return urlencode([("series", one.key) for one in series] + [("start", start.isoformat()), ("end", end.isoformat())])


def names_of(series: Sequence[Series]) -> str:
    """ "Pain and sleep": the series' names as a sentence reads them."""
    labels = [
        one.label if i == 0 or one.key not in (*DEFAULT_KEYS, "energy") else one.label.lower()
        for i, one in enumerate(series)
    ]
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


def period_text(start: dt.date, end: dt.date, period: str | None) -> str:
    if period == "all":
        return f"since {show_day(start)}"
    if period == "365":
        return "over the last year"
    if period in PERIODS:
        return f"over the last {PERIODS[period]} days"
    return f"from {show_day(start)} to {show_day(end)}"


# --- Reading the request ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartRequest:
    series: tuple[Series, ...]
    start: dt.date
    end: dt.date
    period: str | None


def resolve_series(member: User, keys: Sequence[str]) -> list[Series]:
    """The member's series under these keys, in order and once each; 404 for any that is not theirs
    (another member's tracker looks exactly like one that does not exist)."""
    found: list[Series] = []
    for key in dict.fromkeys(keys):
        series = series_of(member, key) if len(key) <= KEY_MAX else None
        if series is None:
            raise Http404
        found.append(series)
    return found


def parse_day(text: str) -> dt.date:
    if len(text) != len("2025-01-31"):
        raise ChartRequestError("Enter dates as year-month-day, for example 2025-03-31.")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ChartRequestError("Enter dates as year-month-day, for example 2025-03-31.") from None


def parse_period(
    member: User, query: QueryDict, *, max_days: int = MAX_SPAN_DAYS
) -> tuple[dt.date, dt.date, str | None]:
    """The first and last day asked for: `start` and `end`, or a `period` ending today."""
    today = local_today(member)
    if "start" in query or "end" in query:
        start, end = parse_day(query.get("start", "")), parse_day(query.get("end", ""))
        if end > today:
            raise ChartRequestError("The last day cannot be in the future.")
        if start > end:
            raise ChartRequestError("The first day must come before the last day.")
        if (end - start).days + 1 > max_days:
            raise ChartRequestError(f"Choose a period of at most {max_days} days.")
        return start, end, None
    period = query.get("period", DEFAULT_PERIOD)
    if period not in PERIODS:
        raise ChartRequestError("Choose one of the periods offered.")
    start = period_start(member, period, today)
    return max(start, today - dt.timedelta(days=max_days - 1)), today, period


def parse_chart_request(
    member: User,
    query: QueryDict,
    *,
    defaults: Callable[[User, dt.date, dt.date], list[Series]] | None = None,
) -> ChartRequest:
    """The chart asked for by a query string. Raises ChartRequestError (answer 400) for malformed
    input and Http404 for a series that is not the member's."""
    keys = query.getlist("series")
    if len(set(keys)) > MAX_SERIES:
        raise ChartRequestError(f"Choose at most {MAX_SERIES} series for one chart.", "series")
    start, end, period = parse_period(member, query)
    series = resolve_series(member, keys)
    if not series:
        if defaults is None:
            raise ChartRequestError("Choose at least one series.", "series")
        series = defaults(member, start, end)
    return ChartRequest(tuple(series), start, end, period)


def default_chart_series(member: User, start: dt.date, end: dt.date) -> list[Series]:
    """Pain, sleep and feeling, those of them with values in the period; else whatever has values;
    else those three, empty."""
    from hearth.tracking.series import available_series

    usual = [measure_series(key) for key in DEFAULT_KEYS]
    with_values = [one for one in usual if points(member, one, start, end)]
    if with_values:
        return with_values
    others = [one for one in available_series(member) if one.key not in DEFAULT_KEYS]
    with_values = [one for one in others[:20] if points(member, one, start, end)][: MAX_SERIES - 1]
    return with_values or usual


# --- Facts beside the chart ------------------------------------------------------------------------


def medication_changes(member: User, start: dt.date, end: dt.date) -> list[MedicationChange]:
    """Treatments on the member's profile started or stopped within the period, oldest first."""
    entries = ProfileTreatment.objects.filter(profile_id=member.pk).select_related("treatment")
    changes = []
    for entry in entries:
        if entry.started_on and start <= entry.started_on <= end:
            changes.append(MedicationChange(entry.started_on, entry.treatment.name, started=True))
        if entry.stopped_on and start <= entry.stopped_on <= end:
            changes.append(MedicationChange(entry.stopped_on, entry.treatment.name, started=False))
    return sorted(changes, key=lambda change: (change.day, change.treatment))


def chart_bin_days(start: dt.date, end: dt.date) -> int:
    span = (end - start).days + 1
    return 1 if span <= CHART_DAILY_DAYS else 7 if span <= WEEKLY_DAYS else 28


def table_bin_days(start: dt.date, end: dt.date, *, weekly: bool = False) -> int:
    span = (end - start).days + 1
    if span <= TABLE_DAILY_DAYS and not weekly:
        return 1
    return 7 if span <= WEEKLY_DAYS else 28


def binned(found: Sequence[Point], start: dt.date, end: dt.date, size: int) -> list[tuple[dt.date, float | None]]:
    """One (first day, mean) per `size` days from `start`; None where the member recorded nothing."""
    count = (end - start).days // size + 1
    sums = [0.0] * count
    seen = [0] * count
    for point in found:
        index = (point.day - start).days // size
        if 0 <= index < count:
            sums[index] += point.value
            seen[index] += 1
    return [(start + dt.timedelta(days=i * size), sums[i] / seen[i] if seen[i] else None) for i in range(count)]


def show_mean(series: Series, value: float | None) -> str:
    """A mean as a person reads it: one more decimal than the series keeps; yes/no as a share."""
    if value is None:
        return ""
    if series.yes_no:
        return f"{round(value * 100)}% yes"
    text = f"{value:,.{series.bounds.decimals + 1}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cell(series: Series, value: float | None, size: int) -> str:
    if value is None:
        return ""
    return series.show(value) if size == 1 else show_mean(series, value)


def chart_data(
    member: User,
    series: Sequence[Series],
    start: dt.date,
    end: dt.date,
    *,
    period: str | None = None,
    weekly: bool = False,
    medications: bool = True,
) -> ChartData:
    size = table_bin_days(start, end, weekly=weekly)
    found = {one.key: points(member, one, start, end) for one in series}
    columns = [binned(found[one.key], start, end, size) for one in series]
    rows = []
    for i, (day, _value) in enumerate(columns[0] if columns else []):
        cells = tuple(_cell(one, column[i][1], size) for one, column in zip(series, columns, strict=True))
        label = dateformat.format(day, "D j M Y") if size == 1 else show_day(day)
        rows.append(TableRow(day, label, cells))
    facts = []
    for one in series:
        values = [point.value for point in found[one.key]]
        facts.append(
            SeriesFacts(
                series=one,
                last=found[one.key][-1] if values else None,
                count=len(values),
                average=show_mean(one, sum(values) / len(values)) if values else "",
                low=one.show(min(values)) if values else "",
                high=one.show(max(values)) if values else "",
            )
        )
    return ChartData(
        series=tuple(series),
        start=start,
        end=end,
        period=period,
        bin_days=size,
        rows=tuple(rows),
        facts=tuple(facts),
        changes=tuple(medication_changes(member, start, end)) if medications else (),
    )


# --- Drawing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Axis:
    low: float
    high: float
    step: float

    @property
    def intervals(self) -> int:
        return max(1, round((self.high - self.low) / self.step))

    def ticks(self) -> list[float]:
        return [self.low + i * self.step for i in range(self.intervals + 1)]


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 (times a power of ten) at least `raw`."""
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    base = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * base >= raw * (1 - 1e-9):
            return float(factor * base)
    return 10.0 * base  # pragma: no cover  (the loop ends at 10)


def wanted_range(series: Series, values: Sequence[float | None]) -> tuple[float, float]:
    """The y range a series asks for: a whole scale (pain 0 to 10, feeling 1 to 5), or for a measure
    with wide bounds (steps, weight, sleep) the span of its values, from zero when that is near."""
    bounds = series.bounds
    if bounds.high - bounds.low <= 10:
        return float(bounds.low), float(bounds.high)
    present = [value for value in values if value is not None]
    if not present:
        return float(bounds.low), float(bounds.high)
    low, high = min(present), max(present)
    pad = (high - low) * 0.1 or max(abs(high) * 0.1, 1.0)
    low, high = low - pad, high + pad
    if bounds.low <= 0 and low <= high / 2:
        low = 0.0
    return max(low, float(bounds.low)), min(high, float(bounds.high))


def axis_for(series: Series, wanted: tuple[float, float], intervals: int | None = None) -> Axis:
    """A readable axis covering `wanted`: about five steps of a round size, or exactly
    `intervals` steps (a right-hand axis shares the left one's grid lines)."""
    low, high = wanted
    step = _nice_step((high - low) / (intervals or 5))
    if series.bounds.decimals == 0:
        step = max(step, 1.0)
    while True:
        first = math.floor(low / step + 1e-9) * step
        last = first + intervals * step if intervals else math.ceil(high / step - 1e-9) * step
        if last >= high - 1e-9:
            return Axis(first, max(last, first + step), step)
        step = _nice_step(step * 1.01)


def show_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def legend_label(series: Series, *, right: bool) -> str:
    """ "Pain (0 to 10)" (with an en dash), "Sleep, hours (right scale)": short enough for a legend in two columns."""
    bounds = series.bounds
    if series.yes_no:
        label = series.label
    elif series.unit.startswith("(") or not series.unit:
        label = f"{series.label} ({bounds.show(bounds.low)}–{bounds.show(bounds.high)})"
    else:
        label = f"{series.label}, {series.unit}"
    return f"{label} (right scale)" if right else label


def _x_labels(start: dt.date, end: dt.date) -> list[dt.date]:
    span = (end - start).days
    if span <= 14:
        every = 1 if span <= 7 else 2
        return [start + dt.timedelta(days=i) for i in range(0, span + 1, every)]
    if span <= CHART_DAILY_DAYS:
        every = 7 if span <= 60 else 14
        return [start + dt.timedelta(days=i) for i in range(0, span + 1, every)]
    months = span // 30
    every = next(step for step in (1, 2, 3, 6, 12, 24, 60) if months / step <= 8)
    labels: list[dt.date] = []
    year, month = start.year, start.month + 1
    while True:
        if month > 12:
            year, month = year + 1, month - 12
        day = dt.date(year, month, 1)
        if day > end:
            return labels
        if (year * 12 + month - 1) % every == 0:
            labels.append(day)
        month += 1


def _without_scripts(root: Any) -> Any:
    """pygal always writes a <script> with its config and comments naming its web site: neither
    belongs in a chart a strict CSP serves as an image."""
    for child in list(root):
        if not isinstance(child.tag, str):  # a comment
            root.remove(child)
    for defs in root.iter("defs"):
        for child in list(defs):
            if child.tag == "script":
                defs.remove(child)
    return root


def render_chart(
    member: User,
    keys_or_series: Sequence[Series | str],
    start: dt.date,
    end: dt.date,
    *,
    title: str,
    compact: bool = False,
    medications: bool = True,
) -> str:
    """The chart of these series (at most four) from `start` to `end`, as a standalone SVG
    document: no script, nothing fetched, white background for print. Unknown keys raise 404."""
    chosen = [one if isinstance(one, Series) else resolve_series(member, [one])[0] for one in keys_or_series]
    chosen = chosen[:MAX_SERIES]
    size = chart_bin_days(start, end)
    columns = [binned(points(member, one, start, end), start, end, size) for one in chosen]
    changes = medication_changes(member, start, end) if medications else []

    wanted = [wanted_range(one, [value for _day, value in column]) for one, column in zip(chosen, columns, strict=True)]
    left_range = wanted[0] if wanted else (0.0, 10.0)
    on_right = [i for i, one in enumerate(wanted) if one != left_range]
    left = axis_for(chosen[0], left_range) if chosen else Axis(0, 10, 2)
    right = None
    if on_right:
        span = (min(wanted[i][0] for i in on_right), max(wanted[i][1] for i in on_right))
        right = axis_for(chosen[on_right[0]], span, intervals=left.intervals)

    order = [i for i in range(len(chosen)) if i not in on_right]
    markers = changes[:MARKERS_MAX]
    colours = [COLOURS[i] for i in order] + [MARKER_COLOUR] * len(markers) + [COLOURS[i] for i in on_right]
    y_labels: list[Any] = left.ticks()
    if chosen and chosen[0].yes_no:
        y_labels = [{"label": "no", "value": 0}, {"label": "yes", "value": 1}]
    chart = pygal.DateLine(
        js=[],
        disable_xml_declaration=False,
        width=800,
        height=280 if compact else 360,
        style=Style(colors=tuple(colours) or COLOURS, **STYLE_BASE),
        allow_interruptions=True,
        show_dots=len(columns[0]) <= DOTS_MAX_POINTS if columns else False,
        dots_size=2.5,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=-1,
        truncate_label=-1,
        range=(left.low, left.high),
        secondary_range=(right.low, right.high) if right else None,
        y_labels=y_labels,
        xrange=(start, end),
        x_labels=_x_labels(start, end),
        x_value_formatter=(lambda day: f"{day.day} {day:%b}")
        if (end - start).days <= CHART_DAILY_DAYS
        else (lambda day: f"{day:%b %Y}"),
        value_formatter=show_number,
        no_data_text="No values in this period",
        css=("file://style.css", "file://graph.css", CHART_CSS),
        margin=12,
        spacing=8,
        title=title,
    )
    chart.add_xml_filter(_without_scripts)
    for i in order:
        _add_series(chart, chosen[i], columns[i], i, right=False)
    for change in markers:
        when = f"{change.day.day} {change.day:%b}" if size == 1 else show_day(change.day)
        label = f"{change.text} ({when})"
        chart.add(
            label,
            [(change.day, left.low), (change.day, left.high)],
            show_dots=False,
            stroke_style={"width": 2, "dasharray": MARKER_DASH},
        )
    for i in on_right:
        _add_series(chart, chosen[i], columns[i], i, right=True)
    svg: str = chart.render(is_unicode=True)
    return svg


def _add_series(
    chart: Any, series: Series, column: list[tuple[dt.date, float | None]], index: int, *, right: bool
) -> None:
    stroke: dict[str, object] = {"width": 2.5}
    if DASHES[index]:
        stroke["dasharray"] = DASHES[index]
    chart.add(legend_label(series, right=right), column, secondary=right, stroke_style=stroke)


def svg_title(series: Sequence[Series], start: dt.date, end: dt.date, period: str | None = None) -> str:
    return f"{names_of(series)} {period_text(start, end, period)}"
