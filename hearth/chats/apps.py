"""App configuration for live chats."""

from django.apps import AppConfig


class ChatsConfig(AppConfig):
    name = "hearth.chats"
    label = "chats"
    verbose_name = "Live chats"
