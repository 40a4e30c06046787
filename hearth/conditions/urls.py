"""URLs of the conditions catalogue, under /conditions/."""

from django.urls import path

from hearth.conditions import views

urlpatterns = [
    path("", views.condition_list, name="condition_list"),
    path("<slug:slug>/", views.condition_detail, name="condition_detail"),
]
