"""Ellen (PRODUCT.md: 71, old phone, keeps up by email) and the breast cancer community she and
Maya share, for the well-being tests."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community


@pytest.fixture
def ellen(db: None) -> User:
    return UserFactory.create(
        handle="ellen", email="ellen@example.org", display_name="Ellen", time_zone="Europe/London"
    )


@pytest.fixture
def ellen_client(ellen: User) -> Client:
    client = Client()
    client.force_login(ellen)
    return client


@pytest.fixture
def circle(tiffany: User, maya: User, ellen: User) -> Community:
    return make_community(tiffany, "Breast cancer circle", members=[maya, ellen])
