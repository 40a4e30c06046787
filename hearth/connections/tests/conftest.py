"""Clients for the personas, as pages and as scripts see them."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.connections.tests.factories import page_client, token_client


@pytest.fixture
def tiffany_client(tiffany: User) -> Client:
    return page_client(tiffany)


@pytest.fixture
def ravi_client(ravi: User) -> Client:
    return page_client(ravi)


@pytest.fixture
def maya_api(maya: User) -> Client:
    return token_client(maya)


@pytest.fixture
def tiffany_api(tiffany: User) -> Client:
    return token_client(tiffany)


@pytest.fixture
def ravi_api(ravi: User) -> Client:
    return token_client(ravi)
