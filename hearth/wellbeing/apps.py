"""App configuration for each member's well-being controls: muted words, take a break, quiet hours."""

from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "hearth.wellbeing"
    label = "wellbeing"
    verbose_name = "Well-being controls"
