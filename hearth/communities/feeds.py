"""An Atom feed per public community: its public threads' opening posts, newest first."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from hearth.communities.models import Community, Status, Visibility
from hearth.discussions.models import Post
from hearth.lib.markdown import excerpt

FEED_ITEMS = 30

# XML 1.0 has no place for these; one typed into a post or a title must not break the feed.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_IN_XML.sub("", text)


class CommunityFeed(Feed[Post, Community]):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Community:
        # Feeds are read by programs without a session: only public content, whoever asks.
        community = Community.objects.filter(slug=slug, visibility=Visibility.PUBLIC, status=Status.ACTIVE).first()
        if community is None:
            raise Http404
        return community

    def title(self, obj: Community) -> str:
        return _xml_text(f"{obj.name} · Hearth")

    def link(self, obj: Community) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj: Community) -> str:
        return _xml_text(excerpt(obj.description, 300))

    def items(self, obj: Community) -> list[Post]:
        return list(
            # As a visitor reads them: without posts moderators hid or that wait for their approval.
            Post.objects.visible_to(AnonymousUser())
            .filter(
                community=obj,
                is_first=True,
                members_only=False,
                deleted_at__isnull=True,
                thread__deleted_at__isnull=True,
                thread__members_only=False,
            )
            .select_related("thread", "author", "community")
            .order_by("-created_at")[:FEED_ITEMS]
        )

    def item_title(self, item: Post) -> str:
        return _xml_text(item.thread.title)  # Atom's title is text: readers show markup as typed

    def item_description(self, item: Post) -> str:
        # Django writes this as <summary type="html">, so a reader takes it for HTML: the plain text
        # is escaped, or markup a member typed as text ("<script>…") would come alive in the reader.
        if item.content_warning:
            return escape(_xml_text(f"Content warning: {item.content_warning}"))
        return escape(_xml_text(excerpt(item.plain_text, 500)))

    def item_link(self, item: Post) -> str:
        return item.thread.get_absolute_url()

    def item_author_name(self, item: Post) -> str:
        if item.is_anonymous or item.author is None:
            return "Anonymous member" if item.is_anonymous else "Former member"
        return item.author.handle

    def item_pubdate(self, item: Post) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Post) -> dt.datetime:
        return item.edited_at or item.created_at
