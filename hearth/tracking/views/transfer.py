"""A member's tracking out as CSV and back in: the export, the upload that checks a file whole,
and the preview where the member says yes (or no) before anything is saved (`csv_io.py`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hearth.accounts.access import member_of
from hearth.tracking import csv_io


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            f"UTF-8 CSV with the columns {','.join(csv_io.HEADER)}, as the export writes them; "
            f"at most 2 MB and {csv_io.MAX_ROWS:,} rows. Nothing is saved before you see a preview."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


@login_required
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    member = member_of(request)
    response = StreamingHttpResponse(csv_io.export_lines(member), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_io.export_filename(member)}"'
    # Health data: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > csv_io.MAX_BYTES:
                # Not read at all: the size alone refuses it.
                size = upload.size / 1024 / 1024
                raise csv_io.CsvRefused(f"The file is {size:.1f} MB; the limit is 2 MB. Split it into smaller files.")
            pending = csv_io.do_stage_import(member, upload.name or "", upload.read())
        except csv_io.CsvRefused as refused:
            errors = refused.errors
            form.add_error(
                "file",
                "The file cannot be imported: see the problem above."
                if len(errors) == 1
                else f"The file cannot be imported: see the {len(errors):,} problems above.",
            )
        else:
            return redirect("tracking_import_preview", pending.pk)
    context = {
        "form": form,
        "errors": errors[: csv_io.ERRORS_SHOWN],
        "error_count": len(errors),
        "errors_shown": csv_io.ERRORS_SHOWN,
        "errors_more": max(0, len(errors) - csv_io.ERRORS_SHOWN),
        "header": ",".join(csv_io.HEADER),
        "max_rows": csv_io.MAX_ROWS,
    }
    return render(request, "tracking/import.html", context)


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "tracking/import_preview.html", {"gone": True}, status=404)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    member = member_of(request)
    try:
        pending = csv_io.pending_import(member, import_id)
    except csv_io.ImportGone:
        return _gone(request)
    problem = ""
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            csv_io.do_cancel_import(member, pending.pk)
            messages.success(request, "The import is cancelled; nothing was saved.")
            return redirect("tracking_import")
        try:
            result = csv_io.do_apply_import(member, pending.pk)
        except csv_io.ImportGone:
            return _gone(request)
        except ValidationError as error:
            problem = error.messages[0]
        else:
            messages.success(
                request,
                f"Imported {result.rows:,} values over {result.days:,} days"
                + (f", with {result.new_trackers} new trackers." if result.new_trackers else "."),
            )
            return redirect("tracking")
    context = {"pending": pending, "preview": csv_io.preview_of(member, pending), "problem": problem}
    return render(request, "tracking/import_preview.html", context)
