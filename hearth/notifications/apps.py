"""App configuration for notifications."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hearth.notifications"
    label = "notifications"
    verbose_name = "Notifications"
