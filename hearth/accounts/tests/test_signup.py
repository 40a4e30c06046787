"""Signing up: Maya joins under an alias; bad input gets a clear answer, never a 500."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "quiet-river-lantern-42"


def signup(client: Client, **overrides: str):
    data = {"email": "maya@example.org", "username": "maya_r", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_maya_signs_up_with_a_handle_and_is_asked_to_verify_her_email(client: Client) -> None:
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    maya = User.objects.get(handle="maya_r")
    assert maya.email == "maya@example.org"
    assert not EmailAddress.objects.get(user=maya).verified
    assert len(mail.outbox) == 1
    assert "confirm" in mail.outbox[0].body.lower()


def test_the_signup_page_explains_what_the_handle_is_for(client: Client) -> None:
    page = client.get(reverse("account_signup")).content.decode()

    assert "Handle" in page
    assert "not your real name" in page
    assert "Never shown to other members" in page
    assert "real name" not in page.split("not your real name")[0].lower()  # never asked for


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("maya@example.org", "looks like an email address"),
        ("maya.example.com", "looks like an email address"),
        ("+44 7700 900123", "looks like a phone number"),
        ("07700900123", "looks like a phone number"),
        ("555-123-4567", "looks like a phone number"),
        ("ab", "at least 3 characters"),
        ("x" * 31, "at most 30 characters"),
        ("maya r", "cannot contain spaces"),
        ("maya<script>", "Use only letters"),
        ("admin", "reserved"),
    ],
)
def test_an_unsafe_or_invalid_handle_is_refused_with_the_reason(client: Client, handle: str, message: str) -> None:
    response = signup(client, username=handle)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_a_taken_handle_is_refused_whatever_its_case(client: Client) -> None:
    UserFactory.create(handle="Maya_R")

    response = signup(client)

    assert response.status_code == 200
    assert "That handle is taken" in response.content.decode()
    assert User.objects.count() == 1


def test_a_taken_email_gets_the_same_answer_and_its_owner_is_told(client: Client) -> None:
    """An employer trying Maya's address cannot learn that she is a member."""
    UserFactory.create(handle="maya_r", email="maya@example.org")

    response = signup(client, username="someone_else")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert mail.outbox[-1].to == ["maya@example.org"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", "too common"),
        ("short", "too short"),
        ("1234567890123", "entirely numeric"),
        ("x" * 200, "at most 128 characters"),
    ],
)
def test_a_weak_or_overlong_password_is_refused_with_the_reason(client: Client, password: str, message: str) -> None:
    response = signup(client, password1=password, password2=password)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_mismatched_passwords_are_refused(client: Client) -> None:
    response = signup(client, password2=GOOD_PASSWORD + "x")

    assert response.status_code == 200
    assert "same password" in response.content.decode()


def test_signup_without_a_csrf_token_is_refused_plainly() -> None:
    client = Client(enforce_csrf_checks=True)

    response = signup(client)

    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()
    assert not User.objects.exists()


def test_a_malformed_email_is_refused(client: Client) -> None:
    response = signup(client, email="not-an-email")

    assert response.status_code == 200
    assert "valid email" in response.content.decode()
