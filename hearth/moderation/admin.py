"""Reports in the admin, until moderators have their own queue."""

from django.contrib import admin

from hearth.moderation.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ("created_at", "reason", "target_type", "target_id", "status")
    list_filter = ("status", "reason", "target_type")
    readonly_fields = ("reporter", "target_type", "target_id", "reason", "note", "source_url", "created_at")
