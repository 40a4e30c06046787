"""Fixtures for treatment reports: the catalogue entries Maya reports on, and API clients."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User
from hearth.conditions.models import Condition
from hearth.experiences.tests.factories import HYDROXYCHLOROQUINE, LUPUS
from hearth.treatments.models import Treatment

API = "/api/v1"


def token_client(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {do_create_access_token(user, 'tests').secret}"})


def page_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lupus(db: None) -> Condition:
    return Condition.objects.get(slug=LUPUS)


@pytest.fixture
def hydroxychloroquine(db: None) -> Treatment:
    return Treatment.objects.get(slug=HYDROXYCHLOROQUINE)


@pytest.fixture
def maya_api(maya: User) -> Client:
    return token_client(maya)
