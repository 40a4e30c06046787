"""seed_demo: realistic demo content. Idempotent: running it twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from hearth.demo.chats import seed_chats
from hearth.demo.communities import seed_communities
from hearth.demo.moderation import seed_moderation
from hearth.demo.personas import DEMO_PASSWORD
from hearth.demo.profiles import seed_connections, seed_profiles
from hearth.demo.seed import seed_members
from hearth.demo.tracking import seed_tracking
from hearth.lib.ratelimit import posting_limits_lifted


class Command(BaseCommand):
    help = (
        "Create the demo members, communities, threads, replies, reactions, live chats, profiles, tracking "
        "and a moderation queue."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic(), posting_limits_lifted():
            members = seed_members()
            by_handle = {member.handle: member for member in members}
            communities = seed_communities(by_handle)
            chats = seed_chats(by_handle)
            profiles = seed_profiles(by_handle)
            connections = seed_connections(by_handle)
            check_ins = seed_tracking(by_handle)
            moderated = seed_moderation(by_handle)
        self.stdout.write(f"Demo members ready: {', '.join(m.handle for m in members)} (password {DEMO_PASSWORD}).")
        self.stdout.write(f"Demo communities created: {len(communities)}.")
        self.stdout.write(f"Demo chat series created: {len(chats)}.")
        self.stdout.write(f"Demo profiles filled in: {profiles}; connections made: {connections}.")
        self.stdout.write(f"Demo check-ins added: {check_ins}.")
        self.stdout.write(f"Demo posts for Ravi's moderation queue: {moderated}.")
