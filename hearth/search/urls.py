"""URLs of search, under /search/."""

from django.urls import path

from hearth.search import views

urlpatterns = [
    path("", views.search_page, name="search"),
]
