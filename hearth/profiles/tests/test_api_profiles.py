"""The profile API: Maya edits her own profile; others get only what her visibilities allow, and
hidden parts are null, never sent."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from hearth.accounts.models import User
from hearth.communities.tests.factories import make_community
from hearth.communities.tests.test_api_communities import api_client

pytestmark = pytest.mark.django_db


def _patch(client: Client, body: dict[str, object]) -> object:
    return client.patch("/api/v1/profile", json.dumps(body), content_type="application/json")


def test_maya_fills_in_her_profile_through_the_api(maya: User) -> None:
    api = api_client(maya)

    changed = _patch(api, {"bio": "Hello", "role": "patient", "discoverable": True, "visibility": {"bio": "public"}})
    condition = api.post(
        "/api/v1/profile/conditions", {"condition": "breast-cancer", "diagnosed_year": 2025}, "application/json"
    )
    treatment = api.post(
        "/api/v1/profile/treatments", {"treatment": "tamoxifen", "started_on": "2025-03-01"}, "application/json"
    )
    mine = api.get("/api/v1/profile").json()

    assert changed.status_code == 200  # type: ignore[attr-defined]
    assert condition.status_code == treatment.status_code == 201
    assert mine["discoverable"] is True
    assert mine["visibility"]["conditions"] == "only_me"
    assert mine["conditions"] == [
        {"slug": "breast-cancer", "name": "Breast cancer", "url": "/conditions/breast-cancer/", "diagnosed_year": 2025}
    ]
    assert mine["treatments"][0]["url"] == "/treatments/tamoxifen/"


def test_others_get_nulls_for_what_they_may_not_see(maya: User, tiffany: User) -> None:
    api = api_client(maya)
    _patch(api, {"bio": "Bio-marker", "visibility": {"conditions": "communities"}})
    api.post("/api/v1/profile/conditions", {"condition": "breast-cancer"}, "application/json")
    make_community(tiffany, members=[maya])

    as_tiffany = api_client(tiffany).get("/api/v1/members/maya_r/profile").json()
    as_outsider = Client().get("/api/v1/members/maya_r/profile").json()

    assert as_tiffany["conditions"][0]["slug"] == "breast-cancer"
    assert as_tiffany["treatments"] is None
    assert "treatments" not in as_tiffany["shown"]
    assert as_outsider["bio"] is None
    assert as_outsider["conditions"] is None
    assert "Bio-marker" not in json.dumps(as_outsider)


def test_maya_previews_her_profile_as_a_stranger(maya: User) -> None:
    api = api_client(maya)
    _patch(api, {"bio": "Bio-marker"})

    assert api.get("/api/v1/members/maya_r/profile?as=stranger").json()["bio"] is None
    assert api.get("/api/v1/members/maya_r/profile").json()["bio"] == "Bio-marker"


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/v1/profile/conditions", {"condition": "made-up"}, 404),
        ("/api/v1/profile/conditions", {"condition": "breast-cancer", "diagnosed_year": 9000}, 409),
        ("/api/v1/profile/conditions", {"condition": "breast-cancer", "diagnosed_year": 1200}, 422),
        (
            "/api/v1/profile/treatments",
            {"treatment": "tamoxifen", "started_on": "2025-05-01", "stopped_on": "2025-01-01"},
            409,
        ),
        ("/api/v1/profile/treatments", {"treatment": "made-up"}, 404),
        ("/api/v1/profile/conditions", {"condition": "breast\x00cancer"}, 422),
    ],
    ids=["unknown-condition", "future-year", "ancient-year", "stop-before-start", "unknown-treatment", "nul"],
)
def test_bad_input_gets_a_clear_status(maya: User, path: str, body: dict[str, object], status: int) -> None:
    response = api_client(maya).post(path, body, "application/json")

    assert response.status_code == status
    assert response.json()["detail"]


def test_a_finer_place_than_a_region_is_refused(maya: User) -> None:
    response = _patch(api_client(maya), {"country": "GB", "region": "GB-CAM"})

    assert response.status_code == 409  # type: ignore[attr-defined]
    assert "finer than a region" in response.json()["detail"]  # type: ignore[attr-defined]


def test_a_picture_through_the_api(maya: User) -> None:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(out, format="PNG")
    api = api_client(maya)

    made = api.post("/api/v1/profile/picture", {"picture": SimpleUploadedFile("me.png", out.getvalue())})
    not_an_image = api.post("/api/v1/profile/picture", {"picture": SimpleUploadedFile("me.png", b"hello")})
    removed = api.delete("/api/v1/profile/picture")

    assert made.json() == {"url": "/members/maya_r/picture", "width": 256, "height": 256}
    assert not_an_image.status_code == 409
    assert removed.status_code == 204
    assert api.delete("/api/v1/profile/picture").status_code == 404


def test_outsiders_cannot_touch_profiles(maya: User) -> None:
    outsider = Client()

    assert outsider.get("/api/v1/profile").status_code == 401
    assert _patch(outsider, {"bio": "x"}).status_code == 401  # type: ignore[attr-defined]
    assert outsider.get("/api/v1/members/nobody/profile").status_code == 404
