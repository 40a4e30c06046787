"""URLs of the treatments catalogue, under /treatments/."""

from django.urls import path

from hearth.treatments import views

urlpatterns = [
    path("", views.treatment_list, name="treatment_list"),
    path("<slug:slug>/", views.treatment_detail, name="treatment_detail"),
]
