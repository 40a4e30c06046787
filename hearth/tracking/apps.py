"""App configuration for tracking: check-ins, trackers, goals, charts and the visit summary."""

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "hearth.tracking"
    label = "tracking"
    verbose_name = "Tracking"
