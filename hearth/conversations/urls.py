"""URLs for direct messages (/messages/…)."""

from django.urls import URLPattern, URLResolver, path

from hearth.conversations import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.conversation_list, name="conversation_list"),
    path("message/<int:message_id>/report/", views.report_message, name="message_report"),
    path("<str:handle>/", views.conversation, name="conversation_with"),
    path("<str:handle>/new/", views.new_messages, name="conversation_new_messages"),
    path("<str:handle>/mute/", views.mute_conversation, name="conversation_mute"),
]
