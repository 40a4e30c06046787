"""Every model that links to a member, directly or through their profile, is in the export's
registry: exported (which rows, which fields) or deliberately left out, with the reason."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model

from hearth.accounts.models import User
from hearth.privacy.export import REGISTRY, Excluded, Exported, installed_entries, rows_of
from hearth.profiles.models import Profile


def _links_to_a_member(model: type[Model]) -> bool:
    member_models = {get_user_model(), Profile}
    return any(
        field.is_relation and not field.auto_created and field.related_model in member_models
        for field in model._meta.get_fields()
    )


def test_every_model_linked_to_a_member_is_exported_or_excluded() -> None:
    linked = {model._meta.label for model in apps.get_models() if _links_to_a_member(model)}

    missing = linked - set(REGISTRY)

    assert missing == set(), f"say in hearth/privacy/export.py how these are exported, or why not: {sorted(missing)}"


def test_every_exclusion_says_why() -> None:
    for label, rule in REGISTRY.items():
        assert isinstance(rule, Exported | Excluded), label
        if isinstance(rule, Excluded):
            assert len(rule.reason) > 20, label


@pytest.mark.django_db
def test_every_exported_field_can_be_read(maya: User) -> None:
    for _, rule in installed_entries():
        if isinstance(rule, Exported):
            rows_of(rule, maya)


def test_file_names_are_unique() -> None:
    names = [rule.name for rule in REGISTRY.values() if isinstance(rule, Exported)]
    assert len(names) == len(set(names))
