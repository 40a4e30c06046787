"""Ravi's type 1 diabetes community, where Omar posted dubious advice that Maya reports, and
Tiffany's lupus community next door, where Ravi is nobody and Tiffany moderates."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.discussions.actions import PostInput, do_create_thread, do_reply
from hearth.discussions.models import Post


@dataclass(frozen=True)
class Diabetes:
    community: Community
    lupus: Community
    founder: User
    omar: User  # a member who posts
    post: Post  # Omar's reply: "Stop your insulin, cinnamon works"


@pytest.fixture
def diabetes(maya: User, ravi: User, tiffany: User) -> Diabetes:
    founder = UserFactory.create(handle="priya")
    omar = UserFactory.create(handle="omar")
    community = make_community(founder, "Type 1 together", visibility="closed", members=[maya, omar], moderators=[ravi])
    lupus = make_community(tiffany, "Living with lupus")
    thread = do_create_thread(founder, community, "Cinnamon and blood sugar", PostInput(source="Does it help?"))
    post = do_reply(omar, thread, PostInput(source="Stop your insulin, cinnamon works."))
    return Diabetes(community, lupus, founder, omar, post)


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
