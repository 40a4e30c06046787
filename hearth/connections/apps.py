"""App configuration for connections between members, blocks and mutes."""

from django.apps import AppConfig


class ConnectionsConfig(AppConfig):
    name = "hearth.connections"
    label = "connections"
    verbose_name = "Connections"
