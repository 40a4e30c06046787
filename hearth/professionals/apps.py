"""App configuration for verified professionals."""

from django.apps import AppConfig


class ProfessionalsConfig(AppConfig):
    name = "hearth.professionals"
    label = "professionals"
    verbose_name = "Verified professionals"
