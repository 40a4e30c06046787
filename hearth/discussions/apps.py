"""App configuration for discussions."""

from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "hearth.discussions"
    label = "discussions"
    verbose_name = "Discussions"
