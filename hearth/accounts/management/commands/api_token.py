"""api_token HANDLE: print a new personal access token for that member."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hearth.accounts.actions import do_create_access_token
from hearth.accounts.models import User


class Command(BaseCommand):
    help = "Print a new personal access token for a member."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("handle")
        parser.add_argument("--name", default="", help="What the token is for (default: a dated name).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.named(options["handle"]).first()
        if user is None:
            raise CommandError(f"No member has the handle {options['handle']!r}.")
        name = options["name"] or f"command line {timezone.now():%Y-%m-%d %H:%M:%S.%f}"
        try:
            created = do_create_access_token(user, name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(created.secret)
