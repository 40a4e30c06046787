"""App configuration for moderation: members' reports, and later the moderators' queue."""

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "hearth.moderation"
    label = "moderation"
    verbose_name = "Moderation"
