"""URLs of each member's well-being controls (/well-being/…)."""

from django.urls import URLPattern, URLResolver, path

from hearth.wellbeing import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="wellbeing"),
    path("words/", views.add_word, name="wellbeing_word_add"),
    path("words/<int:word_id>/unmute/", views.remove_word, name="wellbeing_word_remove"),
    path("settings/", views.save_settings, name="wellbeing_settings"),
    path("break/", views.take_break, name="wellbeing_break"),
    path("break/end/", views.end_break, name="wellbeing_break_end"),
]
