"""create_member --handle H --email E --password P: a member with a verified email address."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.accounts.actions import do_create_member


class Command(BaseCommand):
    help = "Create a member whose email address is already verified."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--handle", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--display-name", default="")
        parser.add_argument("--staff", action="store_true", help="Also a site administrator.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = do_create_member(
                handle=options["handle"],
                email=options["email"],
                password=options["password"],
                display_name=options["display_name"],
                is_staff=options["staff"],
                is_superuser=options["staff"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created member {user.handle}.")
