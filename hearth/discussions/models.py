"""Threads, posts, their edit history, reactions and tags.

Lists are built only through `visible_to(user)`, which applies the communities' access policy:
content of closed and private communities exists only for their members, and a post marked
"members only" in a public community only for its members.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from hearth.communities.models import Community, Membership


def _member_of(user: Any) -> Q:
    return Q(community__in=Membership.objects.filter(user=user).values("community_id"))


def _visible(user: Any, *, deleted_field: str | None) -> Q:
    readable = Q(community__in=Community.objects.readable_by(user).values("pk"))
    if getattr(user, "is_authenticated", False) and user.is_staff:
        condition = Q()
    elif getattr(user, "is_authenticated", False):
        condition = readable & (Q(members_only=False) | _member_of(user))
    else:
        condition = readable & Q(members_only=False)
    if deleted_field:
        condition &= Q(**{f"{deleted_field}__isnull": True})
    return condition


class ThreadQuerySet(models.QuerySet["Thread"]):
    def visible_to(self, user: Any) -> ThreadQuerySet:
        """Threads the viewer may list: a thread held for approval only for its author (moderators
        find it in their queue)."""
        shown = Q(is_held=False)
        if getattr(user, "is_authenticated", False):
            shown |= Q(author_id=user.pk)
        return self.filter(_visible(user, deleted_field="deleted_at") & shown)


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, user: Any) -> PostQuerySet:
        """Posts the viewer may read in lists, feeds and search: deleted ones left out, and those
        moderators hid or a safeguard holds (but for their author, who is told why; moderators see
        them in the queue)."""
        condition = _visible(user, deleted_field="deleted_at") & Q(thread__deleted_at__isnull=True)
        shown = Q(~Exists(_hidden_posts()))
        if getattr(user, "is_authenticated", False):
            shown |= Q(author_id=user.pk)
        return self.filter(condition & shown)


# Measures (hearth.moderation.models.Measure) that keep a post from everyone but its author and
# moderators while they stand. By name: moderation builds on discussions, not the other way round.
_HIDING_KINDS = ("hide", "hold")


def hidden_post_ids(post_ids: list[int]) -> set[int]:
    """Which of these posts moderators hid, or a safeguard holds for approval."""
    from django.apps import apps

    measure = apps.get_model("moderation", "Measure")
    found = measure.objects.filter(
        target_type="post", target_id__in=post_ids, kind__in=_HIDING_KINDS, lifted_at__isnull=True
    )
    return {pk for pk in found.values_list("target_id", flat=True) if pk is not None}


def _hidden_posts() -> models.QuerySet[Any]:
    from django.apps import apps

    measure = apps.get_model("moderation", "Measure")
    found: models.QuerySet[Any] = measure.objects.filter(
        target_type="post", target_id=OuterRef("pk"), kind__in=_HIDING_KINDS, lifted_at__isnull=True
    )
    return found


class Thread(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    is_anonymous = models.BooleanField(default=False)
    members_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Moderation: a locked thread takes no more replies (but from moderators); in slow mode each
    # member may reply once every `slow_mode_seconds`; a held thread (its first post waits for
    # approval) is seen only by its author and moderators.
    locked_at = models.DateTimeField(null=True, blank=True)
    slow_mode_seconds = models.PositiveIntegerField(default=0)
    is_held = models.BooleanField(default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-last_post_at"]
        indexes: ClassVar = [
            models.Index(fields=["community", "-last_post_at"]),
            models.Index(fields=["community", "reply_count", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("thread_detail", args=[self.community.slug, self.pk])

    @property
    def is_unanswered(self) -> bool:
        return self.reply_count == 0


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    # Copied from the thread so that access filters and search need no join through it.
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts")
    is_first = models.BooleanField(default=False)
    is_anonymous = models.BooleanField(default=False)
    members_only = models.BooleanField(default=False)
    content_warning = models.CharField(max_length=200, blank=True)
    source = models.TextField()
    html = models.TextField()
    plain_text = models.TextField(blank=True)
    renderer_version = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        indexes: ClassVar = [
            models.Index(fields=["thread", "created_at"]),
            models.Index(fields=["community", "-created_at"]),
            models.Index(fields=["author", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        """The post's own address, which leads to the page of its thread that shows it."""
        return reverse("post_link", args=[self.pk])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class PostRevision(models.Model):
    """What a post said before an edit; shown to moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    source = models.TextField()
    content_warning = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id}"


class ReactionKind(models.TextChoices):
    ME_TOO = "me_too", "Me too"
    HUG = "hug", "Hug"
    HELPFUL = "helpful", "Helpful"
    THANKS = "thanks", "Thanks"
    DISAGREE = "disagree", "Respectfully disagree"


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="discussions_reaction_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.post_id}"


class PostTag(models.Model):
    """A #tag used in a post (lower-cased), for tag pages and following tags."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(max_length=50)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["post", "tag"], name="discussions_posttag_unique")]
        indexes: ClassVar = [models.Index(fields=["tag", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.tag}"
