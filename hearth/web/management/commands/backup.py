"""backup: write a consistent copy of the database (SQLite or PostgreSQL) to a new file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.lib import backups


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database while Hearth runs: SQLite with VACUUM INTO, PostgreSQL "
        "with pg_dump --format=custom. Prints the file written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="A directory (a timestamped file is made in it) or a new file. Default: var/backups/.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            connection = backups.database()
            path = backups.backup_path(options["output"], connection, Path(settings.VAR_DIR) / "backups")
            backups.backup(connection, path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(path))
