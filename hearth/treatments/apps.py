"""App configuration for the treatments catalogue."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TreatmentsConfig(AppConfig):
    name = "hearth.treatments"
    label = "treatments"
    verbose_name = "Treatments"

    def ready(self) -> None:
        post_migrate.connect(_sync_catalogue, sender=self)


def _sync_catalogue(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Keep the catalogue table in step with the file shipped in the repository."""
    from hearth.treatments.catalogue import sync_catalogue

    sync_catalogue(using=using)
