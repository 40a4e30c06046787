"""seed_demo: realistic demo content. Idempotent: running it twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from hearth.demo.chats import seed_chats
from hearth.demo.communities import seed_communities
from hearth.demo.evidence import seed_library, seed_professionals, seed_proposal
from hearth.demo.moderation import seed_moderation
from hearth.demo.personas import DEMO_PASSWORD
from hearth.demo.profiles import seed_connections, seed_profiles
from hearth.demo.seed import seed_members
from hearth.demo.tracking import seed_tracking
from hearth.demo.treatments import seed_treatment_reports
from hearth.lib.ratelimit import posting_limits_lifted


class Command(BaseCommand):
    help = (
        "Create the demo members, communities, threads, replies, reactions, live chats, profiles, tracking, "
        "a moderation queue, treatment reports, "
        "verified professionals and an evidence library."
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
            professionals = seed_professionals(by_handle)
            entries = seed_library(by_handle)  # before moderation: a "Disputed" label links to it
            proposals = seed_proposal(by_handle)
            moderated = seed_moderation(by_handle)
            reports = seed_treatment_reports(by_handle)
        self.stdout.write(f"Demo members ready: {', '.join(m.handle for m in members)} (password {DEMO_PASSWORD}).")
        self.stdout.write(f"Demo communities created: {len(communities)}.")
        self.stdout.write(f"Demo chat series created: {len(chats)}.")
        self.stdout.write(f"Demo profiles filled in: {profiles}; connections made: {connections}.")
        self.stdout.write(f"Demo check-ins added: {check_ins}.")
        self.stdout.write(f"Demo posts for Ravi's moderation queue: {moderated}.")
        self.stdout.write(f"Demo treatment reports added: {reports}.")
        self.stdout.write(
            f"Demo professionals verified or waiting: {professionals}; evidence library entries added: {entries}; "
            f"treatment proposals waiting: {proposals}."
        )
