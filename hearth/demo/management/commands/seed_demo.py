"""seed_demo: realistic demo content. Idempotent: running it twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from hearth.demo.personas import DEMO_PASSWORD
from hearth.demo.seed import seed_members


class Command(BaseCommand):
    help = "Create the demo members (and, as Hearth grows, their communities, threads and chats)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            members = seed_members()
        self.stdout.write(f"Demo members ready: {', '.join(m.handle for m in members)} (password {DEMO_PASSWORD}).")
