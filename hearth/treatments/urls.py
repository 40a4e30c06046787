"""URLs of the treatments catalogue, under /treatments/."""

from django.urls import path

from hearth.treatments import views, views_proposals

urlpatterns = [
    path("", views.treatment_list, name="treatment_list"),
    path("propose/", views_proposals.propose, name="treatment_propose"),
    path("proposals/", views_proposals.proposals, name="treatment_proposals"),
    path("proposals/<int:pk>/", views_proposals.proposal, name="treatment_proposal"),
    path("<slug:slug>/", views.treatment_detail, name="treatment_detail"),
]
