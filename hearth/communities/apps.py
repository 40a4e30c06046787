"""App configuration for communities."""

from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "hearth.communities"
    label = "communities"
    verbose_name = "Communities"
