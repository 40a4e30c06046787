"""App configuration for member profiles and "patients like me"."""

from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "hearth.profiles"
    label = "profiles"
    verbose_name = "Profiles"
