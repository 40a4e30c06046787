"""Moderators' measures on a member: warn, mute, remove, suspend, and lifting a measure."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
