"""Error pages in the site's style for people, JSON for the API, never a stack trace."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory
from django.urls import path

from hearth.web import errors

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("boom/", boom), path("api/v1/boom/", boom)]
handler500 = "hearth.web.errors.server_error"


def test_an_unknown_page_answers_404_in_the_site_style(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'class="skip-link"' in page


def test_an_unknown_api_path_answers_json_404(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.urls("hearth.web.tests.test_error_pages")
def test_a_crash_shows_the_friendly_500_page(settings) -> None:
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client = Client(raise_request_exception=False)

    page = client.get("/boom/")
    api = client.get("/api/v1/boom/")

    assert page.status_code == 500
    assert "Something went wrong on our side" in page.content.decode()
    assert "broken on purpose" not in page.content.decode()
    assert api.status_code == 500
    assert api.json()["detail"].startswith("Something went wrong")


@pytest.mark.parametrize(
    ("handler", "status", "text"),
    [(errors.bad_request, 400, "could not be understood"), (errors.permission_denied, 403, "can’t do that")],
)
def test_400_and_403_pages_speak_plainly(rf: RequestFactory, handler, status: int, text: str) -> None:
    request = rf.get("/somewhere/")

    response = handler(request, Exception("x"))

    assert response.status_code == status
    assert text in response.content.decode()


@pytest.mark.parametrize(("handler", "status"), [(errors.bad_request, 400), (errors.permission_denied, 403)])
def test_400_and_403_are_json_on_the_api(rf: RequestFactory, handler, status: int) -> None:
    response = handler(rf.get("/api/v1/x"), Exception("x"))

    assert response.status_code == status
    assert "detail" in json.loads(response.content)


def test_a_csrf_failure_on_the_api_is_json(rf: RequestFactory) -> None:
    response = errors.csrf_failure(rf.post("/api/v1/x"), reason="no token")

    assert response.status_code == 403
    assert "X-CSRFToken" in json.loads(response.content)["detail"]
