"""Conversations in the admin. Messages are private: the admin lists who wrote when, and shows a
message's text only when opened (for example from a report)."""

from django.contrib import admin

from hearth.conversations.models import Conversation, ConversationMember, DirectMessage


class ConversationMemberInline(admin.TabularInline[ConversationMember, Conversation]):
    model = ConversationMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin[Conversation]):
    list_display = ("pk", "user_low", "user_high", "created_at", "last_message_at")
    search_fields = ("user_low__handle", "user_high__handle")
    raw_id_fields = ("user_low", "user_high")
    inlines = (ConversationMemberInline,)


@admin.register(DirectMessage)
class DirectMessageAdmin(admin.ModelAdmin[DirectMessage]):
    list_display = ("pk", "conversation", "sender", "created_at")
    search_fields = ("sender__handle",)
    raw_id_fields = ("conversation", "sender")
    readonly_fields = ("html", "renderer_version", "client_id")
