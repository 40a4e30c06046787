"""(placeholder: being written)"""

from django.http import Http404, HttpRequest, HttpResponse


def share_links(request: HttpRequest) -> HttpResponse:
    raise Http404


def revoke(request: HttpRequest, share_id: object) -> HttpResponse:
    raise Http404


def shared(request: HttpRequest, token: object) -> HttpResponse:
    raise Http404


def shared_chart_svg(request: HttpRequest, token: object) -> HttpResponse:
    raise Http404
