"""The large-text setting in every page's footer, for people signed in or not."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_visitor_chooses_large_text_and_keeps_it(client: Client) -> None:
    response = client.post(reverse("text_size"), {"text_size": "larger", "next": "/conditions/"})

    assert response.status_code == 302
    assert response["Location"] == "/conditions/"
    assert 'class="text-larger"' in client.get("/").content.decode()


def test_a_member_chooses_large_text_and_it_follows_her_account(maya_client: Client, maya: User) -> None:
    maya_client.post(reverse("text_size"), {"text_size": "large"})

    maya.refresh_from_db()
    assert maya.text_size == "large"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_it_never_redirects_off_site(client: Client, next_url: str) -> None:
    response = client.post(reverse("text_size"), {"text_size": "large", "next": next_url})

    assert response["Location"] == "/"


def test_an_unknown_size_falls_back_to_normal(client: Client) -> None:
    client.cookies["text_size"] = "enormous"
    client.post(reverse("text_size"), {"text_size": "enormous"})

    assert 'class="text-normal"' in client.get("/").content.decode()
