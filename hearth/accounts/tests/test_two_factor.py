"""Two-step sign-in with an authenticator app, and recovery codes."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def totp_now(secret: str) -> str:
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


def enable_totp(client: Client) -> str:
    """Confirm the password (allauth asks before changing sign-in security), then scan and confirm."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'value="([A-Z2-7]{16,})"', page) or re.search(r">\s*([A-Z2-7]{16,})\s*<", page)
    assert secret, page
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret.group(1))})
    assert response.status_code == 302, response.content.decode()
    return secret.group(1)


def test_maya_turns_on_two_step_sign_in_and_needs_a_code_next_time(maya: User) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": "maya@example.org", "password": PASSWORD})
    secret = enable_totp(client)
    assert Authenticator.objects.filter(user=maya, type=Authenticator.Type.TOTP).exists()
    client.post(reverse("account_logout"))

    step_one = client.post(reverse("account_login"), {"login": "maya@example.org", "password": PASSWORD})
    assert step_one["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("account_settings")).status_code == 302

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "Incorrect code" in wrong.content.decode()

    right = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert right.status_code == 302
    assert client.get(reverse("account_settings")).status_code == 200


def test_recovery_codes_are_offered_and_one_signs_maya_in(maya: User) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": "maya@example.org", "password": PASSWORD})
    enable_totp(client)
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    textarea = re.search(r'<textarea[^>]*id="recovery_codes"[^>]*>(.*?)</textarea>', codes_page, re.DOTALL)
    assert textarea, codes_page
    codes = textarea.group(1).split()
    assert len(codes) >= 5
    client.post(reverse("account_logout"))

    client.post(reverse("account_login"), {"login": "maya@example.org", "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert response.status_code == 302
    assert client.get(reverse("account_settings")).status_code == 200
