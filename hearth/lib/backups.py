"""Consistent copies of the database, and putting one back: SQLite through `VACUUM INTO` and its
online backup API, PostgreSQL through `pg_dump --format=custom` and `pg_restore`.

Used by the `backup` and `restore` commands; docs/deploy.md says how to run them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient

Kind = Literal["sqlite", "postgresql"]
_MAGIC: dict[bytes, Kind] = {b"SQLite format 3\x00": "sqlite", b"PGDMP": "postgresql"}
_SUFFIX: dict[str, str] = {"sqlite": ".sqlite3", "postgresql": ".dump"}
TOOL_TIMEOUT = 6 * 3600


class BackupError(Exception):
    """What went wrong, in words for the person running the command."""


def database(alias: str = "default") -> BaseDatabaseWrapper:
    connection = connections[alias]
    if connection.vendor not in _SUFFIX:
        raise BackupError(f"Backups cover SQLite and PostgreSQL, not {connection.vendor}.")
    return connection


def describe(connection: BaseDatabaseWrapper) -> str:
    """The database as a person would name it, without its password."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"the SQLite database {settings['NAME']}"
    return f"the PostgreSQL database {settings['NAME']} on {settings.get('HOST') or 'localhost'}"


def backup_path(target: Path | None, connection: BaseDatabaseWrapper, default_directory: Path) -> Path:
    """Where a new backup goes: a timestamped file in a directory, or the file named; never over
    an existing file."""
    directory = default_directory if target is None else target
    if target is None:
        directory.mkdir(parents=True, exist_ok=True)
    if directory.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = directory / f"hearth-{stamp}{_SUFFIX[connection.vendor]}"
    else:
        path = directory
        if not path.parent.is_dir():
            raise BackupError(f"The directory {path.parent} does not exist.")
    if path.exists():
        raise BackupError(f"{path} already exists; a backup never overwrites a file.")
    return path


def backup(connection: BaseDatabaseWrapper, path: Path) -> None:
    """Write a consistent copy of the database to `path` (via a temporary name, so that a file
    with the final name is always complete)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if connection.vendor == "sqlite":
            # A read transaction: writers carry on meanwhile, and the copy is of one moment.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(partial)])
        else:
            _run("pg_dump", ["--format=custom", f"--file={partial}"], connection)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)


def kind_of(path: Path) -> Kind | None:
    with path.open("rb") as file:
        head = file.read(16)
    return next((kind for magic, kind in _MAGIC.items() if head.startswith(magic)), None)


def check_backup(path: Path, connection: BaseDatabaseWrapper) -> None:
    """Refuse anything but a sound backup of Hearth for this kind of database."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    kind = kind_of(path)
    if kind is None:
        raise BackupError(f"{path} is not a backup: neither a SQLite database nor a pg_dump archive.")
    if kind != connection.vendor:
        raise BackupError(f"{path} is a {kind} backup, but {describe(connection)} is {connection.vendor}.")
    if kind == "sqlite":
        _check_sqlite(path)
    else:
        _run("pg_restore", ["--list", str(path)], connection)


def _check_sqlite(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as backup_db:
            (verdict,) = backup_db.execute("PRAGMA integrity_check").fetchone()
            hearth = backup_db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}.") from None
    if verdict != "ok":
        raise BackupError(f"{path} is damaged (integrity check: {verdict}).")
    if not hearth:
        raise BackupError(f"{path} is a SQLite database, but not one of Hearth's.")


def restore(path: Path, connection: BaseDatabaseWrapper) -> None:
    """Replace the database's contents with the backup at `path` (checked first)."""
    check_backup(path, connection)
    if connection.vendor == "sqlite":
        # SQLite's backup API copies page by page under the database's own locks, so processes
        # that have it open see the restored data, and the WAL stays consistent; copying the
        # file over a database in use could corrupt it.
        connection.ensure_connection()
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as backup_db:
            backup_db.backup(connection.connection)
    else:
        connection.close()  # holds no lock that pg_restore would wait for
        # One transaction: a restore that fails half-way leaves the database as it was.
        options = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        _run(
            "pg_restore",
            [*options, "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(path)],
            connection,
        )


def _run(tool: str, arguments: list[str], connection: BaseDatabaseWrapper) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(
            f"{tool} was not found. Install PostgreSQL's client tools (the same major version as the server)."
        )
    settings = connection.settings_dict
    _, environ = DatabaseClient.settings_to_cmd_args_env(settings, [])
    server = {"PGHOST": settings.get("HOST"), "PGPORT": settings.get("PORT"), "PGUSER": settings.get("USER")}
    server["PGDATABASE"] = settings.get("NAME")
    server["PGCONNECT_TIMEOUT"] = settings["OPTIONS"].get("connect_timeout")
    environ = {**os.environ, **(environ or {}), **{name: str(value) for name, value in server.items() if value}}
    result = subprocess.run(  # noqa: S603  (a fixed tool and arguments built here, no shell)
        [executable, *arguments], env=environ, capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False
    )
    if result.returncode != 0:
        message = (
            result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit status {result.returncode}"
        )
        raise BackupError(f"{tool} failed: {message}")
