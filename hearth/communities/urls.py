"""URLs of communities (/communities/, /c/<slug>/) and invitations (/invite/<secret>/)."""

from django.urls import URLPattern, URLResolver, include, path

from hearth.chats.urls import community_chat_urls
from hearth.communities import views
from hearth.communities.feeds import CommunityFeed
from hearth.discussions import views as discussions

directory_urls = [
    path("", views.directory, name="community_directory"),
    path("new/", views.create, name="community_create"),
    path("pending/", views.pending_communities, name="communities_pending"),
]

community_urls: list[URLPattern | URLResolver] = [
    path("<slug:slug>/", views.detail, name="community_detail"),
    path("<slug:slug>/settings/", views.edit_settings, name="community_settings"),
    path("<slug:slug>/join/", views.join, name="community_join"),
    path("<slug:slug>/leave/", views.leave, name="community_leave"),
    path("<slug:slug>/members/", views.members, name="community_members"),
    path("<slug:slug>/members/<str:handle>/", views.member_action, name="community_member_action"),
    path("<slug:slug>/requests/", views.requests_queue, name="community_requests"),
    path("<slug:slug>/requests/<int:request_id>/", views.decide_request, name="community_decide_request"),
    path("<slug:slug>/invites/", views.invites, name="community_invites"),
    path("<slug:slug>/invites/<int:invite_id>/revoke/", views.revoke_invite, name="community_revoke_invite"),
    path("<slug:slug>/feed.atom", CommunityFeed(), name="community_feed"),
    path("<slug:slug>/new/", discussions.new_thread, name="thread_create"),
    path("<slug:slug>/t/<int:thread_id>/", discussions.thread_detail, name="thread_detail"),
    path("<slug:slug>/t/<int:thread_id>/reply/", discussions.reply, name="thread_reply"),
    path("<slug:slug>/", include(community_chat_urls)),
]

invite_urls = [
    path("<str:secret>/", views.accept_invite, name="invite_accept"),
]
