"""Admin for the treatments catalogue."""

from django.contrib import admin

from hearth.treatments.models import Treatment


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin[Treatment]):
    list_display = ("name", "kind", "slug")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "other_names")
    autocomplete_fields = ("conditions",)
