"""Communities and who belongs to them.

Who may see or do what is decided in access.py; the querysets here take the viewer so that a list
cannot be built without the policy (`Community.objects.visible_to(user)`).
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hearth.conditions.models import Condition
from hearth.search.terms import Terms, words


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: anyone can read, members post"
    CLOSED = "closed", "Closed: listed, but only members read; joining needs approval"
    PRIVATE = "private", "Private: unlisted, by invitation only"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    PENDING = "pending", "Waiting for approval"
    DECLINED = "declined", "Not approved"


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    MODERATOR = "moderator", "Moderator"
    FOUNDER = "founder", "Founder"


def folded_for_search(name: str, description: str) -> tuple[str, str]:
    """The name, and the name with the description, as finding a community reads them: their
    words folded as search folds them (no case, no accents), joined by spaces."""
    name_words = " ".join(words(name))
    return name_words, " ".join([name_words, *words(description)]).strip()


def holding_words(terms: Terms | None, *, in_name: bool = False) -> Q:
    """Communities whose words (only those of the name, with `in_name`) contain every word of a
    query (`hearth.search.terms.parse`), as part of a word ("lup" finds "Lupus"); none for a
    query without words.

    Matched in the folded copies (`search_name`, `search_text`), because the databases fold
    differently: SQLite's LIKE folds only ASCII letters, and neither folds accents.
    """
    if terms is None:
        return Q(pk__in=[])
    lookup = "search_name__contains" if in_name else "search_text__contains"
    return reduce(operator.and_, (Q(**{lookup: word}) for word in terms.words))


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


class CommunityQuerySet(models.QuerySet["Community"]):
    def visible_to(self, user: Any) -> CommunityQuerySet:
        """Communities whose existence the viewer may know of: public and closed ones, and
        private ones they belong to. Pending ones only to their creator."""
        if _is_admin(user):
            return self
        active = Q(status=Status.ACTIVE)
        listed = active & Q(visibility__in=[Visibility.PUBLIC, Visibility.CLOSED])
        if not getattr(user, "is_authenticated", False):
            return self.filter(listed)
        member = Q(pk__in=Membership.objects.filter(user=user).values("community_id"))
        return self.filter(listed | (active & member) | Q(created_by=user))

    def readable_by(self, user: Any) -> CommunityQuerySet:
        """Communities whose content the viewer may read: public ones, and those they belong to."""
        if _is_admin(user):
            return self
        public = Q(status=Status.ACTIVE, visibility=Visibility.PUBLIC)
        if not getattr(user, "is_authenticated", False):
            return self.filter(public)
        member = Q(status=Status.ACTIVE, pk__in=Membership.objects.filter(user=user).values("community_id"))
        return self.filter(public | member)


class Community(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(max_length=5000)
    description_html = models.TextField(blank=True)
    rules = models.TextField(max_length=10000, blank=True, help_text="The code of conduct, shown on joining.")
    rules_html = models.TextField(blank=True)
    renderer_version = models.PositiveSmallIntegerField(default=0)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="subcommunities")
    conditions = models.ManyToManyField(Condition, blank=True, related_name="communities")
    anonymous_posting = models.BooleanField(
        default=False, help_text="Members may post as “Anonymous member” (public communities only)."
    )
    wellbeing_checks = models.BooleanField(
        "well-being checks",
        default=True,
        help_text="When a post or chat message here speaks of a crisis, moderators get a quiet check in their queue.",
    )
    hold_first_posts = models.BooleanField(
        "hold new members' first posts",
        default=False,
        help_text="A new member's first post here waits for a moderator's approval before others see it.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    member_count = models.PositiveIntegerField(default=0)
    thread_count = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    # The words of the name, and of the name and description, folded (`folded_for_search`); kept
    # by the actions that write the name and description, and matched by `holding_words`.
    search_name = models.TextField(blank=True, default="", editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community_detail", args=[self.slug])

    def fold_for_search(self) -> None:
        """Bring `search_name` and `search_text` up to date with the name and description."""
        self.search_name, self.search_text = folded_for_search(self.name, self.description)

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def visibility_label(self) -> str:
        return str(self.visibility).capitalize()


class Membership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    # Moderators muted the member here: they read, but may not post, react or chat until then.
    muted_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["community", "user"], name="communities_membership_unique")
        ]
        indexes: ClassVar = [
            models.Index(fields=["user", "community"]),
            # The founders and moderators a community page lists, among tens of thousands of members.
            models.Index(fields=["community", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.role})"

    @property
    def can_moderate(self) -> bool:
        return self.role in {Role.MODERATOR, Role.FOUNDER}


class EntryQuestion(models.Model):
    """A question a closed community asks people who ask to join; moderators read the answers."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="entry_questions")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"answer-{self.pk}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class JoinRequest(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    answers = models.JSONField(default=list, blank=True, help_text="[{question, answer}], as asked at the time")
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status="pending"),
                name="communities_joinrequest_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.community} ({self.status})"


class Invite(models.Model):
    """An invitation link to a community; only a digest of its secret is stored."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invites")
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=100, blank=True, help_text="Who it is for, for the moderators' memory.")

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"Invite to {self.community} ({self.note or self.pk})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
