"""App configuration for the evidence library."""

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "hearth.evidence"
    label = "evidence"
    verbose_name = "Evidence library"
