"""URLs of the de-identified research export (included at /research/)."""

from django.urls import URLPattern, path

from hearth.experiences import views_research

urlpatterns: list[URLPattern] = [
    path("export/", views_research.research_export, name="research_export"),
]
