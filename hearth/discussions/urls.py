"""URLs of posts (/posts/<id>/…), tag pages (/tags/<tag>/) and the home feed (/feed/)."""

from django.urls import path

from hearth.discussions import views

post_urls = [
    path("<int:post_id>/", views.post_link, name="post_link"),
    path("<int:post_id>/edit/", views.edit_post, name="post_edit"),
    path("<int:post_id>/delete/", views.delete_post, name="post_delete"),
    path("<int:post_id>/react/", views.react, name="post_react"),
    path("<int:post_id>/history/", views.post_history, name="post_history"),
    path("<int:post_id>/reveal/", views.reveal_author, name="post_reveal"),
]

tag_urls = [
    path("<str:tag>/", views.tag_page, name="tag_detail"),
]

feed_urls = [
    path("", views.home_feed, name="home_feed"),
]
