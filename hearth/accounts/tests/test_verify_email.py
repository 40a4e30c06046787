"""Email verification: the link in the mail works once; bad links say so plainly."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "quiet-river-lantern-42"


def _signup_and_get_link(client: Client) -> str:
    client.post(
        reverse("account_signup"),
        {"email": "maya@example.org", "username": "maya_r", "password1": PASSWORD, "password2": PASSWORD},
    )
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_maya_confirms_her_email_then_logs_in(client: Client) -> None:
    link = _signup_and_get_link(client)

    page = client.get(link)
    assert page.status_code == 200
    confirmed = client.post(link)

    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="maya@example.org").verified
    logged_in = client.post(reverse("account_login"), {"login": "maya@example.org", "password": PASSWORD})
    assert logged_in.status_code == 302
    assert client.get(reverse("account_settings")).status_code == 200


def test_an_unverified_member_cannot_log_in_until_they_verify(client: Client) -> None:
    _signup_and_get_link(client)
    client.logout()

    response = client.post(reverse("account_login"), {"login": "maya@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("account_settings")).status_code == 302


@pytest.mark.parametrize("key", ["not-a-key", "MQ:1t0000:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])
def test_an_invalid_link_says_so_plainly(client: Client, key: str) -> None:
    response = client.get(reverse("account_confirm_email", args=[key]))

    assert response.status_code == 200
    assert "expired or is invalid" in response.content.decode()


def test_an_expired_link_says_so_plainly(client: Client, settings) -> None:
    link = _signup_and_get_link(client)
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0

    response = client.get(link)

    assert "expired or is invalid" in response.content.decode()
    assert not EmailAddress.objects.get(user=User.objects.get()).verified
