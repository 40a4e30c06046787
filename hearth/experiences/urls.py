"""URLs of treatment reports (/experiences/…): my reports, a new one, one report, change, remove."""

from django.urls import URLPattern, path

from hearth.experiences import views

urlpatterns: list[URLPattern] = [
    path("", views.my_reports, name="treatment_reports"),
    path("new/", views.new_report, name="treatment_report_new"),
    path("<int:pk>/", views.report_detail, name="treatment_report"),
    path("<int:pk>/edit/", views.edit_report, name="treatment_report_edit"),
    path("<int:pk>/delete/", views.delete_report, name="treatment_report_delete"),
]
