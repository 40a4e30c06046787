"""The audit trail in the admin: readable, never editable."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hearth.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("created_at", "action", "actor", "target_type", "target_id", "community")
    list_filter = ("action",)
    search_fields = ("action", "actor__handle", "reason")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
