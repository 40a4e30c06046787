"""(placeholder: being written)"""

from django.http import Http404, HttpRequest, HttpResponse


def export_csv(request: HttpRequest) -> HttpResponse:
    raise Http404


def import_csv(request: HttpRequest) -> HttpResponse:
    raise Http404


def import_preview(request: HttpRequest, import_id: object) -> HttpResponse:
    raise Http404
