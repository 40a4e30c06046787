"""URLs of verified professionals (included at /professionals/)."""

from django.urls import URLPattern, path

from hearth.professionals import views

urlpatterns: list[URLPattern] = [
    path("", views.professional_list, name="professional_list"),
    path("apply/", views.apply, name="professional_apply"),
    path("me/", views.mine, name="professional_mine"),
    path("me/cancel/", views.cancel, name="professional_cancel"),
    path("applications/", views.applications, name="professional_applications"),
    path("applications/<int:pk>/", views.application, name="professional_application"),
    path("applications/<int:pk>/decide/", views.decide, name="professional_decide"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="professional_withdraw"),
]
