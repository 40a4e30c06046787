"""URLs of notifications (/notifications/) and subscriptions (/subscriptions/)."""

from django.urls import path

from hearth.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("badge/", views.badge, name="notifications_badge"),
    path("read/", views.mark_read, name="notifications_read"),
]

subscription_urls = [
    path("", views.subscribe, name="subscribe"),
]
