"""Password reset answers the same whether or not the address has an account."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User

pytestmark = pytest.mark.django_db


def _ask(client: Client, email: str):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_known_and_unknown_addresses_get_the_same_answer(client: Client, maya: User) -> None:
    known = _ask(client, "maya@example.org")
    unknown = _ask(Client(), "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert _visible(Client().get(known["Location"]).content) == _visible(Client().get(unknown["Location"]).content)


def _visible(page: bytes) -> str:
    """The page without its per-request tokens."""
    return re.sub(r'(value|nonce)="[^"]*"', "", page.decode())


def test_maya_resets_her_password_from_the_mailed_link(client: Client, maya: User) -> None:
    _ask(client, "maya@example.org")
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", str(mail.outbox[-1].body))
    assert link

    form_page = client.get(link.group(1), follow=True)
    new_password = "another-long-phrase-77"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )

    assert done.status_code == 302
    maya.refresh_from_db()
    assert maya.check_password(new_password)


def test_a_bad_reset_link_says_so_plainly(client: Client) -> None:
    response = client.get("/accounts/password/reset/key/zz-bad-token/", follow=True)

    assert response.status_code == 200
    assert "invalid" in response.content.decode().lower()
