"""A member's moderation record and appeals; the audit log for administrators."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
