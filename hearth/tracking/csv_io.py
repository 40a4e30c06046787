"""A member's tracking as one CSV file, out and back in.

The file is "long": one row per value, with the columns `date,series,name,value,unit,note`, so a
spreadsheet can filter and chart it and another app can write it. An import is checked whole
before anything is saved (`check_csv`), waits for the member's yes as a `PendingImport`
(`do_stage_import`), and is then applied in one transaction with bulk upserts
(`do_apply_import`): a value already there for that day is replaced, so the same file twice adds
nothing.

Series: `feeling`, `pain`, `energy`, `sleep` (the check-in's measures), `symptom-<slug>` (0 to 3),
`dose` (name "<treatment> — <label>", 1 taken, 0 missed), `tracker` (name and unit of the
tracker, made when missing) and `note` (the day's note, in the note column).
"""

from __future__ import annotations

import csv
import datetime as dt
import heapq
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone

from hearth.accounts.models import User
from hearth.conditions.models import Symptom
from hearth.profiles.models import ProfileTreatment
from hearth.tracking.checkins import DOSE_LABEL_MAX, TRACKERS_MAX, day_refusal, do_create_tracker, kept_value
from hearth.tracking.models import (
    NOTE_MAX,
    TRACKER_NAME_MAX,
    CheckIn,
    DoseTaken,
    Observation,
    PendingImport,
    Source,
    SymptomRating,
    Tracker,
)
from hearth.tracking.series import CHECK_IN_MEASURES, SEVERITY_BOUNDS, local_today
from hearth.tracking.units import BOUNDS, KIND_UNIT, UCUM, TrackerKind, Unit
from hearth.treatments.models import Treatment

HEADER = ("date", "series", "name", "value", "unit", "note")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
ERRORS_SHOWN = 200
PREVIEW_ROWS = 20
# A checked file waits this long for the member's yes; then it is gone and must be uploaded again.
PENDING_FOR = dt.timedelta(hours=1)
DOSE_SEPARATOR = " — "
# Spreadsheets run a cell starting with these as a formula ("CSV injection"), so such text is
# written with a leading apostrophe, which spreadsheets show as text and the import takes off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SERIES_HELP = "feeling, pain, energy, sleep, symptom-<name>, dose, tracker or note"


class CsvRefused(Exception):  # noqa: N818  (named for what happened, as Django's PermissionDenied is)
    """The file cannot be imported; `errors` says every reason, each naming its line and column."""

    def __init__(self, *errors: str) -> None:
        super().__init__(errors[0] if errors else "The file cannot be imported.")
        self.errors = list(errors)


class ImportGone(Exception):  # noqa: N818
    """The pending import is not there: another member's, confirmed, cancelled or over an hour old."""


# --- Free text in a spreadsheet -------------------------------------------------------------------


def spreadsheet_safe(text: str) -> str:
    """`text` as a cell a spreadsheet will not run as a formula. A text already starting with an
    apostrophe gets another, so that `from_spreadsheet` gives back exactly what was written."""
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def from_spreadsheet(text: str) -> str:
    """Undo `spreadsheet_safe`."""
    if text.startswith("'") and text[1:].startswith((*FORMULA_STARTS, "'")):
        return text[1:]
    return text


# --- Export ---------------------------------------------------------------------------------------


def export_filename(member: User) -> str:
    return f"hearth-tracking-{local_today(member).isoformat()}.csv"


def _number(value: float | Decimal | int) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return f"{float(value):.10g}"


def _check_in_rows(member: User) -> Iterator[tuple[dt.date, list[str]]]:
    check_ins = (
        CheckIn.objects.filter(member=member)
        .order_by("day")
        .prefetch_related(
            Prefetch("ratings", queryset=SymptomRating.objects.select_related("symptom").order_by("symptom__slug")),
            Prefetch(
                "doses", queryset=DoseTaken.objects.select_related("treatment").order_by("treatment__name", "label")
            ),
        )
    )
    for check_in in check_ins.iterator(chunk_size=1000):
        day = check_in.day.isoformat()
        for key, (label, _bounds, field) in CHECK_IN_MEASURES.items():
            value = getattr(check_in, field)
            if value is not None:
                yield check_in.day, [day, key, label, _number(value), "hours" if key == "sleep" else "", ""]
        for rating in check_in.ratings.all():
            symptom = rating.symptom
            yield check_in.day, [day, f"symptom-{symptom.slug}", symptom.name, str(rating.severity), "", ""]
        for dose in check_in.doses.all():
            name = f"{dose.treatment.name}{DOSE_SEPARATOR}{dose.label}"
            yield check_in.day, [day, "dose", name, "1" if dose.taken else "0", "", ""]
        if check_in.note:
            yield check_in.day, [day, "note", "Note", "", "", check_in.note]


def _tracker_rows(member: User) -> Iterator[tuple[dt.date, list[str]]]:
    observations = (
        Observation.objects.filter(tracker__member=member)
        .select_related("tracker")
        .order_by("day", Lower("tracker__name"), "tracker_id")
    )
    for observation in observations.iterator(chunk_size=2000):
        tracker = observation.tracker
        yield (
            observation.day,
            [observation.day.isoformat(), "tracker", tracker.name, _number(observation.value), tracker.unit, ""],
        )


class _Line:
    """A file for `csv.writer` that hands each line back instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def export_lines(member: User, *, lines_a_chunk: int = 500) -> Iterator[bytes]:
    """The member's whole tracking as UTF-8 CSV, a chunk of lines at a time, oldest day first:
    each day's check-in, then its tracker readings. The BOM makes spreadsheets read UTF-8."""
    writer = csv.writer(_Line())
    chunk: list[str] = ["\ufeff" + writer.writerow(HEADER)]
    merged = heapq.merge(_check_in_rows(member), _tracker_rows(member), key=lambda item: item[0])
    for _day, row in merged:
        row[2] = spreadsheet_safe(row[2])
        row[5] = spreadsheet_safe(row[5])
        chunk.append(writer.writerow(row))
        if len(chunk) >= lines_a_chunk:
            yield "".join(chunk).encode()
            chunk = []
    if chunk:
        yield "".join(chunk).encode()


# --- Checking a file ------------------------------------------------------------------------------

# A tracker's unit as the file may name it: Hearth's code ("mmol_l"), its symbol or its UCUM code.
_UNIT_NAMES: dict[str, str] = {
    **{code.lower(): unit for code, unit in UCUM.items() if code != "1"},
    **{bounds.symbol.lower(): str(unit) for unit, bounds in BOUNDS.items() if bounds.symbol},
    **{str(unit): str(unit) for unit in Unit.values},
}


def _kind_of(unit: str) -> str:
    for kind, kind_unit in KIND_UNIT.items():
        if kind_unit == unit:
            return str(kind)
    return str(TrackerKind.NUMBER)


@dataclass
class _Context:
    """What checking rows needs from the database, read once for the whole file."""

    member: User
    today: dt.date
    symptoms: dict[str, Symptom]
    treatments: dict[str, Treatment]
    trackers: dict[str, Tracker]


def _decode(data: bytes) -> str:
    if not data.strip():
        raise CsvRefused("The file is empty. Choose a CSV file with a header line and rows.")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CsvRefused(
            'This is a spreadsheet workbook, not a CSV file. In your spreadsheet, choose "Save as" '
            '"CSV UTF-8" and upload that file.'
        )
    if b"\x00" in data:
        raise CsvRefused("This is not a text file (it holds binary data). Upload a CSV file saved as UTF-8.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvRefused(
            f'The file is not UTF-8 text (line {line} is not). In your spreadsheet, save it as "CSV UTF-8" '
            "and upload it again."
        ) from None


def _records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows with the line each starts on; blank rows are left out."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            if header is None:
                header = cells
            elif any(cell.strip() for cell in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise CsvRefused(f"Line {start}: this line cannot be read as CSV ({error}).") from None
    return header or [], rows


def _check_header(header: list[str]) -> list[int]:
    """Where each expected column is in the file; the header may name them in any order."""
    names = [cell.strip().lower() for cell in header]
    if sorted(names) != sorted(HEADER):
        found = ",".join(cell.strip() for cell in header) or "nothing"
        raise CsvRefused(
            f"The first line must name the columns {','.join(HEADER)} (found: {found[:200]}). "
            "Export your tracking to see a file in this format."
        )
    return [names.index(column) for column in HEADER]


def _context(member: User, rows: list[dict[str, str]]) -> _Context:
    slugs = {row["series"].removeprefix("symptom-") for row in rows if row["series"].startswith("symptom-")}
    treatment_names = {
        row["name"].partition(DOSE_SEPARATOR)[0].strip().lower() for row in rows if row["series"] == "dose"
    }
    treatments: dict[str, Treatment] = {}
    if treatment_names:
        own = set(ProfileTreatment.objects.filter(profile_id=member.pk).values_list("treatment_id", flat=True))
        found = Treatment.objects.annotate(lname=Lower("name")).filter(lname__in=treatment_names).order_by("id")
        # Two treatments may share a name; the one on the member's profile is meant.
        for treatment in sorted(found, key=lambda t: t.pk not in own):
            treatments.setdefault(treatment.name.lower(), treatment)
    return _Context(
        member=member,
        today=local_today(member),
        symptoms={s.slug: s for s in Symptom.objects.filter(slug__in=slugs)} if slugs else {},
        treatments=treatments,
        trackers={t.name.lower(): t for t in Tracker.objects.filter(member=member)},
    )


def _value(text: str, *, whole: bool) -> tuple[float | None, str | None]:
    """The number in `text`, or why there is none."""
    if not text:
        return None, "enter a value"
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, f'"{text[:20]}" is not a number; write it with a dot for decimals, e.g. 7.5'
    if not number.is_finite():
        return None, "enter a number"
    if whole and number != number.to_integral_value():
        return None, "enter a whole number"
    return float(number), None


def _bounded(bounds: Any, value: float) -> str | None:
    refusal = bounds.refusal(value)
    return (refusal[0].lower() + refusal[1:]).rstrip(".") if refusal else None


def _check_row(
    line: int, row: dict[str, str], context: _Context, new_trackers: dict[str, str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The row as stored in a PendingImport, and what is wrong with it as (column, message)."""
    problems: list[tuple[str, str]] = []
    parsed: dict[str, Any] = {"line": line}
    try:
        day = dt.date.fromisoformat(row["date"]) if len(row["date"]) == 10 else None
    except ValueError:
        day = None
    refusal = day_refusal(context.member, day) if day is not None else None
    if day is None:
        problems.append(("date", f'"{row["date"][:20]}" is not a date; write it as YYYY-MM-DD, e.g. 2024-05-01'))
    elif day > context.today:
        problems.append(("date", f"{day.isoformat()} is in the future"))
    elif refusal:
        problems.append(("date", refusal[0].lower() + refusal[1:].rstrip(".")))
    else:
        parsed["day"] = day.isoformat()

    series = row["series"].lower()
    parsed["series"] = series
    name, note, unit_text = row["name"], row["note"], row["unit"]
    if series != "note" and note:
        problems.append(("note", 'a note goes on a row of its own, with the series "note"'))

    if series in CHECK_IN_MEASURES:
        label, bounds, _field = CHECK_IN_MEASURES[series]
        value, problem = _value(row["value"], whole=bounds.decimals == 0)
        problem = problem or _bounded(bounds, value or 0.0)
        if problem:
            problems.append(("value", problem))
        parsed |= {"name": label, "value": value}
    elif series.startswith("symptom-"):
        symptom = context.symptoms.get(series.removeprefix("symptom-"))
        value, problem = _value(row["value"], whole=True)
        problem = problem or _bounded(SEVERITY_BOUNDS, value or 0.0)
        if symptom is None:
            problems.append(("series", f'there is no symptom "{series.removeprefix("symptom-")[:60]}"'))
        else:
            parsed |= {"name": symptom.name, "symptom": symptom.pk}
        if problem:
            problems.append(("value", problem))
        parsed["value"] = value
    elif series == "dose":
        treatment_name, separator, label = name.partition(DOSE_SEPARATOR)
        treatment = context.treatments.get(treatment_name.strip().lower())
        label = label.strip()
        if not separator or not label:
            example = f"Hydroxychloroquine{DOSE_SEPARATOR}Morning"
            problems.append(("name", f'write the dose as "<treatment>{DOSE_SEPARATOR}<when>", e.g. "{example}"'))
        elif treatment is None:
            problems.append(("name", f'there is no treatment "{treatment_name.strip()[:80]}"'))
        elif len(label) > DOSE_LABEL_MAX:
            problems.append(("name", f"the dose's label may have {DOSE_LABEL_MAX} characters at most"))
        else:
            parsed |= {"name": f"{treatment.name}{DOSE_SEPARATOR}{label}", "treatment": treatment.pk, "label": label}
        taken = {"1": True, "0": False, "yes": True, "no": False, "taken": True, "missed": False}.get(
            row["value"].lower()
        )
        if taken is None:
            problems.append(("value", "enter 1 for taken or 0 for missed"))
        parsed["value"] = None if taken is None else int(taken)
    elif series == "tracker":
        unit = _UNIT_NAMES.get(unit_text.lower())
        tracker = context.trackers.get(name.lower())
        if not name.strip():
            problems.append(("name", "enter the tracker's name"))
        elif len(name) > TRACKER_NAME_MAX:
            problems.append(("name", f"a tracker's name may have {TRACKER_NAME_MAX} characters at most"))
        if unit is None:
            problems.append(
                ("unit", f'"{unit_text[:20]}" is not a unit Hearth knows; use one of {", ".join(Unit.values)}')
            )
        elif tracker is not None and tracker.unit != unit:
            problems.append(("unit", f'your tracker "{tracker.name}" is in {tracker.unit}, not {unit}'))
        elif tracker is None and name.strip():
            other = new_trackers.setdefault(name.lower(), unit)
            if other != unit:
                problems.append(("unit", f'another row gives the tracker "{name}" the unit {other}'))
        value, problem = _value(row["value"], whole=False)
        if unit is not None and not problem:
            problem = _bounded(BOUNDS[unit], value or 0.0)
            if unit == Unit.YES_NO and value not in (0, 1):
                problem = "enter 1 for yes or 0 for no"
            value = kept_value(BOUNDS[unit], value or 0.0)
        if problem:
            problems.append(("value", problem))
        parsed |= {"name": tracker.name if tracker else name.strip(), "unit": unit, "value": value}
    elif series == "note":
        if row["value"]:
            problems.append(("value", "leave the value empty on a note's row"))
        if not note.strip():
            problems.append(("note", "write the note, or leave the row out"))
        elif len(note) > NOTE_MAX:
            problems.append(("note", f"a note may have {NOTE_MAX:,} characters at most (this one has {len(note):,})"))
        parsed |= {"name": "Note", "value": None, "note": note}
    else:
        problems.append(("series", f'"{row["series"][:40]}" is not a series; use {SERIES_HELP}'))
    return parsed, problems


def _duplicate_key(parsed: dict[str, Any]) -> tuple[Any, ...] | None:
    if "day" not in parsed:
        return None
    series = parsed["series"]
    if series == "dose":
        return (parsed["day"], series, parsed.get("treatment"), str(parsed.get("label", "")).lower())
    if series == "tracker":
        return (parsed["day"], series, str(parsed.get("name", "")).lower())
    return (parsed["day"], series)


def check_csv(member: User, data: bytes) -> list[dict[str, Any]]:
    """The rows of the file, ready to import; `CsvRefused` with every problem otherwise (nothing
    is saved either way)."""
    if len(data) > MAX_BYTES:
        size = len(data) / 1024 / 1024
        raise CsvRefused(f"The file is {size:.1f} MB; the limit is 2 MB. Split it into smaller files.")
    header, records = _records(_decode(data))
    columns = _check_header(header)
    if not records:
        raise CsvRefused("The file has a header but no rows to import.")
    if len(records) > MAX_ROWS:
        raise CsvRefused(
            f"The file has {len(records):,} rows; at most {MAX_ROWS:,} can be imported at once. "
            "Split it into smaller files."
        )

    errors: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in records:
        if len(cells) != len(HEADER):
            errors.append(f"Line {line}: expected {len(HEADER)} cells ({','.join(HEADER)}), found {len(cells)}.")
            continue
        values = [cells[index] for index in columns]
        row = dict(zip(HEADER, values, strict=True))
        row = {key: value.strip() for key, value in row.items()}
        # Spaces inside a name are tidied as the pages tidy them, so "Blood  sugar" is "Blood sugar".
        row["name"] = " ".join(from_spreadsheet(row["name"]).split())
        row["note"] = from_spreadsheet(row["note"]).strip()
        rows.append((line, row))

    context = _context(member, [row for _line, row in rows])
    parsed_rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    new_trackers: dict[str, str] = {}
    for line, row in rows:
        parsed, problems = _check_row(line, row, context, new_trackers)
        errors += [f"Line {line}, column {column}: {message}." for column, message in problems]
        key = _duplicate_key(parsed)
        if key is not None and not problems:
            if key in seen:
                what = ", ".join([row["date"], row["series"], *([parsed["name"]] if len(key) > 2 else [])])
                errors.append(f"Line {line} repeats line {seen[key]}: the same day and series ({what}).")
            else:
                seen[key] = line
        parsed_rows.append(parsed)
    if len(context.trackers) + len(new_trackers) > TRACKERS_MAX:
        errors.append(
            f"The file makes {len(new_trackers)} new trackers; you have {len(context.trackers)} and may have "
            f"{TRACKERS_MAX} at most."
        )
    if errors:
        raise CsvRefused(*errors)
    return parsed_rows


def do_stage_import(member: User, filename: str, data: bytes) -> PendingImport:
    """Check the file and keep its rows until the member confirms; `CsvRefused` otherwise."""
    rows = check_csv(member, data)
    # One file waits at a time: a new upload replaces the one not confirmed (each can be 2 MB).
    PendingImport.objects.filter(member=member).delete()
    return PendingImport.objects.create(member=member, filename=filename[:200], rows=rows)


def forget_stale_imports() -> int:
    """Delete every import left unconfirmed for over an hour, whoever staged it."""
    deleted, _ = PendingImport.objects.filter(created_at__lt=timezone.now() - PENDING_FOR).delete()
    return deleted


def pending_import(member: User, import_id: int) -> PendingImport:
    """The member's import waiting for a yes; `ImportGone` when it is not theirs, not there any
    more or over an hour old (the view answers 404 alike)."""
    found = PendingImport.objects.filter(
        pk=import_id, member=member, created_at__gte=timezone.now() - PENDING_FOR
    ).first()
    if found is None:
        raise ImportGone
    return found


# --- Preview --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    rows: int
    first_day: dt.date
    last_day: dt.date
    per_series: list[tuple[str, int]]
    first_rows: list[dict[str, Any]]
    days: int
    days_updated: int
    new_trackers: list[str]


def _series_label(row: dict[str, Any]) -> str:
    series = row["series"]
    if series == "dose":
        return "Doses"
    if series == "note":
        return "Notes"
    if series == "tracker":
        return f"{row['name']} (tracker)"
    return str(row["name"])


def _tracked_days(member: User, first: dt.date, last: dt.date) -> set[dt.date]:
    days = set(CheckIn.objects.filter(member=member, day__range=(first, last)).values_list("day", flat=True))
    days |= set(
        Observation.objects.filter(tracker__member=member, day__range=(first, last)).values_list("day", flat=True)
    )
    return days


def preview_of(member: User, pending: PendingImport) -> Preview:
    rows: list[dict[str, Any]] = pending.rows
    days = {dt.date.fromisoformat(row["day"]) for row in rows}
    first, last = min(days), max(days)
    known = {tracker.lower() for tracker in Tracker.objects.filter(member=member).values_list("name", flat=True)}
    new_trackers = sorted(
        {row["name"] for row in rows if row["series"] == "tracker" and row["name"].lower() not in known}
    )
    return Preview(
        rows=len(rows),
        first_day=first,
        last_day=last,
        per_series=sorted(Counter(_series_label(row) for row in rows).items()),
        first_rows=rows[:PREVIEW_ROWS],
        days=len(days),
        days_updated=len(days & _tracked_days(member, first, last)),
        new_trackers=new_trackers,
    )


# --- Applying -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    rows: int
    days: int
    new_trackers: int


_MEASURE_FIELDS = {key: field for key, (_label, _bounds, field) in CHECK_IN_MEASURES.items()}
_CHECK_IN_FIELDS = [*_MEASURE_FIELDS.values(), "note", "updated_at"]


def _trackers_for(member: User, rows: list[dict[str, Any]]) -> tuple[dict[str, Tracker], int]:
    """The member's trackers by lower-cased name, with those the file names made."""
    trackers = {t.name.lower(): t for t in Tracker.objects.filter(member=member)}
    made = 0
    for row in rows:
        if row["series"] != "tracker":
            continue
        tracker = trackers.get(row["name"].lower())
        if tracker is None:
            unit = row["unit"]
            tracker = do_create_tracker(member, name=row["name"], kind=_kind_of(unit), unit=unit)
            trackers[tracker.name.lower()] = tracker
            made += 1
        elif tracker.unit != row["unit"]:
            raise ValidationError(
                f'Your tracker "{tracker.name}" changed to {tracker.unit} since you uploaded the file. Upload it again.'
            )
    return trackers, made


def _sleep(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _upsert_check_ins(member: User, rows: Iterable[dict[str, Any]], now: dt.datetime) -> dict[dt.date, int]:
    """Every day the rows need a check-in for, made or updated with their values; ids by day."""
    wanted: dict[dt.date, dict[str, Any]] = {}
    for row in rows:
        if row["series"] == "tracker":
            continue
        fields = wanted.setdefault(dt.date.fromisoformat(row["day"]), {})
        if row["series"] in _MEASURE_FIELDS:
            value = row["value"]
            fields[_MEASURE_FIELDS[row["series"]]] = _sleep(value) if row["series"] == "sleep" else int(value)
        elif row["series"] == "note":
            fields["note"] = row["note"]
    if not wanted:
        return {}
    first, last = min(wanted), max(wanted)
    # Locked so that a check-in saved meanwhile from another tab is not overwritten unseen.
    existing = {
        check_in.day: check_in
        for check_in in CheckIn.objects.select_for_update().filter(member=member, day__range=(first, last))
    }
    upserts = []
    for day, fields in wanted.items():
        check_in = existing.get(day) or CheckIn(member=member, day=day, source=Source.CSV, created_at=now)
        for name, value in fields.items():
            setattr(check_in, name, value)
        check_in.updated_at = now
        upserts.append(check_in)
    CheckIn.objects.bulk_create(
        upserts, batch_size=500, update_conflicts=True, unique_fields=["member", "day"], update_fields=_CHECK_IN_FIELDS
    )
    ids = CheckIn.objects.filter(member=member, day__range=(first, last)).values_list("day", "id")
    return {day: pk for day, pk in ids if day in wanted}


@transaction.atomic
def do_apply_import(member: User, import_id: int) -> ImportResult:
    """Save a pending import in one transaction and forget the file; `ImportGone` when it is not
    waiting any more, `ValidationError` when something changed since it was checked."""
    from hearth.tracking.goals import check_milestones

    # Locked: a second click on "Import" waits here, then finds the import gone.
    pending = (
        PendingImport.objects.select_for_update()
        .filter(pk=import_id, member=member, created_at__gte=timezone.now() - PENDING_FOR)
        .first()
    )
    if pending is None:
        raise ImportGone
    rows: list[dict[str, Any]] = pending.rows
    now = timezone.now()
    try:
        trackers, made = _trackers_for(member, rows)
        check_ins = _upsert_check_ins(member, rows, now)
        ratings, doses, observations = [], [], []
        for row in rows:
            day = dt.date.fromisoformat(row["day"])
            if row["series"].startswith("symptom-"):
                ratings.append(
                    SymptomRating(check_in_id=check_ins[day], symptom_id=row["symptom"], severity=int(row["value"]))
                )
            elif row["series"] == "dose":
                doses.append(
                    DoseTaken(
                        check_in_id=check_ins[day],
                        treatment_id=row["treatment"],
                        label=row["label"],
                        taken=bool(row["value"]),
                    )
                )
            elif row["series"] == "tracker":
                tracker = trackers[row["name"].lower()]
                observations.append(
                    Observation(tracker=tracker, day=day, value=row["value"], source=Source.CSV, recorded_at=now)
                )
        SymptomRating.objects.bulk_create(
            ratings,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["check_in", "symptom"],
            update_fields=["severity"],
        )
        DoseTaken.objects.bulk_create(
            doses,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["check_in", "treatment", "label"],
            update_fields=["taken"],
        )
        Observation.objects.bulk_create(
            observations,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["tracker", "day"],
            update_fields=["value", "source", "source_ref", "recorded_at"],
        )
    except IntegrityError:
        # A tracker of the same name made meanwhile in another tab, or the like.
        raise ValidationError("Your tracking changed while importing; nothing was imported. Try again.") from None
    days = {row["day"] for row in rows}
    pending.delete()
    check_milestones(member)
    return ImportResult(rows=len(rows), days=len(days), new_trackers=made)


def do_cancel_import(member: User, import_id: int) -> None:
    PendingImport.objects.filter(pk=import_id, member=member).delete()
