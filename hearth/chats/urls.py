"""URLs of live chats: a community's chats (/c/<slug>/chats/…), the upcoming chats directory and
members' private calendar feeds (/chats/…)."""

from django.urls import URLPattern, URLResolver, path

from hearth.chats import calendar, room, views

community_chat_urls: list[URLPattern | URLResolver] = [
    path("chats/", views.community_chats, name="community_chats"),
    path("chats/new/", views.create_series, name="chat_series_create"),
    path("chats.ics", calendar.community_calendar, name="community_calendar"),
    path("chats/<str:series>/", views.series_detail, name="chat_series"),
    path("chats/<str:series>/edit/", views.edit_series, name="chat_series_edit"),
    path("chats/<str:series>/cancel/", views.cancel_series, name="chat_series_cancel"),
    path("chats/<str:series>/reminder/", calendar.reminder, name="chat_reminder"),
    path("chats/<str:series>/calendar.ics", calendar.series_calendar, name="series_calendar"),
    path("chats/<str:series>/<str:day>/", room.room, name="chat_room"),
    path("chats/<str:series>/<str:day>/messages/", room.messages, name="chat_messages"),
    path("chats/<str:series>/<str:day>/topics/", room.topics, name="chat_topics"),
    path("chats/<str:series>/<str:day>/control/", room.control, name="chat_control"),
    path("chats/<str:series>/<str:day>/presence/", room.presence, name="chat_presence"),
    path("chats/<str:series>/<str:day>/m/<int:seq>/", room.message, name="chat_message"),
    path("chats/<str:series>/<str:day>/cancel/", views.cancel_session, name="chat_session_cancel"),
    path("chats/<str:series>/<str:day>/transcript/", views.transcript, name="chat_transcript"),
    path("chats/<str:series>/<str:day>/transcript.md", views.transcript_markdown, name="chat_transcript_md"),
    path("chats/<str:series>/<str:day>/transcript.json", views.transcript_json, name="chat_transcript_json"),
]

chat_urls: list[URLPattern | URLResolver] = [
    path("", views.upcoming_chats, name="upcoming_chats"),
    path("calendar/", calendar.calendar_settings, name="calendar_settings"),
    path("calendar/<str:secret>.ics", calendar.member_calendar, name="member_calendar"),
]
