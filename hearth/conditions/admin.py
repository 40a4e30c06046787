"""Admin for the conditions and symptoms catalogues."""

from django.contrib import admin

from hearth.conditions.models import Condition, Symptom


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin[Condition]):
    list_display = ("name", "lay_name", "category", "slug")
    list_filter = ("category",)
    search_fields = ("name", "lay_name", "slug")


@admin.register(Symptom)
class SymptomAdmin(admin.ModelAdmin[Symptom]):
    list_display = ("name", "slug")
    search_fields = ("name", "slug", "other_names")
