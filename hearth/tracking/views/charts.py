"""(placeholder: being written)"""

from django.http import Http404, HttpRequest, HttpResponse


def chart_page(request: HttpRequest) -> HttpResponse:
    raise Http404


def chart_svg(request: HttpRequest) -> HttpResponse:
    raise Http404


def summary(request: HttpRequest) -> HttpResponse:
    raise Http404
