"""URLs for account settings (under /accounts/) and member pages (under /members/)."""

from django.urls import path

from hearth.accounts import views
from hearth.profiles import views as profiles

settings_urls = [
    path("settings/", views.settings_index, name="account_settings"),
    path("settings/handle/", views.change_handle, name="account_handle"),
    path("settings/preferences/", views.preferences, name="account_preferences"),
    path("settings/tokens/", views.access_tokens, name="account_tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_access_token, name="account_token_revoke"),
]

member_urls = [
    path("<str:handle>/", profiles.member_profile, name="member_detail"),
    path("<str:handle>/picture", profiles.member_avatar, name="member_avatar"),
]
