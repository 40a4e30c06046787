"""App configuration for crisis safety: the detector of crisis language and the help it brings."""

from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "hearth.safety"
    label = "safety"
    verbose_name = "Crisis safety"
