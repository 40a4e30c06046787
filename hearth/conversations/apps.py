"""App configuration for direct messages between members."""

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "hearth.conversations"
    label = "conversations"
    verbose_name = "Direct messages"
