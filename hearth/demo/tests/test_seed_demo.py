"""seed_demo creates the personas once; running it again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from hearth.accounts.models import User
from hearth.demo.personas import DEMO_PASSWORD, PERSONAS

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_the_personas_can_log_in(client: Client) -> None:
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    assert User.objects.count() == len(PERSONAS)
    assert User.objects.get(handle="ellen71").text_size == "large"
    assert User.objects.get(handle="site_admin").is_staff
    response = client.post("/accounts/login/", {"login": "maya@demo.hearth.test", "password": DEMO_PASSWORD})
    assert response.status_code == 302
