"""URLs of a member's own tracking (/track/…) and of what they share (/shared/<token>/…)."""

from django.urls import URLPattern, URLResolver, path

from hearth.tracking.views import charts, checkins, goals, sharing, transfer

urlpatterns: list[URLPattern | URLResolver] = [
    path("", checkins.overview, name="tracking"),
    path("check-in/", checkins.check_in_today, name="check_in"),
    path("check-in/<int:year>-<int:month>-<int:day>/", checkins.check_in_on, name="check_in_on"),
    path("history/", checkins.history, name="check_in_history"),
    path("doses/", checkins.doses, name="tracking_doses"),
    path("doses/<int:dose_id>/remove/", checkins.remove_dose, name="tracking_dose_remove"),
    path("trackers/", checkins.trackers, name="trackers"),
    path("trackers/<int:tracker_id>/", checkins.tracker_detail, name="tracker_detail"),
    path("trackers/<int:tracker_id>/delete/", checkins.delete_tracker, name="tracker_delete"),
    path("charts/", charts.chart_page, name="tracking_charts"),
    path("charts/chart.svg", charts.chart_svg, name="tracking_chart_svg"),
    path("summary/", charts.summary, name="tracking_summary"),
    path("sharing/", sharing.share_links, name="tracking_shares"),
    path("sharing/<int:share_id>/revoke/", sharing.revoke, name="tracking_share_revoke"),
    path("export.csv", transfer.export_csv, name="tracking_export"),
    path("import/", transfer.import_csv, name="tracking_import"),
    path("import/<int:import_id>/", transfer.import_preview, name="tracking_import_preview"),
    path("goals/", goals.goal_list, name="goals"),
    path("goals/<int:goal_id>/", goals.goal_detail, name="goal_detail"),
    path("goals/<int:goal_id>/end/", goals.end_goal, name="goal_end"),
    path("milestones/<int:milestone_id>/celebrated/", goals.celebrated, name="milestone_celebrated"),
    path("milestones/<int:milestone_id>/share/", goals.share_milestone, name="milestone_share"),
    path("reminder/", goals.reminder, name="check_in_reminder"),
]

shared_urls: list[URLPattern | URLResolver] = [
    path("<str:token>/", sharing.shared, name="tracking_shared"),
    path("<str:token>/chart.svg", sharing.shared_chart_svg, name="tracking_shared_svg"),
]
