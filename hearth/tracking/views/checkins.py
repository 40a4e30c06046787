"""(placeholder: being written)"""

from django.http import Http404, HttpRequest, HttpResponse


def overview(request: HttpRequest) -> HttpResponse:
    raise Http404


def check_in_today(request: HttpRequest) -> HttpResponse:
    raise Http404


def check_in_on(request: HttpRequest, year: object, month: object, day: object) -> HttpResponse:
    raise Http404


def history(request: HttpRequest) -> HttpResponse:
    raise Http404


def doses(request: HttpRequest) -> HttpResponse:
    raise Http404


def remove_dose(request: HttpRequest, dose_id: object) -> HttpResponse:
    raise Http404


def trackers(request: HttpRequest) -> HttpResponse:
    raise Http404


def tracker_detail(request: HttpRequest, tracker_id: object) -> HttpResponse:
    raise Http404


def delete_tracker(request: HttpRequest, tracker_id: object) -> HttpResponse:
    raise Http404
