"""restore: replace the database's contents with a backup made by `backup`, after checking it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.lib import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the configured database with a backup made by `backup` (checked first: "
        "SQLite's integrity check, or pg_restore --list). Stop Hearth before restoring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="The file written by `manage.py backup`.")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="Do not ask to confirm."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["backup"]
        try:
            connection = backups.database()
            backups.check_backup(path, connection)
            target = backups.describe(connection)
            if options["interactive"]:
                answer = input(f"This replaces everything in {target} with {path}. Type 'yes' to go on: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Nothing was restored.")
            backups.restore(path, connection)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {path} into {target}. Run `manage.py migrate` if the backup is older than Hearth.")
