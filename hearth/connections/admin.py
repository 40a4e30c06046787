"""Connections, blocks and mutes in the admin: for looking into a problem, not for changing them."""

from django.contrib import admin

from hearth.connections.models import Block, Connection, Mute


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin[Connection]):
    list_display = ("user_low", "user_high", "requested_by", "status", "created_at", "accepted_at")
    list_filter = ("status",)
    search_fields = ("user_low__handle", "user_high__handle")
    raw_id_fields = ("user_low", "user_high", "requested_by")


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin[Block]):
    list_display = ("blocker", "blocked", "created_at")
    search_fields = ("blocker__handle", "blocked__handle")
    raw_id_fields = ("blocker", "blocked")


@admin.register(Mute)
class MuteAdmin(admin.ModelAdmin[Mute]):
    list_display = ("muter", "muted", "created_at")
    search_fields = ("muter__handle", "muted__handle")
    raw_id_fields = ("muter", "muted")
