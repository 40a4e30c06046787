"""URLs of the evidence library, under /library/."""

from django.urls import path

from hearth.evidence import views

urlpatterns = [
    path("", views.library_index, name="evidence_index"),
    path("<slug:condition>/", views.library, name="evidence_library"),
    path("<slug:condition>/add/", views.add, name="evidence_add"),
    path("<slug:condition>/<int:pk>/", views.entry, name="evidence_entry"),
    path("<slug:condition>/<int:pk>/edit/", views.edit, name="evidence_edit"),
    path("<slug:condition>/<int:pk>/review/", views.review, name="evidence_review"),
    path("<slug:condition>/<int:pk>/remove/", views.remove, name="evidence_remove"),
]
