"""URLs of moderation, mounted at /moderation/: reports, the queues and decisions, measures,
appeals and safeguards. Each views module lists its own paths."""

from django.urls import URLPattern, path

from hearth.moderation.views import appeals, measures, queue, reports, safeguards, threads

urlpatterns: list[URLPattern] = [
    path("", queue.site_queue, name="moderation_site_queue"),
    path("items/<int:item_id>/", queue.decide, name="moderation_act"),
    path("checks/<int:check_id>/done/", queue.check_done, name="moderation_check_done"),
    *reports.urlpatterns,
    *measures.urlpatterns,
    *appeals.urlpatterns,
    *safeguards.urlpatterns,
    *threads.urlpatterns,
    # Last: a community's slug could otherwise shadow the words above (none are one-part paths).
    path("<str:slug>/", queue.community_queue, name="moderation_queue"),
]
