"""App configuration for accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hearth.accounts"
    label = "accounts"
    verbose_name = "Accounts"
