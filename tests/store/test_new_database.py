"""A new database is a copy of the template (store/new_database.py): the same file the
migrations build, with its own device id, made without loading Alembic."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.store import new_database
from studyapp.store.db import Database, _migrate
from studyapp.store.uid import uid_millis

REMAKE = "the template is stale: run `.venv/bin/python tools/make_new_database.py`"


def contents(path: Path) -> dict[str, object]:
    connection = sqlite3.connect(path)
    try:
        pragmas = {
            name: connection.execute(f"PRAGMA {name}").fetchone()[0]
            for name in (
                "user_version",
                "application_id",
                "page_size",
                "auto_vacuum",
                "journal_mode",
            )
        }
        return {
            "schema": sorted(
                connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
            ),
            "alembic": connection.execute("SELECT * FROM alembic_version").fetchall(),
            "settings": dict(connection.execute("SELECT key, value FROM setting")),
            "rows": {
                table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for (table,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
                )
            },
            **pragmas,
        }
    finally:
        connection.close()


def test_the_template_is_what_the_migrations_build(tmp_path: Path) -> None:
    assert new_database.template_fits(), REMAKE
    migrated = tmp_path / "migrated.sqlite3"
    _migrate(migrated, None)
    copied = tmp_path / "data" / "studyapp.sqlite3"
    Database.open(copied).close()
    made, expected = contents(copied), contents(migrated)
    own_ids = (made["settings"].pop("device_id"), expected["settings"].pop("device_id"))  # type: ignore[union-attr]
    assert made == expected, REMAKE
    assert own_ids[0] != own_ids[1]
    assert uid_millis(own_ids[0]) > 0  # a fresh UUIDv7 each


def test_each_new_database_gets_its_own_device_id(tmp_path: Path) -> None:
    ids = set()
    for name in ("a", "b"):
        path = tmp_path / name / "studyapp.sqlite3"
        Database.open(path).close()
        assert sorted(p.name for p in path.parent.iterdir()) == ["studyapp.sqlite3"]
        ids.add(contents(path)["settings"]["device_id"])  # type: ignore[index]
    assert len(ids) == 2
    assert "" not in ids


def test_a_new_database_never_loads_alembic(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from studyapp.store.db import Database; "
        f"Database.open(Path({str(tmp_path / 'studyapp.sqlite3')!r})).close(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_without_a_fitting_template_a_new_database_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revision added without remaking the template (its user_version is older) never
    gives an old schema: the new file is migrated, as before there was a template."""
    stale = tmp_path / "stale.sqlite3"
    stale.write_bytes(new_database.TEMPLATE.read_bytes())
    connection = sqlite3.connect(stale)
    connection.execute("PRAGMA user_version = 1")
    connection.close()
    monkeypatch.setattr(new_database, "TEMPLATE", stale)
    assert not new_database.template_fits()
    path = tmp_path / "data" / "studyapp.sqlite3"
    Database.open(path).close()
    migrated = tmp_path / "migrated.sqlite3"
    _migrate(migrated, None)
    made, expected = contents(path), contents(migrated)
    assert made["user_version"] == expected["user_version"]
    assert made["schema"] == expected["schema"]
