"""Admin for the conditions catalogue."""

from django.contrib import admin

from hearth.conditions.models import Condition


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin[Condition]):
    list_display = ("name", "lay_name", "category", "slug")
    list_filter = ("category",)
    search_fields = ("name", "lay_name", "slug")
