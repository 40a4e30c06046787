"""GET /api/v1/profile/like-me: the same matches as the page, as JSON, with the house's statuses."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.profiles.matching import SEARCHES
from hearth.profiles.tests.like_me_people import BREAST_CANCER, LUPUS, member, profile

pytestmark = pytest.mark.django_db
URL = "/api/v1/profile/like-me"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_outsiders_get_401(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_member_who_is_not_findable_gets_403(maya: User, maya_token: str, client: Client) -> None:
    profile(maya, conditions=[BREAST_CANCER], discoverable=False)

    response = client.get(URL, headers=auth(maya_token))

    assert response.status_code == 403
    assert "let others find them" in response.json()["detail"]


def test_matches_carry_handle_name_url_score_and_reasons(maya: User, maya_token: str, client: Client) -> None:
    profile(maya, conditions=[(BREAST_CANCER, 2023)])
    member("june", conditions=[(BREAST_CANCER, 2023)])

    body = client.get(URL, headers=auth(maya_token)).json()

    [item] = body["items"]
    assert item["handle"] == "june"
    assert item["name"] == "june"
    assert item["url"] == "/members/june/"
    assert item["score"] > 0
    assert item["reasons"] == ["both living with breast cancer since about 2023"]


def test_filters(maya: User, maya_token: str, client: Client) -> None:
    profile(maya, conditions=[BREAST_CANCER, LUPUS])
    member("june", conditions=[BREAST_CANCER], role="caregiver", country="GB", region="GB-SCT")
    member("tiffany", conditions=[LUPUS], role="patient", country="US", region="US-NY")

    def found(**query: str) -> list[str]:
        response = client.get(URL, query, headers=auth(maya_token))
        assert response.status_code == 200, response.content
        return sorted(item["handle"] for item in response.json()["items"])

    assert found() == ["june", "tiffany"]
    assert found(condition=LUPUS) == ["tiffany"]
    assert found(role="caregiver") == ["june"]
    assert found(region="GB") == ["june"]
    assert found(region="US-NY") == ["tiffany"]
    assert found(limit="1", offset="1") == [found(limit="2")[1]] or len(found(limit="1", offset="1")) == 1


def test_a_condition_not_on_the_profile_is_404_and_bad_input_422(maya: User, maya_token: str, client: Client) -> None:
    profile(maya, conditions=[BREAST_CANCER])

    assert client.get(URL, {"condition": LUPUS}, headers=auth(maya_token)).status_code == 404
    assert client.get(URL, {"condition": "no-such-thing"}, headers=auth(maya_token)).status_code == 404
    assert client.get(URL, {"role": "boss"}, headers=auth(maya_token)).status_code == 422
    assert client.get(URL, {"limit": "500"}, headers=auth(maya_token)).status_code == 422
    assert client.get(URL, {"region": "gb-eng"}, headers=auth(maya_token)).status_code == 422


def test_too_many_searches_get_429_with_when_to_retry(maya: User, maya_token: str, client: Client) -> None:
    profile(maya, conditions=[BREAST_CANCER])
    for _ in range(SEARCHES[0].count):
        assert client.get(URL, headers=auth(maya_token)).status_code == 200

    response = client.get(URL, headers=auth(maya_token))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please wait" in response.json()["detail"]
