"""App configuration for each member's rights over their data: export, erasure, research consent
and the log of who looked at their private fields."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hearth.privacy"
    label = "privacy"
    verbose_name = "Privacy and data rights"

    def ready(self) -> None:
        from hearth.privacy import signals  # noqa: F401  (connects the sign-in reminder)
