"""Hearth's URL map: one line per part of the site."""

from django.contrib import admin
from django.urls import include, path

from hearth.accounts.urls import member_urls, settings_urls
from hearth.api.api import api
from hearth.chats.urls import chat_urls
from hearth.communities.urls import community_urls, directory_urls, invite_urls
from hearth.discussions.urls import feed_urls, post_urls, tag_urls
from hearth.notifications.urls import subscription_urls
from hearth.tracking.urls import shared_urls
from hearth.web import views as web

urlpatterns = [
    path("", web.home, name="home"),
    path("healthz", web.healthz, name="healthz"),
    path("display/text-size/", web.text_size, name="text_size"),
    path("accounts/", include(settings_urls)),
    path("accounts/", include("allauth.urls")),
    path("members/", include(member_urls)),
    path("profile/", include("hearth.profiles.urls")),
    path("treatments/", include("hearth.experiences.page_urls")),
    path("treatments/", include("hearth.treatments.urls")),
    path("experiences/", include("hearth.experiences.urls")),
    path("research/", include("hearth.experiences.research_urls")),
    path("professionals/", include("hearth.professionals.urls")),
    path("library/", include("hearth.evidence.urls")),
    path("connections/", include("hearth.connections.urls")),
    path("messages/", include("hearth.conversations.urls")),
    path("my-data/", include("hearth.privacy.urls")),
    path("track/", include("hearth.tracking.urls")),
    path("shared/", include(shared_urls)),
    path("safety/", include("hearth.safety.urls")),
    path("well-being/", include("hearth.wellbeing.urls")),
    path("conditions/", include("hearth.conditions.urls")),
    path("search/", include("hearth.search.urls")),
    path("communities/", include(directory_urls)),
    path("c/", include(community_urls)),
    path("invite/", include(invite_urls)),
    path("posts/", include(post_urls)),
    path("tags/", include(tag_urls)),
    path("chats/", include(chat_urls)),
    path("feed/", include(feed_urls)),
    path("notifications/", include("hearth.notifications.urls")),
    path("moderation/", include("hearth.moderation.urls")),
    path("subscriptions/", include(subscription_urls)),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "hearth.web.errors.bad_request"
handler403 = "hearth.web.errors.permission_denied"
handler404 = "hearth.web.errors.page_not_found"
handler500 = "hearth.web.errors.server_error"
