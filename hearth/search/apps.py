"""App configuration for search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "hearth.search"
    label = "search"
    verbose_name = "Search"
