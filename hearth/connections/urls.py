"""URLs for connections, blocks and mutes (/connections/…)."""

from django.urls import URLPattern, URLResolver, path

from hearth.connections import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.connection_list, name="connection_list"),
    path("blocked/", views.blocked_list, name="connection_blocked"),
    path("<str:handle>/request/", views.request_connection, name="connection_request"),
    path("<str:handle>/accept/", views.accept, name="connection_accept"),
    path("<str:handle>/decline/", views.decline, name="connection_decline"),
    path("<str:handle>/cancel/", views.cancel, name="connection_cancel"),
    path("<str:handle>/remove/", views.remove, name="connection_remove"),
    path("<str:handle>/block/", views.block, name="member_block"),
    path("<str:handle>/unblock/", views.unblock, name="member_unblock"),
    path("<str:handle>/mute/", views.mute, name="member_mute"),
    path("<str:handle>/unmute/", views.unmute, name="member_unmute"),
]
