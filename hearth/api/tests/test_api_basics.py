"""The API: session or bearer token, JSON errors with the right status, `url` on resources."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token, do_revoke_access_token
from hearth.accounts.models import User

pytestmark = pytest.mark.django_db


def test_maya_reads_herself_with_a_bearer_token(client: Client, maya: User, maya_token: str) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {maya_token}"})

    assert response.status_code == 200
    body = response.json()
    assert body["handle"] == "maya_r"
    assert body["url"] == "/members/maya_r/"
    assert "email" not in body


def test_maya_reads_herself_with_her_browser_session(maya_client: Client) -> None:
    assert maya_client.get("/api/v1/me").json()["handle"] == "maya_r"


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Bearer ", "Basic abc", "Bearer hth_wrong"])
def test_an_outsider_gets_401_json(client: Client, maya: User, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}

    response = client.get("/api/v1/me", headers=headers)

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_revoked_token_gets_401(client: Client, maya: User) -> None:
    created = do_create_access_token(maya, "old")
    do_revoke_access_token(created.token)

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {created.secret}"})

    assert response.status_code == 401


def test_a_deactivated_member_with_a_session_gets_401(maya_client: Client, maya: User) -> None:
    User.objects.filter(pk=maya.pk).update(is_active=False)

    assert maya_client.get("/api/v1/me").status_code == 401


def test_conditions_search_is_public_and_carries_urls(client: Client) -> None:
    response = client.get("/api/v1/conditions", {"q": "SLE"})

    first = response.json()[0]
    assert first["name"] == "Systemic lupus erythematosus"
    assert first["url"] == "/conditions/systemic-lupus-erythematosus/"
    assert "M32" in first["icd10cm"]


@pytest.mark.parametrize(
    "params", [{}, {"q": ""}, {"q": "x" * 101}, {"q": "lupus", "limit": "0"}, {"q": "a", "limit": "x"}]
)
def test_bad_search_parameters_get_422(client: Client, params: dict[str, str]) -> None:
    response = client.get("/api/v1/conditions", params)

    assert response.status_code == 422
    assert "detail" in response.json()


def test_an_unknown_condition_gets_404_json(client: Client) -> None:
    response = client.get("/api/v1/conditions/no-such-thing")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_the_openapi_document_is_served(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()

    assert document["openapi"].startswith("3.")
    assert "/api/v1/me" in document["paths"]
    assert "/api/v1/conditions" in document["paths"]


def test_there_are_no_interactive_docs_loading_third_party_scripts(client: Client) -> None:
    assert client.get("/api/v1/docs").status_code == 404


def test_maya_changes_her_display_name_and_text_size(client: Client, maya: User, maya_token: str) -> None:
    response = client.patch(
        "/api/v1/me",
        {"display_name": "M.", "text_size": "larger"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {maya_token}"},
    )

    assert response.status_code == 200
    maya.refresh_from_db()
    assert (maya.display_name, maya.text_size) == ("M.", "larger")


@pytest.mark.parametrize(
    "body", ['{"text_size": "huge"}', '{"display_name": "' + "x" * 61 + '"}', "{not json", '["a list"]']
)
def test_a_bad_change_gets_a_clear_4xx_and_changes_nothing(
    client: Client, maya: User, maya_token: str, body: str
) -> None:
    response = client.generic(
        "PATCH", "/api/v1/me", body, content_type="application/json", headers={"Authorization": f"Bearer {maya_token}"}
    )

    assert response.status_code in {400, 422}
    assert "detail" in response.json()
    maya.refresh_from_db()
    assert maya.text_size == "normal"


def test_a_write_with_the_session_needs_the_csrf_token(maya: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(maya)

    response = browser.patch("/api/v1/me", {"text_size": "large"}, content_type="application/json")

    assert response.status_code == 403
    assert "detail" in response.json()


def test_an_oversized_body_gets_413(client: Client, maya_token: str, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10

    response = client.generic(
        "PATCH",
        "/api/v1/me",
        '{"display_name": "' + "y" * 100 + '"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {maya_token}"},
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
