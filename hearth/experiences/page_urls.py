"""URLs of treatment figures, under /treatments/ (before the catalogue's own, which takes any slug)."""

from django.urls import path

from hearth.experiences import views_figures

urlpatterns = [
    path("compare/<slug:condition>/", views_figures.treatment_compare, name="treatment_compare"),
    path("<slug:slug>/for/<slug:condition>/", views_figures.treatment_figures, name="treatment_figures"),
]
