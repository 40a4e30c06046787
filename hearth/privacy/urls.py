"""URLs of My data (/my-data/): export, deletion, research consent, access log, inspection."""

from django.urls import URLPattern, URLResolver, path

from hearth.privacy import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.my_data, name="my_data"),
    path("export/", views.request_export, name="my_data_export"),
    path("export/<str:token>/", views.download_export, name="my_data_download"),
    path("delete/", views.delete_account, name="my_data_delete"),
    path("delete/undo/", views.cancel_deletion, name="my_data_delete_undo"),
    path("research/", views.research, name="my_data_research"),
    path("access-log/", views.access_log, name="my_data_access_log"),
    path("inspect/<str:handle>/", views.inspect, name="my_data_inspect"),
]
