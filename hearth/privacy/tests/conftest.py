"""Maya's world for the privacy tests: a breast cancer community she belongs to, a thread by
Tiffany, Maya's reply and reaction, and a profile with a condition."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.communities.models import Community
from hearth.communities.tests.factories import make_community
from hearth.conditions.models import Condition
from hearth.discussions.actions import do_react
from hearth.discussions.models import Post, Thread
from hearth.profiles.models import Profile, ProfileCondition
from hearth.search.tests.factories import first_post, make_reply, make_thread

Capture = Callable[..., Any]


@dataclass(frozen=True)
class World:
    community: Community
    thread: Thread
    reply: Post


@pytest.fixture
def world(maya: User, tiffany: User) -> World:
    community = make_community(tiffany, "Breast cancer circle", members=[maya])
    thread = make_thread(tiffany, community, "Questions before surgery", "What should I ask my surgeon?")
    reply = make_reply(maya, thread, "Ask about drains, they surprised me.")
    do_react(maya, first_post(thread), "hug")
    profile = Profile.objects.create(user=maya, bio="New here, lurking.")
    ProfileCondition.objects.create(
        profile=profile, condition=Condition.objects.get(slug="breast-cancer"), diagnosed_year=2025
    )
    return World(community, thread, reply)


@pytest.fixture
def ravi_client(ravi: User) -> Client:
    client = Client()
    client.force_login(ravi)
    return client


@pytest.fixture
def admin_client(site_admin: User) -> Client:
    client = Client()
    client.force_login(site_admin)
    return client


def unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: archive.read(name).decode("utf-8", errors="replace")
            for name in archive.namelist()
            if not name.endswith((".webp", ".png", ".jpeg"))
        }
