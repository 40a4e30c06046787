"""Admin for members and access tokens (token secrets are never stored, so never shown)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from hearth.accounts.models import AccessToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    ordering = ("handle",)
    list_display = ("handle", "display_name", "is_staff", "is_active", "date_joined")
    search_fields = ("handle", "display_name", "email")
    fieldsets = (
        (None, {"fields": ("handle", "email", "password")}),
        ("Profile", {"fields": ("display_name", "text_size")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("handle", "email", "password1", "password2")}),)


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin[AccessToken]):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "hint", "created_at", "last_used_at")
    search_fields = ("name", "user__handle")
