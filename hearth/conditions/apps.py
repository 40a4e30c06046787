"""App configuration for the conditions catalogue."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ConditionsConfig(AppConfig):
    name = "hearth.conditions"
    label = "conditions"
    verbose_name = "Conditions"

    def ready(self) -> None:
        post_migrate.connect(_sync_catalogue, sender=self)


def _sync_catalogue(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Keep the catalogue table in step with the file shipped in the repository."""
    from hearth.conditions.catalogue import sync_catalogue

    sync_catalogue(using=using)
