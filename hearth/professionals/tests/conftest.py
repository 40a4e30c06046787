"""Ravi, a rheumatology nurse, applies to be verified; the site's administrators (and Amara, a
second one) decide; Maya and Tiffany (who moderates a community, but not the site) may not."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.models import ProfessionalKind, User
from hearth.accounts.tests.factories import UserFactory
from hearth.professionals import actions
from hearth.professionals.models import Verification

NURSE = actions.Application(
    kind=ProfessionalKind.CLINICIAN,
    title="Rheumatology nurse",
    details="NMC PIN 12A3456B, St Mary's rheumatology clinic; ask the ward manager.",
    register_url="https://www.nmc.org.uk/registration/search-the-register/",
)


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def amara(db: None) -> User:
    """A second site administrator."""
    return UserFactory.create(handle="amara", staff=True)


@pytest.fixture
def application(ravi: User) -> Verification:
    """Ravi's application, waiting."""
    return actions.do_apply(ravi, NURSE)


@pytest.fixture
def verified(application: Verification, site_admin: User) -> Verification:
    """Ravi, verified by the administrator."""
    return actions.do_decide(site_admin, application, verify=True, reason="Found on the NMC register.")
