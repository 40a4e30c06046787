"""App configuration for the site's shell."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hearth.web"
    label = "web"
    verbose_name = "Site"

    def ready(self) -> None:
        from hearth.web import checks  # noqa: F401  (registers the system checks)
