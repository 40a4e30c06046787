"""(placeholder: being written)"""

from django.http import Http404, HttpRequest, HttpResponse


def goal_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def goal_detail(request: HttpRequest, goal_id: object) -> HttpResponse:
    raise Http404


def end_goal(request: HttpRequest, goal_id: object) -> HttpResponse:
    raise Http404


def celebrated(request: HttpRequest, milestone_id: object) -> HttpResponse:
    raise Http404


def share_milestone(request: HttpRequest, milestone_id: object) -> HttpResponse:
    raise Http404


def reminder(request: HttpRequest) -> HttpResponse:
    raise Http404
