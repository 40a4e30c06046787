"""The patients-like-me page: for signed-in members who let others find them, with filters that
work without JavaScript, and a limit on searches per hour."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.profiles.matching import SEARCHES
from hearth.profiles.tests.like_me_people import BREAST_CANCER, LUPUS, ONLY_ME, member, profile

pytestmark = pytest.mark.django_db
URL = "/profile/like-me/"


def test_outsiders_are_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_who_is_not_findable_is_told_how_to_opt_in(maya: User, maya_client: Client) -> None:
    profile(maya, conditions=[BREAST_CANCER], discoverable=False)
    member("june", conditions=[BREAST_CANCER])

    page = maya_client.get(URL).content.decode()

    assert "only members who let others find them can search" in page
    assert 'href="/profile/edit/"' in page
    assert "june" not in page


def test_matches_show_names_reasons_and_links(maya: User, maya_client: Client) -> None:
    profile(maya, conditions=[(BREAST_CANCER, 2024)], treatments=["tamoxifen"], shows=ONLY_ME)
    june = member("june", conditions=[(BREAST_CANCER, 2024)], treatments=["tamoxifen"])
    june.display_name = "June <b>"
    june.save()

    page = maya_client.get(URL).content.decode()

    assert "<h1>Patients like me</h1>" in page
    assert 'href="/members/june/"' in page
    assert "June &lt;b&gt;" in page
    assert "Both living with breast cancer since about 2024" in page
    assert "Both take tamoxifen" in page
    assert '<label for="id_condition">Condition</label>' in page


def test_the_filter_form_works_without_javascript(maya: User, maya_client: Client) -> None:
    profile(maya, conditions=[BREAST_CANCER, LUPUS], country="GB", region="GB-ENG")
    member("june", conditions=[BREAST_CANCER], role="caregiver")
    member("tiffany", conditions=[LUPUS], role="patient")

    page = maya_client.get(URL, {"condition": LUPUS, "role": "", "region": ""}).content.decode()
    assert "tiffany" in page
    assert "june" not in page
    page = maya_client.get(URL, {"role": "caregiver"}).content.decode()
    assert "june" in page
    assert "tiffany" not in page
    assert "In my region (England)" in page
    # A doctored value is left out, not an error.
    assert maya_client.get(URL, {"condition": "\x00", "region": "XX-YY", "page": "-3"}).status_code == 200


def test_a_member_who_searches_too_often_is_asked_to_wait(maya: User, maya_client: Client) -> None:
    profile(maya, conditions=[BREAST_CANCER])
    for _ in range(SEARCHES[0].count):
        assert maya_client.get(URL).status_code == 200

    response = maya_client.get(URL)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please wait" in response.content.decode()
