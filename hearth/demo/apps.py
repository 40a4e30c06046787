"""App configuration for demo data."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hearth.demo"
    label = "demo"
    verbose_name = "Demo data"
