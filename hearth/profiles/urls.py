"""URLs of one's own profile (/profile/…); member profiles live under /members/ (accounts.urls)."""

from django.urls import URLPattern, URLResolver, path

from hearth.profiles import like_me, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("edit/", views.edit_profile, name="profile_edit"),
    path("conditions/", views.conditions, name="profile_conditions"),
    path("conditions/<slug:slug>/remove/", views.remove_condition, name="profile_condition_remove"),
    path("treatments/", views.treatments, name="profile_treatments"),
    path("treatments/<int:treatment_id>/", views.treatment_dates, name="profile_treatment_dates"),
    path("treatments/<int:treatment_id>/remove/", views.remove_treatment, name="profile_treatment_remove"),
    path("symptoms/", views.symptoms, name="profile_symptoms"),
    path("picture/", views.avatar, name="profile_avatar"),
    path("picture/remove/", views.remove_avatar, name="profile_avatar_remove"),
    path("like-me/", like_me.patients_like_me, name="patients_like_me"),
]
