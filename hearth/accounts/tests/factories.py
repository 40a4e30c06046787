"""Factories for members, with traits for the states a member can be in."""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress

from hearth.accounts.models import User

PASSWORD = "correct horse battery staple"


def _set_password(user: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
    user.set_password(extracted or PASSWORD)
    if create:
        user.save(update_fields=["password"])


def _add_email_address(user: User, create: bool, extracted: Any, **kwargs: Any) -> None:
    if create:
        verified = kwargs.get("verified", True)
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A member with a verified email address; traits: `staff`, `unverified`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        staff = factory.Trait(is_staff=True, is_superuser=True)
        unverified = factory.Trait(email_address__verified=False)

    handle = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.handle.lower()}@example.org")
    display_name = ""
    password = factory.PostGeneration(_set_password)
    email_address = factory.PostGeneration(_add_email_address)
