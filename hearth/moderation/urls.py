"""URLs of moderation, mounted at /moderation/: reporting a post, the queues and decisions."""

from django.urls import path

from hearth.moderation import views

urlpatterns = [
    path("", views.site_queue, name="moderation_site_queue"),
    path("report/post/<int:post_id>/", views.report_post, name="moderation_report_post"),
    path("items/<int:item_id>/", views.decide, name="moderation_act"),
    path("checks/<int:check_id>/done/", views.check_done, name="moderation_check_done"),
    # Last: a community's slug could otherwise shadow the words above (none are one-part paths).
    path("<str:slug>/", views.community_queue, name="moderation_queue"),
]
