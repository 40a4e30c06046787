"""Verifications in the admin, to read only: deciding goes through /professionals/applications/,
which keeps the member's badge in step and writes the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hearth.professionals.models import Verification


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin[Verification]):
    list_display = ("created_at", "member", "kind", "title", "status", "decided_at")
    list_filter = ("status", "kind")
    search_fields = ("member__handle", "title")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
