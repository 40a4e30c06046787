"""`backup` and `restore`: a backup brings the data back after it changed, a restore into an empty
database works, and nonsense is refused with a message, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.lib import backups
from tests import services

ROOT = Path(__file__).resolve().parents[3]
VENDOR = connection.vendor
OTHER_KIND = {"sqlite": b"PGDMP\x01\x0e\x00", "postgresql": b"SQLite format 3\x00"}


def run_backup(*args: str) -> Path:
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    return Path(out.getvalue().strip())


@pytest.mark.django_db(transaction=True)  # VACUUM INTO and pg_dump see only committed data
def test_a_restore_brings_back_what_was_there_at_the_backup(tmp_path: Path) -> None:
    UserFactory.create(handle="maya_r", display_name="Maya")
    path = run_backup("--output", str(tmp_path))
    User.objects.filter(handle="maya_r").update(display_name="Changed after the backup")
    UserFactory.create(handle="tiffany")

    call_command("restore", str(path), interactive=False, stdout=io.StringIO())

    assert path.parent == tmp_path
    assert path.name.startswith("hearth-")
    assert list(User.objects.values_list("handle", "display_name")) == [("maya_r", "Maya")]


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database(tmp_path: Path) -> None:
    """The disaster case: a new machine, an empty database, yesterday's backup."""
    UserFactory.create(handle="sam_cares")
    path = run_backup("--output", str(tmp_path / "nightly.backup"))
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    environ["HEARTH_VAR_DIR"] = str(tmp_path / "new-machine")

    if VENDOR == "postgresql":
        with services.throwaway_database(services.postgres(), "restore") as url:
            _restore_in_a_new_process(path, environ | {"DATABASE_URL": url})
            with psycopg.connect(url) as restored:
                handles = restored.execute("SELECT handle FROM accounts_user").fetchall()
    else:
        _restore_in_a_new_process(path, environ | {"DATABASE_URL": ""})
        with sqlite3.connect(tmp_path / "new-machine" / "hearth.sqlite3") as restored:
            handles = restored.execute("SELECT handle FROM accounts_user").fetchall()

    assert handles == [("sam_cares",)]


def _restore_in_a_new_process(path: Path, environ: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(path), "--no-input"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout


# --- Refusals ---------------------------------------------------------------------------------


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "keep.sqlite3"
    existing.write_text("precious")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--output", str(existing))

    assert existing.read_text() == "precious"


def test_a_backup_into_a_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", "--output", str(tmp_path / "no" / "such" / "place.dump"))


def test_restore_needs_a_backup_to_restore() -> None:
    with pytest.raises(CommandError, match="required: backup"):
        call_command("restore")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "is not a file"),
        (b"hello, this is a shopping list", "is not a backup"),
        (OTHER_KIND[VENDOR], f"backup, but the .* is {VENDOR}"),
    ],
)
def test_restore_refuses_what_is_not_a_backup_for_this_database(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "backup"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), interactive=False)


@pytest.mark.skipif(VENDOR != "sqlite", reason="SQLite files are checked by SQLite")
def test_restore_refuses_a_damaged_or_foreign_sqlite_file(tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as other:
        other.execute("CREATE TABLE recipes (name TEXT)")
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(foreign.read_bytes()[:100] + b"\xff" * 4000)

    with pytest.raises(CommandError, match="not one of Hearth's"):
        call_command("restore", str(foreign), interactive=False)
    with pytest.raises(CommandError, match=r"damaged|cannot be read"):
        call_command("restore", str(damaged), interactive=False)


@pytest.mark.skipif(VENDOR != "postgresql", reason="pg_restore checks PostgreSQL archives")
def test_restore_refuses_a_truncated_archive(tmp_path: Path) -> None:
    path = tmp_path / "truncated.dump"
    path.write_bytes(b"PGDMP" + b"\x00" * 20)

    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("restore", str(path), interactive=False)


@pytest.mark.django_db(transaction=True)
def test_restore_asks_first_and_stops_unless_told_yes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = run_backup("--output", str(tmp_path))
    UserFactory.create(handle="ravi")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(path))

    assert User.objects.filter(handle="ravi").exists()


def test_without_postgresql_tools_the_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hearth.lib.backups.shutil.which", lambda tool: None)

    with pytest.raises(backups.BackupError, match=r"pg_dump was not found\. Install PostgreSQL's client tools"):
        backups._run("pg_dump", ["--version"], connection)
